#!/usr/bin/env bash
# End-to-end checks of the `spegel` node helpers as a user runs them:
# configuration (twice, byte-identical), cleanup (restores the original), cleanup + cleanup-wait probe.
# Prints "N passed, N failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build --product spegel >/dev/null 2>&1 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
SPEGEL=$(swift build --product spegel --show-bin-path)/spegel
WORK=$(mktemp -d /tmp/spegel-cli.XXXXXX)
CLEANUP_PID=""
REGISTRY_PID=""
finish() {
    [ -n "$CLEANUP_PID" ] && kill "$CLEANUP_PID" 2>/dev/null
    [ -n "$REGISTRY_PID" ] && kill "$REGISTRY_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap finish EXIT
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

mkdir -p "$WORK/certs.d/docker.io"
printf 'server = "https://registry-1.docker.io"\n\n[host."https://corp-cache.example"]\n  capabilities = ["pull"]\n' > "$WORK/certs.d/docker.io/hosts.toml"
cp "$WORK/certs.d/docker.io/hosts.toml" "$WORK/original.toml"

"$SPEGEL" configuration --containerd-registry-config-path "$WORK/certs.d" --mirror-targets http://localhost:5000 http://localhost:30021 \
    --mirrored-registries https://docker.io https://ghcr.io --prepend-existing=true --log-level error
check "configuration writes docker.io" "grep -q 'http://localhost:30021' '$WORK/certs.d/docker.io/hosts.toml'"
check "configuration keeps existing hosts after ours" "tail -3 '$WORK/certs.d/docker.io/hosts.toml' | grep -q corp-cache"
check "configuration writes ghcr.io" "grep -q 'server = \"https://ghcr.io\"' '$WORK/certs.d/ghcr.io/hosts.toml'"
cp -r "$WORK/certs.d" "$WORK/first"
"$SPEGEL" configuration --containerd-registry-config-path "$WORK/certs.d" --mirror-targets http://localhost:5000 http://localhost:30021 \
    --mirrored-registries https://docker.io https://ghcr.io --prepend-existing=true --log-level error
check "second run is byte-identical" "diff -r '$WORK/first' '$WORK/certs.d' >/dev/null"

"$SPEGEL" cleanup --containerd-registry-config-path "$WORK/certs.d" --log-level error
check "cleanup restores the original" "cmp -s '$WORK/original.toml' '$WORK/certs.d/docker.io/hosts.toml'"
check "cleanup removes what it created" "[ ! -e '$WORK/certs.d/ghcr.io' ] && [ \$(ls '$WORK/certs.d/docker.io' | wc -l) -eq 1 ]"

PORT=$((20000 + RANDOM % 20000))
"$SPEGEL" cleanup-wait --probe-endpoint "127.0.0.1:$PORT" --probe-interval 100ms --threshold 1 --timeout 500ms --log-level critical
check "cleanup-wait fails while no node reports done" "[ $? -ne 0 ]"
"$SPEGEL" cleanup --containerd-registry-config-path "$WORK/certs.d" --addr "127.0.0.1:$PORT" --log-level error &
CLEANUP_PID=$!
"$SPEGEL" cleanup-wait --probe-endpoint "127.0.0.1:$PORT" --probe-interval 100ms --threshold 2 --timeout 30s --log-level error
check "cleanup-wait succeeds once cleanup serves /healthz" "[ $? -eq 0 ]"
check "version prints" "'$SPEGEL' version | grep -q ."

# An OCI layout store needs no containerd: no configuration check, ready at once.
mkdir -p "$WORK/layout/blobs/sha256"
printf '{"imageLayoutVersion":"1.0.0"}' > "$WORK/layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[]}' > "$WORK/layout/index.json"
RPORT=$((20000 + RANDOM % 20000)); MPORT=$((RPORT + 1))
mkdir -p "$WORK/staging"
touch "$WORK/staging/keep.txt" "$WORK/staging/$(printf 'a%.0s' $(seq 1 64))-0F6D3C1E-2B4A-4C5D-8E9F-0A1B2C3D4E5F"
"$SPEGEL" registry --store "oci-layout:$WORK/layout" --containerd-sock "$WORK/absent.sock" --registry-addr "127.0.0.1:$RPORT" \
    --metrics-addr "127.0.0.1:$MPORT" --peer-blob-staging-dir "$WORK/staging" --log-level error > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
ready=""
for _ in $(seq 1 100); do ready=$(curl -sf "http://127.0.0.1:$RPORT/readyz" 2>/dev/null) && break; sleep 0.1; done
check "an oci-layout registry is ready without containerd" "[ '$ready' = ok ]"
check "an oci-layout registry does not check containerd" "! grep -q misconfigured '$WORK/registry.log' && ! curl -sf 'http://127.0.0.1:$MPORT/metrics' | grep -q '^spegel_containerd_config_ok'"
check "start-up removes only staged leftovers" "[ -e '$WORK/staging/keep.txt' ] && [ \$(ls '$WORK/staging' | wc -l) -eq 1 ]"
kill "$REGISTRY_PID" 2>/dev/null; wait "$REGISTRY_PID" 2>/dev/null; REGISTRY_PID=""

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
