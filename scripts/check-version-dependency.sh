#!/usr/bin/env bash
# Proves DataFlow can be added to a package by version, as the README tells users to: clones this
# repository's committed HEAD into a temporary folder, tags the clone, builds a fresh package that
# depends on it with `.package(url: "file://...", from: ...)`, and runs the README's quick-start
# program, whose output must be the one the README prints. SwiftPM refuses version-based
# dependencies whose targets use unsafe build flags, so this fails if any creeps back.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/dataflow-version-dependency.XXXXXX)"
trap 'rm -rf "$work"' EXIT
version=1.0.0

git clone --quiet "$repo" "$work/DataFlow"
git -C "$work/DataFlow" tag "$version"

# The README's quick start: its first swift block, and the block after the line "prints".
readme_block() { # $1: "program" or "output"
    awk -v want="$1" '
        /^## Quick start/ { inside = 1; next }
        inside && /^## / { exit }
        inside && $0 == "prints" { printed = 1; next }
        inside && !open && ((want == "program" && $0 == "```swift") || (want == "output" && printed && $0 == "```")) { open = 1; next }
        inside && open && $0 == "```" { exit }
        inside && open { print }
    ' "$repo/README.md"
}
mkdir -p "$work/app/Sources/app"
readme_block program >"$work/app/Sources/app/main.swift"
readme_block output >"$work/expected.txt"
test -s "$work/app/Sources/app/main.swift" || { echo "no quick-start program found in README.md" >&2; exit 1; }
test -s "$work/expected.txt" || { echo "no quick-start output found in README.md" >&2; exit 1; }

cat >"$work/app/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "app",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "file://$work/DataFlow", from: "$version")],
    targets: [.executableTarget(name: "app", dependencies: [.product(name: "DataFlow", package: "DataFlow")])]
)
EOF

cd "$work/app"
swift build --quiet 2>&1 | tail -20
swift run --skip-build app >"$work/actual.txt"
# The program prints the table first, then its plan; the table must be the README's.
head -n "$(wc -l <"$work/expected.txt")" "$work/actual.txt" >"$work/table.txt"
if ! diff -u "$work/expected.txt" "$work/table.txt"; then
    echo "the quick-start program's output differs from README.md" >&2
    exit 1
fi
echo "DataFlow $version resolved by version from a fresh package; the README's quick start printed its table"
