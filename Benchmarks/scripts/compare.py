"""Races DataFlow against DuckDB and Polars on the benchmark workloads, in one run on one machine.

Each engine runs each workload in its own process (warm-up, then --runs timed runs; median reported),
engines interleaved workload by workload. Result checksums are cross-checked so that a fast wrong
answer is reported as wrong. Writes results/latest.json and results/latest.md and prints the table.
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

from workloads import WORKLOADS

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command: list) -> dict:
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def agrees(a: dict, b: dict) -> bool:
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, float) or isinstance(other, float):
            if other is None or not math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-6):
                return False
        elif value != other:
            return False
    return True


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--dataflow", required=True, help="path to the DataFlowBench binary (release)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--out", default=os.path.join(HERE, "..", "results"))
    args = parser.parse_args()
    with open(os.path.join(args.data, "meta.json")) as handle:
        rows = json.load(handle)["rows"]
    results = []
    for workload in args.workloads.split(","):
        entry = {"workload": workload, "title": WORKLOADS[workload]["title"], "engines": {}}
        common = ["--data", args.data, "--workload", workload, "--runs", str(args.runs)]
        entry["engines"]["dataflow"] = run([args.dataflow, *common, "--parallelism", str(args.parallelism)])
        for engine in ("duckdb", "polars"):
            if engine not in WORKLOADS[workload].get("engines", ["dataflow", "duckdb", "polars"]):
                continue
            entry["engines"][engine] = run([sys.executable, os.path.join(HERE, "peers.py"), engine, *common, "--threads", str(args.parallelism)])
        reference = entry["engines"]["duckdb"]["checksum"]
        for name, result in entry["engines"].items():
            result["correct"] = agrees(result["checksum"], reference)
        results.append(entry)
        print(f"{workload}: " + ", ".join(f"{name} {r['median']:.3f}s" for name, r in entry["engines"].items()), file=sys.stderr)
    report = {
        "rows": rows, "parallelism": args.parallelism, "runs": args.runs, "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "results": results,
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.json"), "w") as handle:
        json.dump(report, handle, indent=2)
    lines = [
        f"{rows:,} rows, {args.parallelism} threads per engine, median of {args.runs} runs after a warm-up; {report['machine']}; {report['date']}.",
        "",
        "| workload | DataFlow | DuckDB | Polars | DataFlow / DuckDB | DataFlow / Polars | DataFlow peak RSS | results agree |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for entry in results:
        e = entry["engines"]
        ok = all(r["correct"] for r in e.values())
        def cell(engine: str) -> str:
            return f"{e[engine]['median']:.3f} s" if engine in e else "n/a"
        def ratio(engine: str) -> str:
            return f"{e['dataflow']['median'] / e[engine]['median']:.2f}" if engine in e else "n/a"
        lines.append(
            f"| {entry['title']} | {cell('dataflow')} | {cell('duckdb')} | {cell('polars')} | {ratio('duckdb')} | {ratio('polars')} "
            f"| {e['dataflow']['peak_rss_mb']:.0f} MB | {'yes' if ok else 'NO: ' + json.dumps({k: r['checksum'] for k, r in e.items()})} |"
        )
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "latest.md"), "w") as handle:
        handle.write(table)
    print(table)


if __name__ == "__main__":
    main()
