"""Out-of-core workloads: data far larger than the memory limit, on DataFlow, DuckDB and Polars.

At SCALE 1: (a) group-by of 100M rows with 20M distinct int64 keys; (b) sort of 100M (int64, string)
rows written to one Parquet file; (c) hash join of 100M x 20M rows. DataFlow and DuckDB run under the
same memory limit (default 1 GiB) spilling to a temporary folder (DuckDB: memory_limit and
temp_directory); Polars runs its streaming engine, which has no memory limit to set. Each run is its
own process: its time is measured inside it, its peak RSS by wait4 (ru_maxrss), and the bytes it
spilled as the most its spill folder held while it ran (DataFlow also reports the bytes it wrote in all).

    python out_of_core.py --dataflow .build/release/OutOfCoreBench --data ../bench-data/out-of-core-1 \
        --scale 1 --runs 1 --memory-limit 1g --out results
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

WORKLOADS = {
    "groupby": "(a) group-by: {rows} rows, {keys} distinct int64 keys, sum per key",
    "sort": "(b) sort: {rows} (int64, string) rows written to one Parquet file",
    "join": "(c) hash join: {rows} x {keys} rows on an int64 key, count and sum",
}


def generate(data: str, scale: float) -> tuple[int, int]:
    """Writes facts (k, v), dimension (k, w) and sort (a, b) as Parquet under `data`, once per scale."""
    import duckdb

    rows, keys = int(100_000_000 * scale), int(20_000_000 * scale)
    marker = os.path.join(data, "_GENERATED")
    stamp = f"rows {rows} keys {keys}"
    if os.path.exists(marker) and open(marker).read() == stamp:
        return rows, keys
    shutil.rmtree(data, ignore_errors=True)
    files = 8
    connection = duckdb.connect()
    connection.execute("SET threads=2")
    for name in ("facts", "dimension", "sort"):
        os.makedirs(os.path.join(data, name))
    for part in range(files):
        low, high = rows * part // files, rows * (part + 1) // files
        connection.execute(f"""COPY (SELECT (hash(i) % {keys})::BIGINT AS k, (i % 1000)::BIGINT AS v FROM range({low}, {high}) t(i))
            TO '{data}/facts/part-{part}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
        connection.execute(f"""COPY (SELECT (hash(i * 7 + 1) >> 1)::BIGINT AS a, 'key-' || (hash(i) % 1000003)::VARCHAR AS b
            FROM range({low}, {high}) t(i)) TO '{data}/sort/part-{part}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
        low, high = keys * part // files, keys * (part + 1) // files
        connection.execute(f"""COPY (SELECT i::BIGINT AS k, (i % 100)::BIGINT AS w FROM range({low}, {high}) t(i))
            TO '{data}/dimension/part-{part}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
    with open(marker, "w") as out:
        out.write(stamp)
    return rows, keys


DUCKDB = """
import duckdb, json, sys, time
workload, data, limit, spill, threads, output = sys.argv[1:7]
connection = duckdb.connect()
connection.execute(f"SET threads={threads}")
connection.execute(f"SET memory_limit='{limit}'")
connection.execute(f"SET temp_directory='{spill}'")
connection.execute("SET preserve_insertion_order=false")
start = time.perf_counter()
if workload == "groupby":
    n, total = connection.execute(f"SELECT count(*), sum(s) FROM (SELECT k, sum(v) AS s FROM read_parquet('{data}/facts/*.parquet') GROUP BY k)").fetchone()
    checksum = {"n": n, "total": int(total)}
elif workload == "join":
    n, total = connection.execute(f"SELECT count(*), sum(f.v + d.w) FROM read_parquet('{data}/facts/*.parquet') f JOIN read_parquet('{data}/dimension/*.parquet') d USING (k)").fetchone()
    checksum = {"n": n, "total": int(total)}
else:
    rows = connection.execute(f"COPY (SELECT * FROM read_parquet('{data}/sort/*.parquet') ORDER BY a, b) TO '{output}' (FORMAT parquet)").fetchone()[0]
    checksum = {"rows": rows}
print(json.dumps({"engine": "duckdb", "workload": workload, "seconds": time.perf_counter() - start, "checksum": checksum}))
"""

POLARS = """
import json, sys, time
workload, data, threads, output = sys.argv[1:5]
import os
os.environ["POLARS_MAX_THREADS"] = threads
import polars as pl
start = time.perf_counter()
if workload == "groupby":
    frame = pl.scan_parquet(f"{data}/facts/*.parquet").group_by("k").agg(pl.col("v").sum().alias("s")).select(pl.len().alias("n"), pl.col("s").sum().alias("total"))
    row = frame.collect(engine="streaming").row(0)
    checksum = {"n": row[0], "total": int(row[1])}
elif workload == "join":
    facts, dimension = pl.scan_parquet(f"{data}/facts/*.parquet"), pl.scan_parquet(f"{data}/dimension/*.parquet")
    frame = facts.join(dimension, on="k").select(pl.len().alias("n"), (pl.col("v") + pl.col("w")).sum().alias("total"))
    row = frame.collect(engine="streaming").row(0)
    checksum = {"n": row[0], "total": int(row[1])}
else:
    pl.scan_parquet(f"{data}/sort/*.parquet").sort(["a", "b"]).sink_parquet(output)
    checksum = {"rows": pl.scan_parquet(output).select(pl.len()).collect().item()}
print(json.dumps({"engine": "polars", "workload": workload, "seconds": time.perf_counter() - start, "checksum": checksum}))
"""


def folder_bytes(path: str) -> int:
    total = 0
    for root, _, names in os.walk(path):
        for name in names:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def run_one(engine: str, workload: str, args, spill: str) -> dict:
    output = os.path.join(spill, "..", f"{engine}-{workload}.parquet")
    env = dict(os.environ)
    if engine == "dataflow":
        command = [args.dataflow, "--workload", workload, "--data", args.data, "--memory-limit", args.memory_limit,
                   "--spill-directory", spill, "--parallelism", str(args.parallelism), "--output", output + ".d"]
    elif engine == "duckdb":
        command = [sys.executable, "-c", DUCKDB, workload, args.data, duckdb_limit(args.memory_limit), spill, str(args.parallelism), output]
    else:
        env["POLARS_TEMP_DIR"] = spill
        command = [sys.executable, "-c", POLARS, workload, args.data, str(args.parallelism), output]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    streams = {}
    readers = [threading.Thread(target=lambda name=name, stream=stream: streams.__setitem__(name, stream.read()))
               for name, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    peak_spill = 0
    while True:
        # wait4 with WNOHANG: reap the child ourselves, keeping its own rusage (its peak RSS).
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_spill = max(peak_spill, folder_bytes(spill))
        time.sleep(0.2)
    for reader in readers:
        reader.join()
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    out, errors = streams.get("out", ""), streams.get("err", "")
    if code != 0 or not out.strip():
        lines = [line for line in errors.splitlines() if line.strip()]
        return {"engine": engine, "workload": workload, "error": (lines or [f"exit status {code}"])[-1][:300]}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mib"] = usage.ru_maxrss / 1024
    result["peak_spill_bytes"] = peak_spill
    for leftover in (output, output + ".d"):
        if os.path.isdir(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
        elif os.path.exists(leftover):
            os.remove(leftover)
    return result


def duckdb_limit(text: str) -> str:
    """DataFlow's 1g / 512m as DuckDB's binary units (GiB / MiB)."""
    number, unit = text[:-1], text[-1].lower()
    return {"g": f"{number}GiB", "m": f"{number}MiB", "k": f"{number}KiB"}.get(unit, text)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mebibytes(value) -> str:
    return "–" if value is None else f"{value:,.0f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataflow", required=True, help="the built OutOfCoreBench executable")
    parser.add_argument("--data", required=True, help="where the generated Parquet data goes (kept between runs)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--memory-limit", default="1g")
    parser.add_argument("--engines", default="dataflow,duckdb,polars")
    parser.add_argument("--workloads", default="groupby,sort,join")
    parser.add_argument("--out", required=True, help="the folder for out-of-core.json and out-of-core.md")
    args = parser.parse_args()
    args.data = os.path.abspath(args.data)
    rows, keys = generate(args.data, args.scale)
    engines = args.engines.split(",")
    results = {}
    with tempfile.TemporaryDirectory(prefix="out-of-core-") as scratch:
        for workload in args.workloads.split(","):
            for run in range(args.runs):
                for engine in engines:  # interleaved, so machine noise hits every engine alike
                    spill = os.path.join(scratch, f"spill-{engine}")
                    os.makedirs(spill, exist_ok=True)
                    result = run_one(engine, workload, args, spill)
                    shutil.rmtree(spill, ignore_errors=True)
                    results.setdefault(workload, {}).setdefault(engine, []).append(result)
                    shown = result.get("error") or f"{result['seconds']:.1f} s, peak RSS {mebibytes(result.get('peak_rss_mib'))}, " \
                        f"spilled {result.get('peak_spill_bytes', 0) / 1e6:,.0f} MB, {result['checksum']}"
                    print(f"{workload} run {run + 1} {engine}: {shown}", flush=True)
    report(results, args, rows, keys)


def report(results: dict, args, rows: int, keys: int):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "out-of-core.json"), "w") as out:
        json.dump({"scale": args.scale, "memory_limit": args.memory_limit, "parallelism": args.parallelism, "results": results}, out, indent=1)
    lines = [f"Memory limit {args.memory_limit} (DuckDB: the same memory_limit and a temp_directory; Polars: streaming engine, no limit), "
             f"{args.parallelism} threads per engine, median of {args.runs} run(s), each in its own process; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
             "| workload | engine | time | vs DuckDB | peak RSS | spilled (most on disk at once) | DataFlow spill writes | result |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for workload, by_engine in results.items():
        title = WORKLOADS[workload].format(rows=f"{rows:,}", keys=f"{keys:,}")
        duck = [r["seconds"] for r in by_engine.get("duckdb", []) if "seconds" in r]
        reference = {json.dumps(r.get("checksum"), sort_keys=True) for r in by_engine.get("duckdb", []) if "checksum" in r}
        for engine, runs in by_engine.items():
            good = [r for r in runs if "seconds" in r]
            if not good:
                lines.append(f"| {title} | {engine} | failed: {runs[-1].get('error', '?')} | | | | | |")
                continue
            seconds = median([r["seconds"] for r in good])
            ratio = f"{seconds / median(duck):.2f}" if duck else "–"
            rss = max(r.get("peak_rss_mib") or 0 for r in good)
            spilled = max(r.get("peak_spill_bytes", 0) for r in good)
            written = max(r.get("spilled_bytes", 0) for r in good) if engine == "dataflow" else None
            agrees = "same as DuckDB" if json.dumps(good[-1]["checksum"], sort_keys=True) in reference else f"{good[-1]['checksum']}"
            lines.append(f"| {title} | {engine} | {seconds:.1f} s | {ratio} | {rss:,.0f} MiB | {spilled / 1e6:,.0f} MB | "
                         f"{'–' if written is None else f'{written / 1e6:,.0f} MB'} | {agrees} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "out-of-core.md"), "w") as out:
        out.write(text)
    print(text)


if __name__ == "__main__":
    main()
