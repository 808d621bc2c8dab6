#!/usr/bin/env bash
# Registry benchmark: spegel (OCI layout store) vs docker-registry vs nginx serving the same blobs on
# loopback. Measures throughput and p99 latency for a 50 MB and a 1 MB blob at concurrency 1 and 32
# (wrk), the daemon's RSS under load, and the latency of a miss (fast 404).
#
# Usage: benchmarks/registry/run.sh [DURATION]   (DURATION per wrk run, default 10s)
# Needs: a release build (swift build -c release --product spegel), wrk, nginx, docker-registry.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10s}
SPEGEL=${SPEGEL:-.build/release/spegel}
WORK=$(mktemp -d /tmp/spegel-bench.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

SPEGEL_PORT=${SPEGEL_PORT:-15000}; METRICS_PORT=$((SPEGEL_PORT + 1)); REGISTRY_PORT=$((SPEGEL_PORT + 2)); NGINX_PORT=$((SPEGEL_PORT + 3))

python3 benchmarks/registry/prepare.py "$WORK" > "$WORK/blobs.txt"
declare -A DIGEST
while read -r name digest size; do DIGEST[$name]=$digest; done < "$WORK/blobs.txt"

# spegel
"$SPEGEL" registry --store "oci-layout:$WORK/layout" --registry-addr "127.0.0.1:$SPEGEL_PORT" \
    --metrics-addr "127.0.0.1:$METRICS_PORT" --log-level error &
SPEGEL_PID=$!; PIDS+=("$SPEGEL_PID")

# docker-registry
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $WORK/distribution}
  delete: {enabled: false}
  cache: {}
http: {addr: 127.0.0.1:$REGISTRY_PORT}
YAML
/usr/bin/docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
PIDS+=("$!")

# nginx (sendfile, default buffers)
mkdir -p "$WORK/nginx-prefix/logs"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-prefix/logs/error.log error;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    default_type application/octet-stream;
    server { listen 127.0.0.1:$NGINX_PORT; root $WORK/nginx; }
}
CONF
nginx -p "$WORK/nginx-prefix" -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=("$!")

for port in "$SPEGEL_PORT" "$REGISTRY_PORT" "$NGINX_PORT"; do
    for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/v2/library/bench/blobs/${DIGEST[1mb]}" && break; sleep 0.1; done
done

rss_peak() { awk '/VmHWM/ {print $2}' "/proc/$SPEGEL_PID/status"; }
rss_now() { awk '/VmRSS/ {print $2}' "/proc/$SPEGEL_PID/status"; }

printf '%-15s %-5s %-4s %12s %10s %10s\n' server blob conc "MB/s" "req/s" "p99"
for blob in 50mb 1mb; do
    for conc in 1 32; do
        for server in spegel docker-registry nginx; do
            case $server in spegel) port=$SPEGEL_PORT;; docker-registry) port=$REGISTRY_PORT;; nginx) port=$NGINX_PORT;; esac
            url="http://127.0.0.1:$port/v2/library/bench/blobs/${DIGEST[$blob]}"
            threads=$(( conc < 2 ? 1 : 2 ))
            out=$(wrk -t"$threads" -c"$conc" -d"$DURATION" --latency "$url")
            transfer=$(echo "$out" | awk '/Transfer\/sec/ {print $2}')
            reqs=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
            p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
            mbps=$(python3 -c "import re,sys; v='$transfer'; m=re.match(r'([0-9.]+)([KMG]?B)',v); f={'B':1/2**20,'KB':1/2**10,'MB':1,'GB':1024}[m.group(2)]; print(f'{float(m.group(1))*f:.0f}')")
            printf '%-15s %-5s %-4s %12s %10s %10s\n' "$server" "$blob" "$conc" "$mbps" "$reqs" "$p99"
            [ "$server" = spegel ] && echo "$(rss_now)" >> "$WORK/rss.txt"
        done
    done
done
echo
echo "spegel RSS after each load run (KiB): $(tr '\n' ' ' < "$WORK/rss.txt")"
echo "spegel peak RSS (VmHWM, KiB): $(rss_peak)"

# Miss latency: a digest nobody has (standalone router: no peers, so no lookup wait).
miss="http://127.0.0.1:$SPEGEL_PORT/v2/library/bench/blobs/sha256:$(printf '0%.0s' $(seq 1 64))?ns=docker.io"
code=$(curl -s -o /dev/null -w '%{http_code}' "$miss")
out=$(wrk -t1 -c1 -d3s --latency "$miss")
echo "miss: HTTP $code; p50 $(echo "$out" | awk '$1 == "50%" {print $2}'), p99 $(echo "$out" | awk '$1 == "99%" {print $2}'), $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s at concurrency 1"
