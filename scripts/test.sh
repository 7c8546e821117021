#!/usr/bin/env bash
# Installs everything the tests need, starts the private Postfix + Dovecot on loopback,
# runs every test, and stops the servers again (also on failure). `.ci/run` calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages libcurl4-openssl-dev libsqlite3-dev python3 pkg-config systemd chromium fonts-dejavu-core fonts-ipafont-gothic
swift build --build-tests
bash scripts/check-units.sh "$(pwd)/.build/debug/tightrope"
trap 'bash scripts/mailstack.sh stop' EXIT
bash scripts/mailstack.sh start
set -a
. <(bash scripts/mailstack.sh env)
set +a
swift test --skip-build
