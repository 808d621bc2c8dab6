#!/usr/bin/env bash
# The `spegel containerd-prep` command line: exit statuses, first output line, files written,
# restarts counted with a stand-in restart command. Prints 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=.build/debug/spegel
[ -x "$bin" ] || swift build --product spegel >/dev/null 2>&1
work=$(mktemp -d /tmp/containerd-prep-suite.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check NAME COMMAND...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
restart="echo restarted >> $work/restarts"
prep() { "$bin" containerd-prep --restart-command "$restart" "$@" >"$work/out" 2>"$work/err"; echo $? >"$work/status"; }
status() { [ "$(cat "$work/status")" = "$1" ]; }
first_line() { [ "$(head -n 1 "$work/out")" = "$1" ]; }
restarts() { [ "$(cat "$work/restarts" 2>/dev/null | wc -l)" = "$1" ]; }

prep --config "$work/new.toml"
check "missing file: exit 0" status 0
check "missing file: prints changed" first_line changed
check "missing file: version 2 written" grep -q '^version = 2$' "$work/new.toml"
check "missing file: restarted once" restarts 1
check "missing file: names config_path" grep -q '^config_path: /etc/containerd/certs.d' "$work/out"

prep --config "$work/new.toml"
check "second run: exit 0" status 0
check "second run: prints unchanged" first_line unchanged
check "second run: no restart" restarts 1

prep --config "$work/new.toml" --dry-run
check "dry run, nothing to do: exit 0" status 0

printf 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = ""\n' >"$work/v2.toml"
cp "$work/v2.toml" "$work/v2.orig"
prep --config "$work/v2.toml" --dry-run --config-path /var/lib/certs.d
check "dry run, would change: exit 1" status 1
check "dry run: prints changed" first_line changed
check "dry run: diff shows the new value" grep -q '^+  config_path = "/var/lib/certs.d"$' "$work/out"
check "dry run: file untouched" cmp -s "$work/v2.toml" "$work/v2.orig"
check "dry run: no restart" restarts 1

prep --config "$work/v2.toml"
check "change: exit 0" status 0
check "change: backup holds the old bytes" cmp -s "$work/v2.toml.spegel-backup" "$work/v2.orig"
check "change: restarted" restarts 2
check "change: no temporary file left" bash -c "! ls -A '$work' | grep -q '\.tmp$'"

printf 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n  endpoint = ["https://m"]\n' >"$work/mirrors.toml"
cp "$work/mirrors.toml" "$work/mirrors.orig"
prep --config "$work/mirrors.toml"
check "legacy mirrors: exit 2" status 2
check "legacy mirrors: names file and line" grep -q "$work/mirrors.toml:2: legacy" "$work/err"
check "legacy mirrors: file untouched" cmp -s "$work/mirrors.toml" "$work/mirrors.orig"

printf 'version = 2\n[plugins\n' >"$work/broken.toml"
prep --config "$work/broken.toml"
check "broken TOML: exit 2" status 2
check "broken TOML: names file and line" grep -q "$work/broken.toml:2: not valid TOML" "$work/err"
check "refusals: no restart" restarts 2

prep --config "$work/v3.toml" --config-version 3
check "config version 3: exit 0" status 0
check "config version 3: images plugin written" grep -q "io.containerd.cri.v1.images" "$work/v3.toml"
check "config version 3: restarted" restarts 3

"$bin" containerd-prep --config "$work/x.toml" --config-version 4 >/dev/null 2>&1
check "config version 4: rejected" test $? -ne 0

"$bin" containerd-prep --config "$work/fail.toml" --restart-command "exit 7" >"$work/out" 2>"$work/err"
echo $? >"$work/status"
check "failing restart: exit 2" status 2
check "failing restart: reported" grep -q "status 7" "$work/err"
prep --config "$work/fail.toml"
check "owed restart: retried on the next run" restarts 4
check "owed restart: file unchanged" first_line unchanged

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
