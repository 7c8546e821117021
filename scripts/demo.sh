#!/usr/bin/env bash
# Runs `tightrope demo`: five weeks of the weekly loop on embedded defaults (a temporary
# SQLite file, the file transport into a Maildir), no config and no network needed.
# Installs the one build dependency (libcurl's headers) first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages libcurl4-openssl-dev libsqlite3-dev
swift build --product tightrope
exec .build/debug/tightrope demo "$@"
