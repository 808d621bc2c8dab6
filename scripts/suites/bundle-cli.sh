#!/usr/bin/env bash
# `spegelctl bundle export|verify|inspect|push` at the command line on the shipped example
# examples/air-gapped.yaml, with images from a local OCI layout built here with tar, gzip and sha256sum:
# byte-identical exports, verify passing and failing on a flipped byte (naming the entry), inspect
# (text and JSON), push into an OCI layout and a second push that uploads nothing, skopeo reading the
# result, and the clear refusals (no image source, no registry client, no imageMirror).
# Prints "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
swift build --product spegelctl >/dev/null 2>&1 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$(swift build --show-bin-path)/spegelctl" "$work/spegelctl"
CTL="$work/spegelctl"
EXAMPLE="$root/examples/air-gapped.yaml"
passed=0; failed=0
check() { # check NAME COMMAND... ; succeeds when COMMAND succeeds
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
run() { # run EXPECTED_RC ARGS... ; output in $work/out, $work/err
    local expected=$1; shift
    (cd "$work" && "$CTL" "$@" >"$work/out" 2>"$work/err"); local rc=$?
    [ "$rc" -eq "$expected" ] || { echo "  exit $rc, expected $expected: spegelctl $*"; cat "$work/err"; return 1; }
}

# A source OCI layout with one single-layer linux/amd64 image per reference the example renders,
# each named by its full reference (org.opencontainers.image.ref.name).
put_blob() { # put_blob LAYOUT FILE → hex
    local hex; hex=$(sha256sum < "$2" | cut -d' ' -f1); cp "$2" "$1/blobs/sha256/$hex"; echo "$hex"
}
make_layout() { # make_layout DIR REF...
    local dir=$1; shift
    mkdir -p "$dir/blobs/sha256"
    printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
    local entries="" ref
    for ref in "$@"; do
        local tmp; tmp=$(mktemp -d -p "$work")
        mkdir -p "$tmp/rootfs/etc"; printf '%s\n' "$ref" > "$tmp/rootfs/etc/image-name"
        tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$tmp/rootfs" -cf "$tmp/layer.tar" .
        local diff; diff=$(sha256sum < "$tmp/layer.tar" | cut -d' ' -f1)
        gzip -n "$tmp/layer.tar"
        local layer; layer=$(put_blob "$dir" "$tmp/layer.tar.gz")
        printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$tmp/config"
        local config; config=$(put_blob "$dir" "$tmp/config")
        printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}' \
            "$config" "$(stat -c %s "$tmp/config")" "$layer" "$(stat -c %s "$tmp/layer.tar.gz")" > "$tmp/manifest"
        local manifest; manifest=$(put_blob "$dir" "$tmp/manifest")
        entries="$entries${entries:+,}{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest\",\"size\":$(stat -c %s "$tmp/manifest"),\"annotations\":{\"org.opencontainers.image.ref.name\":\"$ref\"}}"
    done
    printf '{"schemaVersion":2,"manifests":[%s]}' "$entries" > "$dir/index.json"
}
"$CTL" images --source -f "$EXAMPLE" > "$work/images" 2>/dev/null
mapfile -t IMAGES < "$work/images"
make_layout "$work/source" "${IMAGES[@]}"
export SOURCE_DATE_EPOCH=1700000000

check "the example needs images" [ "${#IMAGES[@]}" -ge 2 ]
check "without --image-source: pulls from the registries; one that refuses is named, exit 1, nothing written" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 1 bundle export -f $EXAMPLE --out $work/a.bundle --set images.spegel=127.0.0.1:9/team/spegel:v1 \\
        --set images.saturnK8sUtils=127.0.0.1:9/team/utils:v1 &&
    grep -q '127.0.0.1:9' $work/err && grep -q 'connection failed' $work/err && [ ! -e $work/a.bundle ]"
check "export from an OCI layout: plain progress lines off a terminal" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle export -f $EXAMPLE --out $work/a.bundle --image-source $work/source && [ -s $work/a.bundle ] &&
    grep -q '^fetching ${IMAGES[0]} (1/${#IMAGES[@]})' $work/err && grep -q '^wrote $work/a.bundle' $work/err &&
    ! grep -q \$'\r' $work/err"
check "a second export is byte-identical" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle export -f $EXAMPLE --out $work/b.bundle --image-source $work/source && cmp $work/a.bundle $work/b.bundle"
check "verify passes" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle verify $work/a.bundle && grep -q ': ok (' $work/out"
check "verify fails on a flipped byte and names the entry" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    cp $work/a.bundle $work/flipped.bundle
    offset=\$(grep -abo 'kind: DaemonSet' $work/flipped.bundle | head -1 | cut -d: -f1)
    printf 'X' | dd of=$work/flipped.bundle bs=1 seek=\$offset conv=notrunc status=none
    run 1 bundle verify $work/flipped.bundle && grep -q 'manifests/release.yaml: content hashes to' $work/err"
check "the bundle holds the pinned manifests, and tar and sha256sum agree" bash -c "
    mkdir -p $work/x && tar -xf $work/a.bundle -C $work/x && (cd $work/x && sha256sum --quiet -c SHA256SUMS) &&
    grep -Eq 'image: \"?harbor.corp.example/spegel/saturncloud/spegel:v0.1.0@sha256:[0-9a-f]{64}' $work/x/manifests/release.yaml &&
    [ -f $work/x/chart/spegel-0.1.0.tgz ] && cmp $work/x/values/01-air-gapped.yaml $EXAMPLE"
check "skopeo reads the extracted bundle as an OCI layout" bash -c "
    skopeo inspect --config oci:$work/x:${IMAGES[0]} | grep -q '\"architecture\": \"amd64\"'"
check "zstd export verifies" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle export -f $EXAMPLE --out $work/z.bundle --image-source $work/source --compress zstd &&
    [ \"\$(head -c4 $work/z.bundle | od -An -tx1 | tr -d ' ')\" = 28b52ffd ] && run 0 bundle verify $work/z.bundle"
check "inspect lists images, files and the total; --json parses" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle inspect $work/z.bundle && grep -q '${IMAGES[0]} → harbor.corp.example/spegel/' $work/out &&
    grep -q 'manifests/release.yaml' $work/out && grep -q '^total: ' $work/out &&
    run 0 bundle inspect --json $work/z.bundle &&
    python3 -c 'import json,sys; d=json.load(open(\"$work/out\")); assert len(d[\"images\"]) == ${#IMAGES[@]}, d'"
check "push into an OCI layout, then a second push uploads nothing" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 0 bundle push $work/a.bundle --oci-layout $work/site && grep -q '^pushed ${#IMAGES[@]} images to harbor.corp.example/spegel' $work/out &&
    run 0 bundle push $work/a.bundle --oci-layout $work/site && grep -q ' 0 blobs uploaded' $work/out && grep -q ' 0 manifests written' $work/out"
check "every pinned image of the manifests resolves in the pushed layout (skopeo)" bash -c "
    for ref in \$(grep -Eo 'harbor.corp.example/spegel/[^\" ]+@sha256:[0-9a-f]{64}' $work/x/manifests/release.yaml | sort -u); do
        tagged=\${ref%@*}; digest=\${ref#*@}
        [ \"\$(skopeo inspect --format '{{.Digest}}' oci:$work/site:\$tagged)\" = \"\$digest\" ] || { echo \"  \$tagged\"; exit 1; }
    done"
check "push to a registry that refuses: named, exit 1, a rerun resumes" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 1 bundle push $work/a.bundle --registry 127.0.0.1:9/site &&
    grep -q '127.0.0.1:9' $work/err && grep -q 'run the same push again to resume' $work/err"
check "no imageMirror: export refuses, exit 2" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 2 bundle export -f $root/examples/nebius.yaml --out $work/n.bundle --image-source $work/source &&
    grep -q 'imageMirror: not set' $work/err && [ ! -e $work/n.bundle ]"
check "bad --platform: exit 2" bash -c "
    $(declare -f run); work=$work; CTL=$CTL
    run 2 bundle export -f $EXAMPLE --out $work/p.bundle --image-source $work/source --platform amd64 &&
    grep -q 'expected OS/ARCHITECTURE' $work/err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
