#!/usr/bin/env bash
# Helm's warnings on stderr (values skipped while coalescing, non-bool conditions) vs spegelctl's, for the
# test charts that ship a warnings/ directory. Prints 'N passed, N failed'; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product spegelctl 2>&1 | tail -n 3
PY="${HELM_ORACLE_PYTHON:-/opt/helm-oracle/bin/python}"
exec "$PY" scripts/differential/helm_warnings.py --spegelctl "$(swift build --show-bin-path)/spegelctl" "$@"
