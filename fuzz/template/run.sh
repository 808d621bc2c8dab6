#!/bin/bash
# Builds the GoTemplate fuzzer with libFuzzer and runs it.
# usage: fuzz/template/run.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
out="$here/.build"
mkdir -p "$out" "$here/corpus" "$out/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name FuzzTemplate \
    "$root"/Sources/GoTemplate/*.swift "$here/FuzzEntry.swift" -o "$out/fuzz-template"
export SWIFT_BACKTRACE=enable=no
cd "$out"
exec ./fuzz-template -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$out/" "$out/corpus" "$here/corpus" "$@"
