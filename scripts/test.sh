#!/usr/bin/env bash
# Installs everything the tests need and runs every test. `.ci/run` calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_packages libcurl4-openssl-dev libsqlite3-dev python3 pkg-config
swift build --build-tests
swift test --skip-build
