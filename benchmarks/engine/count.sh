#!/bin/bash
# Instruction counts (valgrind callgrind) of the engine benchmarks: deterministic, unlike wall time on a
# shared machine, so two commits compare exactly. Execution: main.swift (3000 renders of a parsed
# template); parsing: parse/main.swift (100 parses of two test charts' templates).
# Compiled whole-module (-wmo), as SwiftPM builds release; counts before session 9 were made without it.
# usage: benchmarks/engine/count.sh [COMMIT...]   (default: the working tree; needs valgrind)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
[ $# -eq 0 ] && set -- WORKTREE
printf '%-12s %16s %16s\n' source execution parsing
for source in "$@"; do
    if [ "$source" = WORKTREE ]; then
        sources="$root/Sources/GoTemplate"
    else
        mkdir -p "$work/$source" && git -C "$root" archive "$source" Sources/GoTemplate | tar -x -C "$work/$source"
        sources="$work/$source/Sources/GoTemplate"
    fi
    for bench in exec:main.swift parse:parse/main.swift; do
        swiftc -O -wmo -enforce-exclusivity=unchecked -module-name EngineBench "$sources"/*.swift "$here/${bench#*:}" \
            -o "$work/${bench%%:*}" 2> "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
    done
    printf '%-12s %16s %16s\n' "$source" "$(count "$work/exec")" "$(count "$work/parse" "$root" 100)"
done
