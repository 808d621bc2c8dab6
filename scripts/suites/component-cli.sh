#!/usr/bin/env bash
# Behaviour of `spegelctl render|images|crd` at the command line: embedded chart and defaults (the
# binary works when copied elsewhere), disabled notes, exit codes and messages for bad input, --chart.
# Prints "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
swift build --product spegelctl >/dev/null 2>&1 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$(swift build --show-bin-path)/spegelctl" "$work/spegelctl"
CTL="$work/spegelctl"
passed=0; failed=0
check() { # check NAME COMMAND... ; succeeds when COMMAND succeeds
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
run() { # run EXPECTED_RC ARGS... ; output in $work/out, $work/err
    local expected=$1; shift
    (cd "$work" && "$CTL" "$@" >"$work/out" 2>"$work/err"); local rc=$?
    [ "$rc" -eq "$expected" ] || { echo "  exit $rc, expected $expected: spegelctl $*"; cat "$work/err"; return 1; }
}

check "defaults render nothing and say why" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 render && [ ! -s $work/out ] && grep -q 'spegel is disabled' $work/err && grep -q 'enabled: true' $work/err"
check "example renders from another directory (embedded chart)" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 render -f $root/examples/nebius.yaml && grep -q '^kind: DaemonSet' $work/out &&
    grep -q 'name: spegel-containerd-prep' $work/out && grep -q -- '--metrics-addr=:9090' $work/out"
check "operator mode prints the Namespace and the Spegel CR" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 render -f $root/examples/nebius.yaml --mode operator &&
    [ \$(grep -c '^kind: ' $work/out) -eq 2 ] && grep -q '^kind: Spegel' $work/out"
check "--set wins over -f" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 render -f $root/examples/nebius.yaml --set saturnComponents.spegel.enabled=false && [ ! -s $work/out ]"
check "wrong type: key path, expected type and value, exit 2" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    printf 'cloudProvider: nebius\nsaturnComponents:\n  spegel:\n    values:\n      mirrorResolveRetries: three\n' > $work/bad.yaml
    run 2 render -f $work/bad.yaml &&
    grep -q 'saturnComponents.spegel.values.mirrorResolveRetries: expected an integer, got \"three\"' $work/err"
check "malformed YAML: file:line:col, exit 2" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    printf 'cloudProvider: nebius\nimages: [\n' > $work/broken.yaml
    run 2 render -f $work/broken.yaml && grep -Eq 'broken.yaml:[0-9]+:[0-9]+' $work/err"
check "unknown key: warning with a suggestion" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    printf 'cloudProvider: nebius\nimageMirorr: x\n' > $work/typo.yaml
    run 0 render -f $work/typo.yaml --mode operator && grep -q 'warning: imageMirorr: unknown key; did you mean \"imageMirror\"' $work/err &&
    ! grep -q warning $work/out"
check "lint: empty mirroredRegistries and slow timeout on stderr only" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 render --mode operator --set cloudProvider=nebius --set saturnComponents.spegel.values.mirrorResolveTimeout=5s &&
    grep -q 'warning: saturnComponents.spegel.values.mirroredRegistries' $work/err &&
    grep -q 'warning: saturnComponents.spegel.values.mirrorResolveTimeout: 5s is above 1s' $work/err"
check "images lists mirrored and source images" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 images -f $root/golden/air-gapped/values.yaml && grep -qx 'harbor.corp.example/mirror/library/busybox:1.36' $work/out &&
    run 0 images --source -f $root/golden/air-gapped/values.yaml && grep -qx 'docker.io/library/busybox:1.36' $work/out"
check "--chart renders a modified copy" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    cp -r $root/templates/spegel $work/chart
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: {{ .Release.Namespace }}\n' > $work/chart/templates/extra.yaml
    run 0 render -f $root/examples/nebius.yaml --chart $work/chart && grep -q 'name: extra' $work/out"
check "crd prints the Spegel CRD" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 crd && grep -q 'name: spegels.charts.saturncloud.io' $work/out && grep -q 'openAPIV3Schema' $work/out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
