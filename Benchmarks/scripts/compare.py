"""Races DataFlow against DuckDB, Polars and (with --engines) PySpark on the benchmark workloads, in one run on one machine.

Each engine runs each workload in its own process (warm-up, then --runs timed runs; median and spread
reported), engines interleaved workload by workload. Result checksums, and for write workloads a
DuckDB query over the files each engine wrote, are cross-checked so that a fast wrong answer is
reported as wrong. Writes latest.json, latest.md and latest.svg (bars of each engine's
time relative to DuckDB's, which the markdown embeds) and prints the table.
"""
import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time

from workloads import ALL_ENGINES, WORKLOADS

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command: list) -> dict:
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def agrees(a: dict, b: dict) -> bool:
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, dict) and isinstance(other, dict):
            if not agrees(value, other):
                return False
        elif isinstance(value, float) or isinstance(other, float):
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


ENGINES = [("dataflow", "DataFlow", "#2b6cb0"), ("duckdb", "DuckDB", "#d69e2e"), ("polars", "Polars", "#718096"), ("spark", "PySpark", "#c05621"),
           ("datafusion", "DataFusion", "#38a169")]
ENGINE_NAMES = {key: name for key, name, _ in ENGINES}


def written_files_check(workload: str, data: str, engine: str) -> dict:
    """The workload's `verify` query (DuckDB, one thread, UTC) over the files `engine` wrote."""
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET threads=1")
    connection.execute("SET TimeZone='UTC'")
    written = os.path.join(os.path.abspath(data), "written", engine)
    cursor = connection.execute(WORKLOADS[workload]["verify"].replace("{written}", written))
    names = [column[0] for column in cursor.description]
    return {name: (float(value) if not isinstance(value, (int, float)) else value) for name, value in zip(names, cursor.fetchone())}


def spread(result: dict) -> str:
    """The timed runs' range as a share of the median: how steady the measurement was."""
    times = result["times"]
    return f"±{(max(times) - min(times)) / 2 / result['median'] * 100:.0f}%" if len(times) > 1 else "n/a"


def chart(results: list) -> str:
    """An SVG of grouped horizontal bars: per workload, each engine's median over DuckDB's (log scale).
    `results` holds {"workload": name, "engines": {engine key: {"median": seconds}}} per workload."""
    engines = [engine for engine in ENGINES if any(engine[0] in entry["engines"] for entry in results)]
    bar, left, width = 12, 300, 420
    row = bar * len(engines) + 10
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
        out.append(f'<text x="{left - 8}" y="{y + bar * len(engines) / 2 + 4:.0f}" text-anchor="end">{title}</text>')
        base = entry["engines"]["duckdb"]["median"]
        for slot, (key, name, color) in enumerate(engines):
            if key not in entry["engines"]:
                continue
            ratio = min(8.0, max(0.125, entry["engines"][key]["median"] / base))
            out.append(f'<rect x="{left}" y="{y + slot * bar}" width="{scale(ratio):.1f}" height="{bar - 2}" fill="{color}"><title>{name} {ratio:.2f}x</title></rect>')
    for slot, (_, name, color) in enumerate(engines):
        out.append(f'<rect x="{left + width + 10}" y="{30 + slot * 16}" width="10" height="10" fill="{color}"/><text x="{left + width + 24}" y="{39 + slot * 16}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def slower_section(results: list) -> list:
    """One line per workload where DataFlow is slower than a peer (a ratio above 1.0), with the
    workload's `slower` explanation from workloads.py."""
    lines = []
    for entry in results:
        e = entry["engines"]
        ratios = [(peer, e["dataflow"]["median"] / e[peer]["median"]) for peer in ENGINE_NAMES if peer != "dataflow" and peer in e]
        slower = ", ".join(f"{ratio:.2f}x {ENGINE_NAMES[peer]}" for peer, ratio in ratios if ratio > 1.0)
        if slower:
            lines.append(f"- `{entry['workload']}` ({slower}): {WORKLOADS[entry['workload']].get('slower', 'not profiled yet')}")
    heading = "Where DataFlow is slower, and where its time goes (from `make -C Benchmarks profile WORKLOAD=...`):"
    return [heading, "", *lines] if lines else ["DataFlow is not slower than any peer on any workload in this run."]


def embed(path: str, report: str) -> None:
    """Replaces the text between README_START and README_END in `path` with `report`."""
    with open(path) as handle:
        text = handle.read()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: no '{README_START}' ... '{README_END}' section to replace")
    with open(path, "w") as handle:
        handle.write(text[: start + len(README_START)] + "\n" + report + text[end:])


README_START, README_END = "<!-- latest results: written by make bench -->", "<!-- end of latest results -->"


def measure(args) -> dict:
    """Runs every workload on every engine and returns the report (what latest.json holds)."""
    with open(os.path.join(args.data, "meta.json")) as handle:
        rows = json.load(handle)["rows"]
    results = []
    for workload in args.workloads.split(","):
        entry = {"workload": workload, "title": WORKLOADS[workload]["title"], "engines": {}}
        common = ["--data", args.data, "--workload", workload, "--runs", str(args.runs)]
        for engine in ALL_ENGINES:
            if engine not in WORKLOADS[workload].get("engines", ALL_ENGINES) or engine not in ({"dataflow", "duckdb"} | set(args.engines.split(","))):
                continue
            # Each workload writes into an empty directory, so the check sees only its own files.
            shutil.rmtree(os.path.join(args.data, "written", engine), ignore_errors=True)
            if engine == "dataflow":
                result = run([args.dataflow, *common, "--parallelism", str(args.parallelism)])
            else:
                result = run([sys.executable, os.path.join(HERE, "peers.py"), engine, *common, "--threads", str(args.parallelism)])
            if "verify" in WORKLOADS[workload]:
                result["checksum"]["written"] = written_files_check(workload, args.data, engine)
            entry["engines"][engine] = result
        reference = entry["engines"]["duckdb"]["checksum"]
        for name, result in entry["engines"].items():
            result["correct"] = agrees(result["checksum"], reference)
        results.append(entry)
        print(f"{workload}: " + ", ".join(f"{name} {r['median']:.3f}s" for name, r in entry["engines"].items()), file=sys.stderr)
    return {
        "rows": rows, "parallelism": args.parallelism, "runs": args.runs, "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "command": args.command, "results": results,
    }


def markdown(report: dict) -> str:
    """The report as markdown: the table of medians and ratios, the chart, and every slower ratio explained."""
    results = report["results"]
    peers = [key for key, _, _ in ENGINES if key != "dataflow" and any(key in entry["engines"] for entry in results)]
    lines = [
        f"{report['rows']:,} rows, {report['parallelism']} threads per engine, median of {report['runs']} runs after a warm-up; "
        f"{report['machine']}; {report['date']}.",
        "",
        "![each engine's time relative to DuckDB's, per workload](latest.svg)",
        "",
        "| workload | DataFlow | " + " | ".join(ENGINE_NAMES[p] for p in peers) + " | " + " | ".join(f"DataFlow / {ENGINE_NAMES[p]}" for p in peers)
        + " | DataFlow spread | DataFlow peak RSS | results agree |",
        "| --- | ---: | " + "---: | " * (2 * len(peers)) + "---: | ---: | --- |",
    ]
    for entry in results:
        e = entry["engines"]
        ok = all(r["correct"] for r in e.values())
        def cell(engine: str) -> str:
            return f"{e[engine]['median']:.3f} s" if engine in e else "n/a"
        def ratio(engine: str) -> str:
            return f"{e['dataflow']['median'] / e[engine]['median']:.2f}" if engine in e else "n/a"
        lines.append(
            f"| {entry['title']} | {cell('dataflow')} | " + " | ".join(cell(p) for p in peers) + " | " + " | ".join(ratio(p) for p in peers)
            + f" | {spread(e['dataflow'])} | {e['dataflow']['peak_rss_mb']:.0f} MB | "
            + ("yes" if ok else "NO: " + json.dumps({k: r["checksum"] for k, r in e.items()})) + " |"
        )
    lines += ["", f"Produced by `{report.get('command', 'scripts/compare.py')}`.", "", *slower_section(results)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", help="the generated datasets (required unless --render)")
    parser.add_argument("--dataflow", help="path to the DataFlowBench binary (release; required unless --render)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--engines", default="dataflow,duckdb,polars", help="any of " + ",".join(ALL_ENGINES) + " (DataFlow and DuckDB always run)")
    parser.add_argument("--out", default=os.path.join(HERE, "..", "results"))
    parser.add_argument("--command", default="scripts/compare.py", help="the command that produced the run, quoted in the report")
    parser.add_argument("--readme", help="a markdown file whose results section (between the markers) is replaced by the report")
    parser.add_argument("--render", action="store_true", help="rewrite the reports from --out's latest.json without running anything "
                        "(after editing the explanations in workloads.py)")
    args = parser.parse_args()
    if args.render:
        with open(os.path.join(args.out, "latest.json")) as handle:
            report = json.load(handle)
    elif args.data and args.dataflow:
        report = measure(args)
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "latest.json"), "w") as handle:
            json.dump(report, handle, indent=2)
    else:
        parser.error("--data and --dataflow are required unless --render")
    table = markdown(report)
    with open(os.path.join(args.out, "latest.md"), "w") as handle:
        handle.write(table)
    if args.readme:
        embed(args.readme, table.replace("](latest.svg)", "](results/latest.svg)"))
    with open(os.path.join(args.out, "latest.svg"), "w") as handle:
        handle.write(chart(report["results"]))
    print(table)


if __name__ == "__main__":
    main()
