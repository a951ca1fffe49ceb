#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ with -sanitize=fuzzer,address and runs each for
# FUZZ_SECONDS (default 60) on a scratch copy of its seed corpus (Fuzz/Corpus/<target>/), with
# libFuzzer's memory limits: an allocation over 1 GiB or 2 GiB of resident memory is a finding, as
# is a crash, a trap, a memory error (AddressSanitizer), a hang over 10 s or an error that is not a
# DataFlowError. Leak detection is off: Foundation's Data(contentsOf:) leaks 4 KiB reading an empty
# file (swift-foundation, not DataFlow), which would stop every run at its first empty input. A finding's input is
# kept in Fuzz/findings/<target>/ and the script exits non-zero; copy it into
# Tests/Fixtures/bad-input/<target>/ with a test expecting its DataFlowError once it is fixed.
# FUZZ_TARGETS picks targets (space-separated); prints per target the executions run.
set -euo pipefail
# The targets need only the engine and its formats: skip resolving every other package.
export DATAFLOW_ENGINE_ONLY=1
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-FuzzParquet FuzzThrift FuzzCSV FuzzJSON FuzzArrow FuzzDecompress}"
build=(swift build --package-path "$root/Fuzz" --scratch-path "$root/.build-fuzz" -c debug
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
"${build[@]}" --quiet
bin="$("${build[@]}" --show-bin-path)"

status=0
for target in $targets; do
    corpus="$(mktemp -d "/tmp/dataflow-fuzz-$target.XXXXXX")"
    cp -R "$root/Fuzz/Corpus/$target/." "$corpus/"
    findings="$root/Fuzz/findings/$target"
    mkdir -p "$findings"
    log="$corpus.log"
    if ASAN_OPTIONS=detect_leaks=0 "$bin/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -detect_leaks=0 \
        -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1; then
        outcome="no findings"
    else
        outcome="FINDING (input kept in Fuzz/findings/$target/)"
        status=1
        grep -E "ERROR|Fatal error|==[0-9]+==|SUMMARY" "$log" | head -20 || true
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    echo "$target: ${runs:-?} executions in ${seconds} s, $outcome"
    rmdir "$findings" 2>/dev/null || true
    rm -rf "$corpus" "$log"
done
exit $status
