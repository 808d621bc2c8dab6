#!/usr/bin/env bash
# Bundle throughput vs skopeo, in one run, on loopback: an image set of SIZE_MB (default 1024 MiB:
# IMAGES=4 images × LAYERS=4 layers of incompressible pseudo-random data, the same bytes every run) sits
# in docker-registry A ("internet"). Measured, each once, wall time and CPU:
#   export: `spegelctl bundle export` (render, pull every image from A, write the bundle tar)
#           vs `skopeo copy docker://A/… oci:DIR` of the same images, one after the other;
#   push:   `spegelctl bundle push` (bundle → docker-registry B, "air-gapped", empty)
#           vs `skopeo copy oci:DIR docker://B/…` into B emptied again (restarted on fresh storage).
# MB/s is image bytes (layers, configs, manifests) / wall seconds, MiB-based; the ratio is spegelctl / skopeo.
#
# Usage: benchmarks/bundle/throughput.sh [SIZE_MB]      (default 1024; SIZE_MB / (IMAGES × LAYERS) per layer)
# KEEP_WORK=1 keeps the work directory (each tool's log, the bundle, the layouts) for a look afterwards.
# Needs: a release build (swift build -c release --product spegelctl), docker-registry, skopeo, curl, python3,
# about 5 × SIZE_MB of free space under $TMPDIR (default /tmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MB=${1:-1024}
IMAGES=${IMAGES:-4}
LAYERS=${LAYERS:-4}
SPEGELCTL=${SPEGELCTL:-.build/release/spegelctl}
LAYER_MB=$((SIZE_MB / (IMAGES * LAYERS)))
[ "$IMAGES" -ge 2 ] && [ "$LAYER_MB" -ge 1 ] || { echo "need IMAGES >= 2 and SIZE_MB >= IMAGES × LAYERS" >&2; exit 2; }
[ -x "$SPEGELCTL" ] || { echo "no $SPEGELCTL: swift build -c release --product spegelctl" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spegel-bundle-bench.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK (logs, bundle, layouts)"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

BASE=${BASE_PORT:-17000}
A=127.0.0.1:$BASE; B=127.0.0.1:$((BASE + 1))
start_registry() {  # name address → pid in REGISTRY_PID
    cat > "$WORK/$1.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $WORK/$1}}
http: {addr: $2}
YAML
    /usr/bin/docker-registry serve "$WORK/$1.yml" > "$WORK/$1.log" 2>&1 &
    REGISTRY_PID=$!; PIDS+=("$REGISTRY_PID")
    for _ in $(seq 1 100); do curl -fs -o /dev/null "http://$2/v2/" && return; sleep 0.1; done
    echo "docker-registry $1 did not start on $2" >&2; cat "$WORK/$1.log" >&2; exit 1
}
start_registry internet "$A"
start_registry air-gapped-spegelctl "$B"; B_PID=$REGISTRY_PID

echo "generating $IMAGES images × $LAYERS layers × $LAYER_MB MiB"
python3 benchmarks/bundle/prepare.py "$WORK/source" "$IMAGES" "$LAYERS" "$LAYER_MB" > "$WORK/images.txt"
BYTES=$(awk '{sum += $3} END {print sum}' "$WORK/images.txt")
declare -A DIGEST
while read -r tag digest _; do DIGEST[$tag]=$digest; done < "$WORK/images.txt"
for i in $(seq 0 $((IMAGES - 1))); do
    skopeo copy --quiet --insecure-policy --dest-tls-verify=false "oci:$WORK/source:bench-$i" "docker://$A/bench/image-$i:bench-$i"
done

# Image 0 is the daemon's, 1 the utilities', the rest init containers of the spegel component.
{
    echo "cloudProvider: nebius"
    echo "imageMirror: $B/mirror"
    echo "images:"
    echo "  spegel: $A/bench/image-0:bench-0"
    echo "  saturnK8sUtils: $A/bench/image-1:bench-1"
    echo "saturnComponents:"
    echo "  spegel:"
    echo "    values:"
    echo "      mirroredRegistries: [\"$B\"]"
    echo "      extraInitContainers:"
    for i in $(seq 2 $((IMAGES - 1))); do
        echo "        - {name: bench-$i, image: \"$A/bench/image-$i:bench-$i\", command: [\"true\"]}"
    done
} > "$WORK/values.yaml"
rendered=$("$SPEGELCTL" images -f "$WORK/values.yaml" --source | grep -c "$A/bench/" || true)
[ "$rendered" = "$IMAGES" ] || { echo "the values render $rendered bench images, expected $IMAGES" >&2; exit 1; }

RESULTS=()
measure() {  # label command… → wall seconds in SECONDS_TAKEN; a result line in RESULTS
    local label=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" > "$WORK/$label.log" 2>&1 \
        || { echo "$label failed:" >&2; cat "$WORK/$label.log" >&2; exit 1; }
    read -r wall user sys rss < "$WORK/time.txt"
    SECONDS_TAKEN=$wall
    RESULTS+=("$(printf '%-26s %8.2f s %9.1f MB/s   cpu %6.2f s   max rss %5d MB' "$label" "$wall" \
        "$(python3 -c "print($BYTES / 2**20 / max($wall, 0.01))")" "$(python3 -c "print($user + $sys)")" $((rss / 1024)))")
}
skopeo_all() {  # source-pattern destination-pattern (with %i for the image index)
    for i in $(seq 0 $((IMAGES - 1))); do
        skopeo copy --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false "${1//%i/$i}" "${2//%i/$i}"
    done
}
export -f skopeo_all; export IMAGES

measure "spegelctl bundle export" "$SPEGELCTL" bundle export -f "$WORK/values.yaml" --out "$WORK/site.bundle" --plain-http
EXPORT_SPEGELCTL=$SECONDS_TAKEN
measure "skopeo copy registry->oci" bash -c 'skopeo_all "$1" "$2"' _ \
    "docker://$A/bench/image-%i:bench-%i" "oci:$WORK/skopeo-layout:bench-%i"
EXPORT_SKOPEO=$SECONDS_TAKEN

measure "spegelctl bundle push" "$SPEGELCTL" bundle push "$WORK/site.bundle" --plain-http
PUSH_SPEGELCTL=$SECONDS_TAKEN
grep -q "pushed $IMAGES images to $B/mirror" "$WORK/spegelctl bundle push.log" \
    || { echo "unexpected push summary:" >&2; cat "$WORK/spegelctl bundle push.log" >&2; exit 1; }
# skopeo pushes into the same registry address, emptied: stop B and start it again on fresh storage.
kill "$B_PID"; wait "$B_PID" 2>/dev/null || true
start_registry air-gapped-skopeo "$B"
measure "skopeo copy oci->registry" bash -c 'skopeo_all "$1" "$2"' _ \
    "oci:$WORK/skopeo-layout:bench-%i" "docker://$B/mirror/bench/image-%i:bench-%i"
PUSH_SKOPEO=$SECONDS_TAKEN

# Both pushes stored the images as built.
for i in $(seq 0 $((IMAGES - 1))); do
    raw=$(skopeo inspect --raw --tls-verify=false "docker://$B/mirror/bench/image-$i:bench-$i" | sha256sum | cut -c1-64)
    [ "sha256:$raw" = "${DIGEST[bench-$i]}" ] || { echo "image $i: registry B has sha256:$raw, built ${DIGEST[bench-$i]}" >&2; exit 1; }
done

echo "spegelctl: $SPEGELCTL; $(skopeo --version); $IMAGES images, $((IMAGES * LAYERS)) layers, $BYTES bytes" \
     "($(python3 -c "print(f'{$BYTES / 2**20:.0f}')") MiB); bundle $(stat -c %s "$WORK/site.bundle") bytes;" \
     "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${RESULTS[@]}"
python3 - "$EXPORT_SPEGELCTL" "$EXPORT_SKOPEO" "$PUSH_SPEGELCTL" "$PUSH_SKOPEO" <<'PY'
import sys
export_spegelctl, export_skopeo, push_spegelctl, push_skopeo = map(float, sys.argv[1:])
print(f"export: spegelctl / skopeo throughput {export_skopeo / export_spegelctl:.2f}x")
print(f"push:   spegelctl / skopeo throughput {push_skopeo / push_spegelctl:.2f}x")
PY
