"""Runs one workload on DuckDB, Polars or PySpark (engine_<name>.py) over the raw benchmark tables and prints one JSON line:
{"engine", "workload", "times": [seconds...], "median", "checksum", "peak_rss_mb"}.
Loading the tables is not timed; each timed run materializes the full result (as Arrow)."""
import argparse
import importlib
import json
import os
import resource
import statistics
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workloads import WORKLOADS


def load(directory: str, name: str) -> pa.Table:
    with open(os.path.join(directory, "meta.json")) as handle:
        table = json.load(handle)["tables"][name]
    arrays = {}
    for column in table["columns"]:
        files = [os.path.join(directory, file) for file in column["files"]]
        kind = column["type"]
        if kind == "int64":
            arrays[column["name"]] = pa.array(np.fromfile(files[0], dtype=np.int64))
        elif kind == "timestamp":
            arrays[column["name"]] = pa.array(np.fromfile(files[0], dtype=np.int64), type=pa.timestamp("us", tz="UTC"))
        elif kind == "float64":
            arrays[column["name"]] = pa.array(np.fromfile(files[0], dtype=np.float64))
        else:
            offsets = np.fromfile(files[0], dtype=np.int32)
            data = np.fromfile(files[1], dtype=np.uint8)
            arrays[column["name"]] = pa.StringArray.from_buffers(table["rows"], pa.py_buffer(offsets.tobytes()), pa.py_buffer(data.tobytes()))
    return pa.table(arrays)


def checksum(workload: str, result: pa.Table) -> dict:
    """Position-weighted sums for the sort; order-insensitive sums of `total` and `n` otherwise."""
    if workload.startswith("sort"):
        k1 = result.column("k1").to_numpy()
        weights = (np.arange(len(k1), dtype=np.int64) % 1000) + 1
        lengths = np.array(pc.utf8_length(result.column("s")).to_numpy(zero_copy_only=False), dtype=np.int64)
        return {"rows": len(k1), "k1": int(np.sum(k1 * weights)), "s": int(np.sum(lengths * weights))}
    out = {"rows": result.num_rows}
    if "total" in result.column_names:
        out["total"] = float(np.sum(np.sort(result.column("total").to_numpy())))
    if "n" in result.column_names:
        out["n"] = int(np.sum(result.column("n").to_numpy()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["duckdb", "polars", "spark"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    workload = WORKLOADS[args.workload]
    tables = {name: load(args.data, name) for name in workload["tables"]}
    data = os.path.abspath(args.data)
    sql = workload.get("sql", "").replace("{data}", data)
    written = os.path.join(data, "written", args.engine)
    engine = importlib.import_module(f"engine_{args.engine}")
    run = engine.prepare(args.workload, sql, tables, data, written, args.threads)
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
        "checksum": checksum(args.workload, getattr(engine, "result", lambda last: last)(result)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
