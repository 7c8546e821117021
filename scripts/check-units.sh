#!/usr/bin/env bash
# Checks the systemd units in Deploy/systemd: `systemd-analyze verify` must print nothing,
# `security --offline=true` must score each service at 1.2 or lower, and every timer's
# OnCalendar= must parse, and every service must set its resource limits. ExecStart points at a built binary (verify needs it to exist).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(pwd)/.build/debug/tightrope}
[ -x "$bin" ] || { echo "check-units: no binary at $bin (build first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp Deploy/systemd/* "$work/"
sed -i "s|/usr/local/bin/tightrope|$bin|" "$work"/*.service
cd "$work"
status=0
out=$(systemd-analyze verify ./*.service ./*.timer 2>&1 || true)
if [ -n "$out" ]; then
    echo "check-units: systemd-analyze verify complained:" >&2
    echo "$out" >&2
    status=1
fi
for unit in ./*.service; do
    line=$(systemd-analyze security --offline=true "$unit" 2>&1 | grep -i "overall exposure level" || true)
    score=$(echo "$line" | grep -oE '[0-9]+\.[0-9]+' | head -1)
    if [ -z "$score" ] || awk "BEGIN {exit !($score > 1.2)}"; then
        echo "check-units: $(basename "$unit") exposure ${score:-unknown} (must be 1.2 or lower)" >&2
        status=1
    else
        echo "check-units: $(basename "$unit") exposure $score"
    fi
done
# Every service is contained: memory, tasks, files and a runtime limit (issue #16).
for unit in ./*.service; do
    for key in MemoryMax= TasksMax= LimitNOFILE= TimeoutStartSec= MemorySwapMax=0; do
        if ! grep -q "^$key" "$unit"; then
            echo "check-units: $(basename "$unit") has no $key" >&2
            status=1
        fi
    done
done
for timer in ./*.timer; do
    while IFS= read -r expr; do
        if ! systemd-analyze calendar "$expr" >/dev/null 2>&1; then
            echo "check-units: $(basename "$timer"): OnCalendar=$expr does not parse" >&2
            status=1
        else
            echo "check-units: $(basename "$timer") OnCalendar=$expr next: $(systemd-analyze calendar "$expr" | sed -n 's/.*Next elapse: //p')"
        fi
    done < <(sed -n 's/^OnCalendar=//p' "$timer")
done
exit $status
