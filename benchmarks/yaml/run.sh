#!/usr/bin/env bash
# Builds the YAML layer with -O and prints decode/encode throughput on a synthetic values file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$here/.build"
mkdir -p "$build/src"
rm -f "$build/src/"*.swift
for f in "$root"/Sources/GoTemplate/*.swift "$root"/Sources/GoYAML/*.swift; do
  sed -e '/^import GoTemplate$/d' "$f" > "$build/src/$(basename "$f")"
done
cp "$here/main.swift" "$build/src/main.swift"
swiftc -O -module-name YAMLBench -I "$root/Sources/CLibYAML" -lyaml "$build/src/"*.swift -o "$build/yaml-bench"
"$build/yaml-bench"
