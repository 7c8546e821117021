#!/usr/bin/env bash
# Removes what Deploy/install.sh installed. Configuration, credentials and the database
# stay unless --purge is given.
set -euo pipefail
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
purge=no
[ "${1:-}" = "--purge" ] && purge=yes
if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
    systemctl disable --now tightrope-send.timer tightrope-poll.timer tightrope-digest.timer 2>/dev/null || true
fi
rm -f "$DESTDIR$PREFIX/bin/tightrope"
rm -rf "$DESTDIR$PREFIX/share/tightrope"
rm -f "$DESTDIR"/etc/systemd/system/tightrope-*.service "$DESTDIR"/etc/systemd/system/tightrope-*.timer \
      "$DESTDIR"/etc/systemd/system/tightrope-failure@.service
if [ "$purge" = yes ]; then
    rm -rf "$DESTDIR/etc/tightrope" "$DESTDIR/var/lib/tightrope" "$DESTDIR/var/lib/private/tightrope"
    echo "Tightrope removed, with its configuration, credentials and data."
else
    echo "Tightrope removed. Kept: /etc/tightrope (configuration, credentials) and /var/lib/tightrope (data); --purge removes them."
fi
if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
