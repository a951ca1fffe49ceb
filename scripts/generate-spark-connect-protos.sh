#!/usr/bin/env bash
# Regenerates the Swift code of DataFlow's Spark Connect messages and client (committed under
# Sources/DataFlowSparkConnect/Generated; builds never run the generator).
# The generated messages that keep their fields in a heap storage class (LambdaFunction, Expression,
# the relations) are `@unchecked Sendable`: swift-protobuf copies that storage before any write
# when it is shared (`_uniqueStorage()`), so no instance is ever mutated from two places.
#
# Needs protoc (Debian's protobuf-compiler, installed when missing) and the two protoc plugins,
# built here from the package's own dependencies: protoc-gen-swift (swift-protobuf) and
# protoc-gen-grpc-swift-2 (grpc-swift-protobuf). Set PROTOC_GEN_SWIFT / PROTOC_GEN_GRPC_SWIFT to
# use plugins built elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v protoc >/dev/null; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y protobuf-compiler
fi

scratch=.build-protoc
if [ -z "${PROTOC_GEN_SWIFT:-}" ]; then
    swift build -c release --scratch-path "$scratch" --product protoc-gen-swift
    PROTOC_GEN_SWIFT="$scratch/release/protoc-gen-swift"
fi
if [ -z "${PROTOC_GEN_GRPC_SWIFT:-}" ]; then
    swift build -c release --scratch-path "$scratch" --product protoc-gen-grpc-swift-2
    PROTOC_GEN_GRPC_SWIFT="$scratch/release/protoc-gen-grpc-swift-2"
fi

out=Sources/DataFlowSparkConnect/Generated
rm -rf "$out" && mkdir -p "$out"
protos=(Protos/spark/connect/*.proto)
protoc --proto_path=Protos \
    --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" --swift_out="$out" --swift_opt=Visibility=Internal \
    "${protos[@]}"
protoc --proto_path=Protos \
    --plugin=protoc-gen-grpc-swift="$PROTOC_GEN_GRPC_SWIFT" --grpc-swift_out="$out" \
    --grpc-swift_opt=Visibility=Internal,Client=true,Server=false \
    Protos/spark/connect/base.proto
ls "$out"
