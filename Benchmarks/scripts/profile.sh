#!/usr/bin/env bash
# profile.sh BINARY DATA WORKLOAD RUNS: samples DataFlowBench running WORKLOAD (a warm-up and RUNS
# timed runs) with perf's CPU clock and prints, demangled, the functions that hold the most samples
# of the runs (profile_report.py leaves out loading and the checksum): inclusive (which operator or
# stage the time is in) and self (the loop that spends it). The raw samples stay in
# /tmp/dataflow-profile-WORKLOAD.data for `perf report`.
set -euo pipefail
binary=$1 data=$2 workload=$3 runs=${4:-3}
samples=/tmp/dataflow-profile-$workload.data
perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -o "$samples" \
    "$binary" --data "$data" --workload "$workload" --runs "$runs" >/dev/null
perf script -i "$samples" -F ip,sym 2>/dev/null | python3 "$(dirname "$0")/profile_report.py" |
    swift demangle --simplified | cut -c1-200
