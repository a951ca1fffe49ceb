"""TPC-H: the 22 queries of ../tpch (standard text, qualification parameters) on DataFlow
(session.sql), DuckDB, Polars (its SQL) and DataFusion (its SQL) over tpchgen-cli's Parquet tables.

Every engine runs each query in a process of its own, RUNS times; the time is the median run, the
peak memory the process's (wait4's ru_maxrss). Each engine's last result is compared with DuckDB's
(exact decimals equal; a double against a decimal within half a unit of its last digit; doubles to
1e-9 relative). Writes tpch.md and tpch.json to --out with the per-query times, their ratios to
DuckDB, the geometric means and peak memory, and tpch.svg: each engine's time per query over
DuckDB's, drawn as compare.py draws the other workloads.

    python tpch.py --dataflow .build/release/TPCHBench --sf 1 --runs 3 --parallelism 2 --out results
"""
import argparse
import datetime
import decimal
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUERIES = [f"q{n:02d}" for n in range(1, 23)]
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
ENGINES = ["dataflow", "duckdb", "polars", "datafusion"]


def generate(data: str, sf: str) -> None:
    """tpchgen-cli's Parquet tables in `data`, made once (into a staging folder, then renamed)."""
    if all(os.path.exists(os.path.join(data, t + ".parquet")) for t in TABLES):
        return
    staging = data + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    tool = os.path.join(os.path.dirname(sys.executable), "tpchgen-cli")
    subprocess.run([tool, "parquet", "-s", sf, "--output-dir", staging], check=True)
    shutil.rmtree(data, ignore_errors=True)
    os.rename(staging, data)


def tagged(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "b:" + ("true" if value else "false")
    if isinstance(value, int):
        return "i:" + str(value)
    if isinstance(value, decimal.Decimal):
        return "d:" + format(value, "f")
    if isinstance(value, float):
        return "f:" + repr(value)
    if isinstance(value, datetime.date):
        return "t:" + value.isoformat()
    return "s:" + str(value)


def statements(query: str) -> list[str]:
    text = open(os.path.join(HERE, "..", "tpch", query + ".sql")).read()
    return [s for s in text.split(";") if s.strip()]


def is_query(sql: str) -> bool:
    """Whether the statement is the query whose rows are the answer (not a view's definition or drop)."""
    return sql.strip().lower().startswith(("select", "with"))


def run_peer(engine: str, queries: str, data: str, runs: int, parallelism: int) -> None:
    """Queries (comma-separated) on one Python engine, each RUNS times; prints one JSON line per
    query, as the driver (and DataFlow's TPC-H tests, for DuckDB's answers) read them."""
    paths = {t: os.path.join(data, t + ".parquet") for t in TABLES}
    if engine == "duckdb":
        import duckdb
        connection = duckdb.connect()
        connection.execute(f"SET threads TO {parallelism}")
        for table, path in paths.items():
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")

        def execute(sql):
            result = connection.execute(sql)
            return result.fetchall() if result.description is not None else None
    elif engine == "datafusion":
        import datafusion
        config = datafusion.SessionConfig().with_target_partitions(parallelism)
        context = datafusion.SessionContext(config)
        for table, path in paths.items():
            context.register_parquet(table, path)

        def execute(sql):
            frame = context.sql(sql)
            table = frame.to_arrow_table()
            return [tuple(row.values()) for row in table.to_pylist()] if table.num_columns else None
    else:
        os.environ["POLARS_MAX_THREADS"] = str(parallelism)
        import polars
        context = polars.SQLContext({t: polars.scan_parquet(p) for t, p in paths.items()})

        def execute(sql):
            if sql.strip().lower().startswith(("create view", "drop view")):
                # Polars' SQL has no views: register the view's query as a table, and drop it.
                words = sql.split()
                if words[0].lower() == "drop":
                    context.unregister(words[2])
                    return None
                head, body = sql.split(" as", 1) if " as\n" in sql.lower() else sql.split(" AS", 1)
                name, columns = head.split()[2], head[head.index("(") + 1:head.index(")")].split(",")
                frame = context.execute(body, eager=False)
                context.register(name, frame.rename(dict(zip(frame.collect_schema().names(), [c.strip() for c in columns]))))
                return None
            return context.execute(sql, eager=True).rows()
    for query in queries.split(","):
        seconds, rows = [], []
        try:
            for _ in range(runs):
                start = time.perf_counter()
                for sql in statements(query):
                    result = execute(sql)
                    if is_query(sql):
                        rows = result
                seconds.append(time.perf_counter() - start)
        except Exception as error:  # reported per query: the driver and the tests name it
            print(json.dumps({"engine": engine, "query": query, "error": str(error)[:300]}), flush=True)
            continue
        print(json.dumps({"engine": engine, "query": query, "seconds": seconds, "rows": [[tagged(v) for v in row] for row in rows]}), flush=True)


def run_process(command: list[str], timeout: float) -> tuple[dict, float]:
    """Runs `command`, returning its last JSON line (or an error) and its peak RSS in MiB."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    streams = {}
    readers = [threading.Thread(target=lambda n=n, s=s: streams.__setitem__(n, s.read())) for n, s in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    deadline = time.time() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            process.kill()
        time.sleep(0.05)
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    out = streams.get("out", "").strip()
    if process.returncode != 0 or not out:
        lines = [line for line in streams.get("err", "").splitlines() if line.strip()]
        return {"error": (lines or [f"exit status {process.returncode}"])[-1][:200]}, usage.ru_maxrss / 1024
    return json.loads(out.splitlines()[-1]), usage.ru_maxrss / 1024


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    kinds, texts = (a[:2], b[:2]), (a[2:], b[2:])
    if not all(k in ("i:", "d:", "f:") for k in kinds):
        return False
    x, y = decimal.Decimal(texts[0]), decimal.Decimal(texts[1])
    if "f:" not in kinds:
        return x == y
    if kinds == ("f:", "f:"):
        return abs(x - y) <= decimal.Decimal(1e-9) * max(abs(x), abs(y))
    exact = texts[1] if kinds[0] == "f:" else texts[0]
    scale = len(exact.split(".")[1]) if "." in exact else 0
    return abs(x - y) <= decimal.Decimal(0.5) * decimal.Decimal(10) ** -scale + decimal.Decimal(1e-9) * abs(x)


def agrees(rows, expected) -> bool:
    return len(rows) == len(expected) and all(len(r) == len(e) and all(same(x, y) for x, y in zip(r, e)) for r, e in zip(rows, expected))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine")
    parser.add_argument("--query", help="with --engine: the queries to run, comma-separated")
    parser.add_argument("--data")
    parser.add_argument("--dataflow")
    parser.add_argument("--sf", default="1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.engine:
        run_peer(args.engine, args.query, args.data, args.runs, args.parallelism)
        return
    data = args.data or os.path.abspath(os.path.join(HERE, "..", "..", "bench-data", "tpch", f"sf{args.sf}"))
    generate(data, args.sf)
    engines = args.engines.split(",")
    results = {engine: {} for engine in engines}
    for query in QUERIES:
        for engine in engines:
            if engine == "dataflow":
                command = [args.dataflow, "--data", data, "--query", os.path.join(HERE, "..", "tpch", query + ".sql"),
                           "--runs", str(args.runs), "--parallelism", str(args.parallelism)]
            else:
                command = [sys.executable, __file__, "--engine", engine, "--query", query, "--data", data,
                           "--runs", str(args.runs), "--parallelism", str(args.parallelism)]
            result, peak = run_process(command, args.timeout)
            entry = {"peak_mib": round(peak, 1)}
            if "error" in result:
                entry["error"] = result["error"]
            else:
                entry["seconds"] = statistics.median(result["seconds"])
                entry["rows"] = result["rows"]
            results[engine][query] = entry
            shown = f"{entry['seconds']:.3f} s" if "seconds" in entry else "error: " + entry["error"]
            print(f"{query} {engine:10s} {shown}  {peak:.0f} MiB", flush=True)
    report(results, engines, args)


def report(results, engines, args) -> None:
    reference = results.get("duckdb", {})
    lines = [f"# TPC-H at scale factor {args.sf}", "",
             f"Median of {args.runs} runs, {args.parallelism} threads each, tpchgen-cli's Parquet tables; "
             f"`make bench` (`TPCH_SF={args.sf}`). Ratio: DataFlow's time over DuckDB's. "
             "A result that differs from DuckDB's is marked ≠.", "",
             "| query | " + " | ".join(engines) + " | DataFlow / DuckDB | peak MiB (" + ", ".join(engines) + ") |",
             "|---|" + "---:|" * len(engines) + "---:|---|"]
    summary = {}
    for query in QUERIES:
        cells = []
        for engine in engines:
            entry = results[engine][query]
            if "seconds" not in entry:
                cells.append("error")
                continue
            mark = ""
            if engine != "duckdb" and "rows" in reference.get(query, {}) and not agrees(entry["rows"], reference[query]["rows"]):
                mark = " ≠"
                entry["differs"] = True
            cells.append(f"{entry['seconds']:.3f}{mark}")
        ratio = ""
        if "seconds" in results.get("dataflow", {}).get(query, {}) and "seconds" in reference.get(query, {}):
            ratio = f"{results['dataflow'][query]['seconds'] / reference[query]['seconds']:.2f}x"
        peaks = ", ".join(f"{results[e][query]['peak_mib']:.0f}" for e in engines)
        lines.append(f"| {query} | " + " | ".join(cells) + f" | {ratio} | {peaks} |")
    means = []
    for engine in engines:
        times = [results[engine][q]["seconds"] for q in QUERIES if "seconds" in results[engine][q]]
        complete = len(times) == len(QUERIES)
        mean = math.exp(sum(math.log(t) for t in times) / len(times)) if times else None
        summary[engine] = {"geomean_seconds": mean, "queries_run": len(times), "queries_differing": sum(1 for q in QUERIES if results[engine][q].get("differs"))}
        means.append(f"{mean:.3f}" + ("" if complete else f" ({len(times)} of 22)") if mean else "-")
    ratio = ""
    if summary.get("dataflow", {}).get("geomean_seconds") and summary.get("duckdb", {}).get("geomean_seconds"):
        ratio = f"{summary['dataflow']['geomean_seconds'] / summary['duckdb']['geomean_seconds']:.2f}x"
    lines.append("| geometric mean | " + " | ".join(means) + f" | {ratio} | |")
    lines += ["", "![each engine's time per query relative to DuckDB's](tpch.svg)"]
    os.makedirs(args.out, exist_ok=True)
    if "duckdb" in engines:
        sys.path.insert(0, HERE)  # the chart is compare.py's, beside this script
        from compare import chart

        panel = [{"workload": query, "engines": {engine: {"median": results[engine][query]["seconds"]} for engine in engines
                                                 if "seconds" in results[engine][query]}}
                 for query in QUERIES if "seconds" in reference.get(query, {})]
        with open(os.path.join(args.out, "tpch.svg"), "w") as out:
            out.write(chart(panel))
    with open(os.path.join(args.out, "tpch.md"), "w") as out:
        out.write("\n".join(lines) + "\n")
    for engine in engines:
        for entry in results[engine].values():
            entry.pop("rows", None)
    with open(os.path.join(args.out, "tpch.json"), "w") as out:
        json.dump({"scale_factor": args.sf, "runs": args.runs, "parallelism": args.parallelism, "results": results, "summary": summary}, out, indent=1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
