#!/usr/bin/env bash
# Golden files of the spegel component, checked three ways:
#  1. `spegelctl golden check` (our renderer reproduces every golden output);
#  2. for every enabled scenario, the chart stage of our renderer (before image rewriting, without the
#     Namespace) is byte-identical to Helm v4 rendering the bundled chart with the same chart values,
#     and release.yaml is that output plus the Namespace, differing only on image lines (imageMirror);
#  3. kubernetes-validate --strict on every golden output, and each Spegel CR against the CRD schema.
# Prints "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=${HELM_ORACLE_PYTHON:-/opt/helm-oracle/bin/python}
VALIDATE=${KUBERNETES_VALIDATE:-/opt/helm-oracle/bin/kubernetes-validate}
ORACLE=${HELM_TEMPLATE_ORACLE:-scripts/differential/oracle.py}

swift build --product spegelctl >/dev/null 2>&1 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
CTL="$(swift build --show-bin-path)/spegelctl"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0; failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

if "$CTL" golden check golden >"$work/check.out" 2>&1; then pass; else fail "spegelctl golden check"; head -50 "$work/check.out"; fi
"$CTL" crd >"$work/crd.yaml" || fail "spegelctl crd"

for dir in golden/*/; do
    name=$(basename "$dir")
    values="$dir/values.yaml"
    "$CTL" render -f "$values" --stage chart-values >"$work/$name.values.json" 2>/dev/null || { fail "$name: chart values"; continue; }
    if [ ! -s "$work/$name.values.json" ]; then
        # Disabled: nothing at all is rendered.
        if [ -s "$dir/release.yaml" ] || [ -s "$dir/operator.yaml" ]; then fail "$name: disabled but has output"; else pass; fi
    else
        "$CTL" render -f "$values" --stage chart >"$work/$name.ours" 2>/dev/null || { fail "$name: chart stage"; continue; }
        if ! "$PY" "$ORACLE" templates/spegel --name spegel -n spegel -f "$work/$name.values.json" >"$work/$name.helm" 2>"$work/$name.helm.err"; then
            fail "$name: helm oracle: $(cat "$work/$name.helm.err")"; continue
        fi
        if cmp -s "$work/$name.helm" "$work/$name.ours"; then pass; else
            fail "$name: chart stage differs from Helm"; diff -u "$work/$name.helm" "$work/$name.ours" | head -40
        fi
        if "$PY" scripts/suites/golden_compare.py release "$work/$name.helm" "$dir/release.yaml"; then pass; else fail "$name: release.yaml vs Helm"; fi
    fi
    for out in release operator; do
        file="$dir/$out.yaml"
        [ -s "$file" ] || continue
        if "$VALIDATE" --strict --quiet --no-warn "$file" >"$work/validate.out" 2>&1; then pass; else
            fail "$name/$out.yaml: kubernetes-validate"; cat "$work/validate.out"
        fi
        if "$PY" scripts/suites/golden_compare.py structure "$file" "$work/crd.yaml"; then pass; else fail "$name/$out.yaml: custom resources"; fi
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
