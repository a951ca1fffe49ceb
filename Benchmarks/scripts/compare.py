"""Races DataFlow against DuckDB and Polars on the benchmark workloads, in one run on one machine.

Each engine runs each workload in its own process (warm-up, then --runs timed runs; median and spread
reported), engines interleaved workload by workload. Result checksums are cross-checked so that a fast
wrong answer is reported as wrong. Writes latest.json, latest.md and latest.svg (bars of each engine's
time relative to DuckDB's, which the markdown embeds) and prints the table.
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


ENGINES = [("dataflow", "DataFlow", "#2b6cb0"), ("duckdb", "DuckDB", "#d69e2e"), ("polars", "Polars", "#718096")]


def spread(result: dict) -> str:
    """The timed runs' range as a share of the median: how steady the measurement was."""
    times = result["times"]
    return f"±{(max(times) - min(times)) / 2 / result['median'] * 100:.0f}%" if len(times) > 1 else "n/a"


def chart(results: list) -> str:
    """An SVG of grouped horizontal bars: per workload, each engine's median over DuckDB's (log scale)."""
    row, bar, left, width = 46, 12, 300, 420
    scale = lambda ratio: (math.log2(ratio) + 3) / 6 * width  # 1/8x at the left edge, 8x at the right
    height = row * len(results) + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="14">time relative to DuckDB (log scale; shorter is faster)</text>']
    for tick in (0.125, 0.25, 0.5, 1, 2, 4, 8):
        x = left + scale(tick)
        out.append(f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height - 30}" stroke="{"#000" if tick == 1 else "#ddd"}"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 16}" text-anchor="middle">{tick:g}x</text>')
    for index, entry in enumerate(results):
        y = 30 + index * row
        title = entry["workload"]
        out.append(f'<text x="{left - 8}" y="{y + 20}" text-anchor="end">{title}</text>')
        base = entry["engines"]["duckdb"]["median"]
        for slot, (key, name, color) in enumerate(ENGINES):
            if key not in entry["engines"]:
                continue
            ratio = min(8.0, max(0.125, entry["engines"][key]["median"] / base))
            out.append(f'<rect x="{left}" y="{y + slot * bar}" width="{scale(ratio):.1f}" height="{bar - 2}" fill="{color}"><title>{name} {ratio:.2f}x</title></rect>')
    for slot, (_, name, color) in enumerate(ENGINES):
        out.append(f'<rect x="{left + width + 10}" y="{30 + slot * 16}" width="10" height="10" fill="{color}"/><text x="{left + width + 24}" y="{39 + slot * 16}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


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
        "![each engine's time relative to DuckDB's, per workload](latest.svg)",
        "",
        "| workload | DataFlow | DuckDB | Polars | DataFlow / DuckDB | DataFlow / Polars | DataFlow spread | DataFlow peak RSS | results agree |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
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
            f"| {spread(e['dataflow'])} | {e['dataflow']['peak_rss_mb']:.0f} MB | {'yes' if ok else 'NO: ' + json.dumps({k: r['checksum'] for k, r in e.items()})} |"
        )
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "latest.md"), "w") as handle:
        handle.write(table)
    with open(os.path.join(args.out, "latest.svg"), "w") as handle:
        handle.write(chart(results))
    print(table)


if __name__ == "__main__":
    main()
