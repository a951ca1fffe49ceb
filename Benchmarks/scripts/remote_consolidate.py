"""`consolidate` three ways on the 1.25M-row landing day (seed 002's job): DataFlow embedded, the same
`dataflow consolidate` command on a Spark Connect server (local[2], started here from PyPI pyspark),
and PySpark doing the job natively in local[2] (engine_spark.py's version). Each is run once to
warm up (the JVMs and the page cache), then RUNS times; the medians and ratios go to the terminal
and to results/remote-consolidate.md.

  python remote_consolidate.py --data DIR --dataflow PATH/TO/dataflow --runs 5 --out results
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


def consolidate_command(dataflow: str, data: str, output: str, warehouse: str, remote: str = None) -> list:
    command = [dataflow, "consolidate", "--source", f"{data}/landing/chargebacks", "--output", output, "--file-count", "10",
               "--compression", "snappy", "--partition-date", "2025-11-02", "--execution-sequence", "1",
               "--warehouse", warehouse, "--parallelism", "2", "--quiet"]
    return command + (["--remote", remote] if remote else [])


def timed(action, runs: int, name: str) -> list:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    print(f"{name}: {', '.join(f'{t:.2f} s' for t in times)}", flush=True)
    return times


def written(output: str) -> tuple:
    return duckdb.sql(f"SELECT count(*), count(DISTINCT chargeback_id), sum(amount)::DOUBLE "
                      f"FROM read_parquet('{output}/**/*.parquet', hive_partitioning=false)").fetchall()[0]


def native_pyspark(data: str, output: str, runs: int) -> list:
    import engine_spark
    run = engine_spark.prepare("consolidate", "", {}, data, output, threads=2)
    return timed(run, runs, "PySpark native")


def arguments() -> argparse.Namespace:
    """The options of the consolidate benchmarks: --data, --dataflow, --runs and --out."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--dataflow", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", required=True)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    scratch = tempfile.mkdtemp(prefix="dataflow-remote-consolidate-")
    results = {}

    embedded_out = f"{scratch}/embedded"
    results["DataFlow embedded"] = timed(lambda: subprocess.run(
        consolidate_command(args.dataflow, args.data, embedded_out, f"{scratch}/wh-embedded"), check=True), args.runs, "DataFlow embedded")

    server = f"{scratch}/server"
    url = subprocess.run([f"{ROOT}/scripts/spark-connect-test-server.sh", "start", server], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHON": sys.executable}).stdout.strip()
    try:
        remote_out = f"{scratch}/remote"
        results["DataFlow on Spark Connect (local[2])"] = timed(lambda: subprocess.run(
            consolidate_command(args.dataflow, args.data, remote_out, f"{scratch}/wh-remote", remote=url), check=True), args.runs,
            "DataFlow on Spark Connect")
    finally:
        subprocess.run([f"{ROOT}/scripts/spark-connect-test-server.sh", "stop", server], check=False)

    native_out = f"{scratch}/native"
    results["PySpark native (local[2])"] = native_pyspark(args.data, native_out, args.runs)

    outputs = {"DataFlow embedded": embedded_out + "/year=2025/month=11/day=02",
               "DataFlow on Spark Connect (local[2])": remote_out + "/year=2025/month=11/day=02", "PySpark native (local[2])": native_out}
    checks = {name: written(path) for name, path in outputs.items()}
    base = statistics.median(results["PySpark native (local[2])"])
    lines = ["| engine | median | spread | vs PySpark native |", "|---|---:|---:|---:|"]
    for name, times in results.items():
        median = statistics.median(times)
        lines.append(f"| {name} | {median:.2f} s | {min(times):.2f}-{max(times):.2f} s | {median / base:.2f} |")
    finish(lines, checks, os.path.join(args.out, "remote-consolidate.md"),
           f"`consolidate` of the 1.25M-row day, median of {args.runs} runs after a warm-up "
           f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; `make bench-remote`):")


def finish(lines: list, checks: dict, path: str, introduction: str) -> None:
    """Adds whether the engines' outputs (`checks`, by engine) agree to the table `lines`, prints it,
    writes it to `path` after `introduction`, and exits non-zero when the outputs differ."""
    agree = len(set(checks.values())) == 1
    lines = lines + ["", f"Outputs (rows, distinct keys, sum of amounts): {'all equal' if agree else 'DIFFER'}: "
                     + "; ".join(f"{name}: {value}" for name, value in checks.items())]
    report = "\n".join(lines)
    print(report)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        file.write(f"{introduction}\n\n{report}\n")
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
