#!/usr/bin/env bash
# Differential suite: `spegelctl template` vs Helm v4 (helm-python-sdk) on every chart in Tests/charts.
# Prints 'N passed, N failed'; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product spegelctl 2>&1 | tail -n 3
PY="${HELM_ORACLE_PYTHON:-/opt/helm-oracle/bin/python}"
SPEGELCTL="${SPEGELCTL:-$(swift build --show-bin-path)/spegelctl}" exec "$PY" scripts/differential/run.py "$@"
