#!/usr/bin/env bash
# The project's whole test run, on a fresh Debian machine: installs what the tests need
# (Debian and PyPI packages), builds, runs `swift test` and the differential suite against Helm v4.
# Servers the tests need (containerd, docker-registry) are started and stopped by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
install_prerequisites

swift build --build-tests 2>&1 | tail -n 20
swift test --skip-build

# Extra suites (each prints 'N passed, N failed' and exits non-zero on failure).
for suite in scripts/suites/*.sh; do
    [ -e "$suite" ] || continue
    echo "== $suite"
    bash "$suite"
done
