#!/usr/bin/env bash
# The kernel regression gate: runs the ordo-one/benchmark suite (KernelBenchmarks) on the commit BASE
# (default main, checked out in a temporary worktree) and on the working tree, then checks the
# working tree's results against BASE's with the thresholds set in KernelBenchmarks.swift.
# Exit status: 0 within the thresholds, non-zero when a benchmark regressed past them (the table says which).
set -euo pipefail
base=${1:-main}
here=$(cd "$(dirname "$0")/../.." && pwd) # the repository
commit=$(git -C "$here" rev-parse --verify "$base^{commit}")
tree=$(mktemp -d /tmp/dataflow-gate-XXXXXX)
trap 'git -C "$here" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git -C "$here" worktree add --detach "$tree" "$commit" >/dev/null
record() { # record DIR NAME: run the suite in DIR's Benchmarks package and store it as baseline NAME
    # One build folder for both trees: the dependencies build once, only DataFlow is rebuilt.
    (cd "$1/Benchmarks" && swift package --scratch-path "$here/Benchmarks/.build" --disable-sandbox \
        --allow-writing-to-package-directory benchmark baseline update "$2" --target KernelBenchmarks --no-progress)
    [ -f "$1/Benchmarks/.benchmarkBaselines/KernelBenchmarks/$2/results.json" ] || { echo "kernel gate: no baseline '$2' was recorded in $1" >&2; exit 1; }
}
echo "kernel gate: recording $base ($commit)"
record "$tree" base
mkdir -p "$here/Benchmarks/.benchmarkBaselines/KernelBenchmarks"
rm -rf "$here/Benchmarks/.benchmarkBaselines/KernelBenchmarks/base"
cp -R "$tree/Benchmarks/.benchmarkBaselines/KernelBenchmarks/base" "$here/Benchmarks/.benchmarkBaselines/KernelBenchmarks/"
echo "kernel gate: recording the working tree"
record "$here" current
cd "$here/Benchmarks"
swift package --disable-sandbox benchmark baseline check base current --target KernelBenchmarks --no-progress
