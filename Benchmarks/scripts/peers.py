"""Runs one workload on DuckDB or Polars over the raw benchmark tables and prints one JSON line:
{"engine", "workload", "times": [seconds...], "median", "rows", "checksum", "peak_rss_mb"}.
Loading the table is not timed; each timed run materializes the full result (as Arrow)."""
import argparse
import json
import os
import resource
import statistics
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workloads import WORKLOADS


def load(directory: str) -> pa.Table:
    with open(os.path.join(directory, "meta.json")) as handle:
        meta = json.load(handle)
    rows = meta["rows"]
    arrays = {}
    for column in meta["columns"]:
        files = [os.path.join(directory, name) for name in column["files"]]
        if column["type"] == "int64":
            arrays[column["name"]] = pa.array(np.fromfile(files[0], dtype=np.int64))
        elif column["type"] == "float64":
            arrays[column["name"]] = pa.array(np.fromfile(files[0], dtype=np.float64))
        else:
            offsets = np.fromfile(files[0], dtype=np.int32)
            data = np.fromfile(files[1], dtype=np.uint8)
            arrays[column["name"]] = pa.StringArray.from_buffers(rows, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data.tobytes()))
    return pa.table(arrays)


def checksum(workload: str, result: pa.Table) -> dict:
    """Order-insensitive sums for aggregations; position-weighted sums for the sort."""
    if workload == "sort-int64-string":
        k1 = result.column("k1").to_numpy()
        weights = (np.arange(len(k1), dtype=np.int64) % 1000) + 1
        lengths = np.array(pc.utf8_length(result.column("s")).to_numpy(zero_copy_only=False), dtype=np.int64)
        return {"rows": len(k1), "k1": int(np.sum(k1 * weights)), "s": int(np.sum(lengths * weights))}
    totals = result.column("total").to_numpy()
    out = {"rows": result.num_rows, "total": float(np.sum(np.sort(totals)))}
    if "n" in result.column_names:
        out["n"] = int(np.sum(result.column("n").to_numpy()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["duckdb", "polars"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    table = load(args.data)
    sql = WORKLOADS[args.workload]["sql"]
    if args.engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        connection.execute(f"SET threads={args.threads}")
        connection.register("source", table)
        connection.execute("CREATE TABLE t AS SELECT * FROM source")
        connection.unregister("source")
        del table

        def run() -> pa.Table:
            return connection.execute(sql).to_arrow_table()
    else:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)
        import polars as pl

        frame = pl.from_arrow(table)
        del table
        context = pl.SQLContext(t=frame)

        def run() -> pa.Table:
            return context.execute(sql, eager=True).to_arrow()

    run()  # warm-up
    times = []
    result = None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "engine": args.engine,
        "workload": args.workload,
        "times": times,
        "median": statistics.median(times),
        "checksum": checksum(args.workload, result),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
