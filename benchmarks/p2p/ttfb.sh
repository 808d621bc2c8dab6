#!/usr/bin/env bash
# Peer hit versus upstream pull, in one run: time to first byte and total time for the same blob
# (1 MB and 50 MB) fetched
#   - from the upstream docker-registry directly, and
#   - through node B's `spegel registry`, which does not hold it: B looks the digest up on the p2p router
#     and fetches it from node A's spegel (OCI layout store); B (defaults) stages blobs above 16 MiB and
#     verifies them before sending a byte, and
#   - through node C, the same as B but with `--peer-blob-staging-dir ""`: streamed, verified on the way.
# Nodes are loopback addresses 127.0.0.41 (A), .42 (B), .43 (C); the upstream listens on 127.0.0.1.
#
# Usage: benchmarks/p2p/ttfb.sh [REPETITIONS]   (default 30; medians and p90 reported)
# Needs: a release build (swift build -c release --product spegel), docker-registry, curl, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${1:-30}
SPEGEL=${SPEGEL:-.build/release/spegel}
WORK=$(mktemp -d /tmp/spegel-ttfb.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

BASE=${BASE_PORT:-16000}
UP=$BASE; A_REG=$((BASE + 1)); A_ROUTER=$((BASE + 2)); A_METRICS=$((BASE + 3)); B_REG=$((BASE + 4)); B_ROUTER=$((BASE + 5)); B_METRICS=$((BASE + 6))
C_REG=$((BASE + 7)); C_ROUTER=$((BASE + 8)); C_METRICS=$((BASE + 9))

python3 benchmarks/registry/prepare.py "$WORK" > "$WORK/blobs.txt"
declare -A DIGEST
while read -r name digest size; do DIGEST[$name]=$digest; done < "$WORK/blobs.txt"
mkdir -p "$WORK/empty"
printf '{"imageLayoutVersion":"1.0.0"}' > "$WORK/empty/oci-layout"
printf '{"schemaVersion":2,"manifests":[]}' > "$WORK/empty/index.json"

cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $WORK/distribution}
  delete: {enabled: false}
  cache: {}
http: {addr: 127.0.0.1:$UP}
YAML
/usr/bin/docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
PIDS+=("$!")

PEERS="127.0.0.41:$A_ROUTER 127.0.0.42:$B_ROUTER 127.0.0.43:$C_ROUTER"
"$SPEGEL" registry --store "oci-layout:$WORK/layout" --router p2p --bootstrap-kind static --bootstrap-peers $PEERS \
    --registry-addr "127.0.0.41:$A_REG" --router-addr "127.0.0.41:$A_ROUTER" --metrics-addr "127.0.0.41:$A_METRICS" \
    --containerd-config-check-interval 0 --log-level error > "$WORK/a.log" 2>&1 &
PIDS+=("$!")
"$SPEGEL" registry --store "oci-layout:$WORK/empty" --router p2p --bootstrap-kind static --bootstrap-peers $PEERS \
    --registry-addr "127.0.0.42:$B_REG" --router-addr "127.0.0.42:$B_ROUTER" --metrics-addr "127.0.0.42:$B_METRICS" \
    --containerd-config-check-interval 0 --peer-blob-staging-dir "$WORK/staging-b" --log-level error > "$WORK/b.log" 2>&1 &
PIDS+=("$!")
"$SPEGEL" registry --store "oci-layout:$WORK/empty" --router p2p --bootstrap-kind static --bootstrap-peers $PEERS \
    --registry-addr "127.0.0.43:$C_REG" --router-addr "127.0.0.43:$C_ROUTER" --metrics-addr "127.0.0.43:$C_METRICS" \
    --containerd-config-check-interval 0 --peer-blob-staging-dir "" --log-level error > "$WORK/c.log" 2>&1 &
PIDS+=("$!")

PEER_URL="http://127.0.0.42:$B_REG/v2/library/bench/blobs"
STREAM_URL="http://127.0.0.43:$C_REG/v2/library/bench/blobs"
UP_URL="http://127.0.0.1:$UP/v2/library/bench/blobs"
# Wait (bounded) until B finds A's content through the router.
for _ in $(seq 1 300); do curl -fs -o /dev/null "$PEER_URL/${DIGEST[1mb]}" && break; sleep 0.2; done
curl -fs -o /dev/null "$PEER_URL/${DIGEST[1mb]}" || { echo "B never found the blob on A"; cat "$WORK"/*.log; exit 1; }
for _ in $(seq 1 300); do curl -fs -o /dev/null "$STREAM_URL/${DIGEST[1mb]}" && break; sleep 0.2; done
curl -fs -o /dev/null "$UP_URL/${DIGEST[1mb]}" || { echo "upstream does not serve the blob"; cat "$WORK/registry.log"; exit 1; }

measure() {  # url → "ttfb total" per line
    for _ in $(seq 1 "$REPS"); do curl -fs -o /dev/null -w '%{time_starttransfer} %{time_total}\n' "$1"; done
}
summarize() {  # label file
    python3 - "$1" "$2" <<'PY'
import statistics, sys
label, path = sys.argv[1], sys.argv[2]
rows = [tuple(map(float, line.split())) for line in open(path) if line.strip()]
def p(values, q):
    values = sorted(values); return values[min(len(values) - 1, int(q * len(values)))]
ttfb = [r[0] * 1000 for r in rows]; total = [r[1] * 1000 for r in rows]
print(f"{label:<28} ttfb p50 {statistics.median(ttfb):8.2f} ms  p90 {p(ttfb, .9):8.2f} ms   total p50 {statistics.median(total):8.2f} ms  p90 {p(total, .9):8.2f} ms")
PY
}
echo "spegel: $SPEGEL; $REPS requests each; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for blob in 1mb 50mb; do
    measure "$UP_URL/${DIGEST[$blob]}" > "$WORK/up-$blob.txt"
    measure "$PEER_URL/${DIGEST[$blob]}" > "$WORK/peer-$blob.txt"
    measure "$STREAM_URL/${DIGEST[$blob]}" > "$WORK/stream-$blob.txt"
    summarize "upstream $blob" "$WORK/up-$blob.txt"
    summarize "peer hit (staged) $blob" "$WORK/peer-$blob.txt"
    summarize "peer hit (streamed) $blob" "$WORK/stream-$blob.txt"
done
