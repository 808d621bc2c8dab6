#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the YAML layer (GoYAML + TemplateValue, linked with libyaml).
# Usage: fuzz/yaml/run.sh [seconds=600] [extra libFuzzer flags…]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"; shift || true
build="$here/.build"
mkdir -p "$build/src" "$here/findings" "$build/corpus"
rm -f "$build/src/"*.swift
# One module: copy the sources and drop the cross-module import.
for f in "$root"/Sources/GoTemplate/*.swift "$root"/Sources/GoYAML/*.swift "$here/FuzzEntry.swift"; do
  sed -e '/^import GoTemplate$/d' -e '/^@_exported import/d' "$f" > "$build/src/$(basename "$f")"
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  -module-name YAMLFuzz -I "$root/Sources/CLibYAML" -lyaml \
  "$build/src/"*.swift -o "$build/yaml-fuzzer"
cp -n "$here"/corpus/* "$build/corpus/" 2>/dev/null || true
export SWIFT_BACKTRACE=enable=no
exec "$build/yaml-fuzzer" "$build/corpus" "$here/corpus" -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$here/findings/" -print_final_stats=1 "$@"
