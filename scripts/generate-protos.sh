#!/usr/bin/env bash
# Regenerates Sources/Containerd/Generated from protos/containerd/*.proto. Run once after editing a
# .proto file and commit the result (the build does not run protoc).
# Needs protoc (Debian: protobuf-compiler) and the two Swift plugins, built from the package's own
# dependencies:
#   swift build -c release --product protoc-gen-swift
#   swift build -c release --product protoc-gen-grpc-swift-2
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${PLUGIN_DIR:-$(swift build -c release --show-bin-path)}"
out=Sources/Containerd/Generated
rm -f "$out"/*.pb.swift "$out"/*.grpc.swift
protoc -I protos/containerd \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_opt=Visibility=Public \
    --swift_out="$out" \
    --grpc-swift_opt=Visibility=Public,Server=false \
    --grpc-swift_out="$out" \
    protos/containerd/*.proto
# Files without services come out empty; keep only the ones that declare something.
for f in "$out"/*.grpc.swift; do grep -q "struct Client" "$f" || rm -f "$f"; done
echo "generated into $out"
