#!/bin/bash
# Renders a Helm-like template N times with the GoTemplate engine and prints the time per render; then
# parses the templates of two test charts N times (parse/main.swift). Instruction counts: count.sh.
# usage: benchmarks/engine/run.sh   (build: swiftc -O, same flags as the package target)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
swiftc -O -enforce-exclusivity=unchecked -module-name EngineBench "$root"/Sources/GoTemplate/*.swift "$here/main.swift" -o "$out/bench"
swiftc -O -enforce-exclusivity=unchecked -module-name EngineBench "$root"/Sources/GoTemplate/*.swift "$here/parse/main.swift" -o "$out/parse"
time "$out/bench"
time "$out/parse" "$root"
rm -rf "$out"
