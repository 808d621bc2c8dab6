#!/usr/bin/env bash
# Checks a daemon image layout the way a node gets it: skopeo copies it into a docker-registry on
# 127.0.0.1, a containerd 1.6 of its own (own root, state and socket) pulls and unpacks it, and the
# unpacked file system is mounted (`ctr images mount`), /proc mounted in it (as in any container; the
# Swift runtime reads /proc/self at start), and the binary run in a chroot: `--version` as root and as
# the image's user 65532. Needs root, skopeo, docker-registry, containerd.
#
#   scripts/check-daemon-image.sh [LAYOUT_DIR]     default: .build/spegel-image (scripts/build-image.sh)
#
# Not part of scripts/test.sh: it needs the release build that scripts/build-image.sh makes.
set -euo pipefail
cd "$(dirname "$0")/.."
layout=${1:-.build/spegel-image}
reference=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$layout/index.json")
digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$layout/index.json")
work=$(mktemp -d /tmp/spegel-image-check.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pids=()
ctr() { command ctr --address "$work/containerd.sock" --namespace k8s.io "$@"; }
finish() {
    umount "$work/rootfs/proc" 2>/dev/null || true
    ctr images unmount --rm "$work/rootfs" >/dev/null 2>&1 || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap finish EXIT

cat > "$work/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YAML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 & pids+=("$!")
cat > "$work/containerd.toml" <<TOML
version = 2
root = "$work/root"
state = "$work/state"
[grpc]
  address = "$work/containerd.sock"
[ttrpc]
  address = "$work/containerd.sock.ttrpc"
[debug]
  address = "$work/debug.sock"
TOML
containerd --config "$work/containerd.toml" > "$work/containerd.log" 2>&1 & pids+=("$!")
for _ in $(seq 1 100); do
    [ -S "$work/containerd.sock" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/v2/" && break
    sleep 0.1
done

target="127.0.0.1:$port/saturncloud/spegel:check"
skopeo copy --quiet --insecure-policy --dest-tls-verify=false "oci:$layout:$reference" "docker://$target"
ctr images pull --plain-http "$target" > /dev/null
pulled=$(ctr images ls | awk -v t="$target" '$1 == t {print $3}')
mkdir -p "$work/rootfs"
ctr images mount "$target" "$work/rootfs" > /dev/null
mount -t proc proc "$work/rootfs/proc"
echo "image:     $reference ($digest)"
echo "pulled:    $target ($pulled)"
[ "$pulled" = "$digest" ] || { echo "FAIL: containerd has $pulled, the layout $digest"; exit 1; }
as_root=$(chroot "$work/rootfs" /usr/local/bin/spegel --version)
as_user=$(chroot --userspec=65532:65532 "$work/rootfs" /usr/local/bin/spegel --version)
echo "as root:   spegel --version → $as_root"
echo "as 65532:  spegel --version → $as_user"
[ -n "$as_root" ] && [ "$as_root" = "$as_user" ] || { echo "FAIL: --version printed different or no output"; exit 1; }
echo "files:     $(cd "$work/rootfs" && find . -xdev -type f | sort | tr '\n' ' ')"
echo "OK"
