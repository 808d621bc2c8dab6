#!/usr/bin/env bash
# Builds the spegel daemon's OCI image layout: a release build of `spegel` with the Swift runtime
# linked statically, its debug info stripped, then `spegelctl image build` (the binary, the shared
# libraries it still loads, user 65532 "nonroot"). Prints the image digest on the last line.
#
#   scripts/build-image.sh [OUT_DIR]          default OUT_DIR: .build/spegel-image
#
# Environment: IMAGE_REPOSITORY (default ghcr.io/saturncloud/spegel); the tag is v<spegel --version>.
# IMAGE_SOURCE: the org.opencontainers.image.source label (default: the git remote `origin`, else
# https://github.com/saturncloud/spegel).
# SOURCE_DATE_EPOCH (default: the time of the last commit) fixes every mtime and the created time,
# so the same binary always gives the same digest. Push with:
#   skopeo copy oci:OUT_DIR:REFERENCE docker://REFERENCE
# The release build takes tens of minutes on a 2-core machine; CI does not run this script (the
# image builder itself is tested by `swift test --filter ImageBuildingTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/spegel-image}
repository=${IMAGE_REPOSITORY:-ghcr.io/saturncloud/spegel}
source=${IMAGE_SOURCE:-$(git remote get-url origin 2>/dev/null || echo https://github.com/saturncloud/spegel)}

swift build -c release --product spegel --static-swift-stdlib
swift build -c release --product spegelctl --static-swift-stdlib
bin=$(swift build -c release --show-bin-path)

# Debug info (DWARF) is most of a release binary; the symbol table stays for backtraces.
stripped=.build/spegel-image-binary/spegel
mkdir -p "$(dirname "$stripped")"
strip --strip-debug -o "$stripped.tmp" "$bin/spegel"
mv "$stripped.tmp" "$stripped"

version=$("$stripped" --version)
reference="$repository:v$version"
revision=$(git rev-parse HEAD)
[ -n "$(git status --porcelain --untracked-files=no)" ] && revision="$revision-dirty"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}

"$bin/spegelctl" image build --binary "$stripped" --out "$out" --tag "$reference" \
    --label "org.opencontainers.image.title=spegel" \
    --label "org.opencontainers.image.description=Node-local peer-to-peer OCI registry mirror for containerd" \
    --label "org.opencontainers.image.source=$source" \
    --label "org.opencontainers.image.version=v$version" \
    --label "org.opencontainers.image.revision=$revision"

default=$(sed -n 's/^  spegel: *//p' templates/operator-defaults.yaml)
if [ "$default" != "$reference" ]; then
    echo "warning: templates/operator-defaults.yaml has images.spegel: $default, this image is $reference;" \
         "update the default and run \`spegelctl golden update\`" >&2
fi
