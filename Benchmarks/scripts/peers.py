"""Runs one workload on DuckDB or Polars over the raw benchmark tables and prints one JSON line:
{"engine", "workload", "times": [seconds...], "median", "checksum", "peak_rss_mb"}.
Loading the tables is not timed; each timed run materializes the full result (as Arrow)."""
import argparse
import json
import os
import resource
import shutil
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


# The columns `consolidate` counts nulls in, besides the key.
REQUIRED_COLUMNS = ["merchant_id", "amount", "currency", "event_timestamp"]


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


def fresh_directory(path: str) -> None:
    """An empty directory at `path` (the output of a write workload, replaced on each run)."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["duckdb", "polars"])
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
    if args.engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        connection.execute(f"SET threads={args.threads}")
        connection.execute("SET TimeZone='UTC'")
        for name, table in tables.items():
            connection.register("source", table)
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
            connection.unregister("source")
        tables.clear()
        if args.workload == "migrate":
            def run() -> pa.Table:
                # Every UNLOAD field is typed as it is read; nulls are unquoted \N only in `note` in this data.
                fresh_directory(written)
                rows = connection.execute(f"""COPY (SELECT id, day, ts, c, NULLIF(note, '{chr(92)}N') AS note FROM read_csv(
                    '{data}/exports/bookings/snapshot/*', delim='|', quote='"', escape='{chr(92)}', header=false,
                    columns={{'id': 'BIGINT', 'day': 'DATE', 'ts': 'TIMESTAMP', 'c': 'INTEGER', 'note': 'VARCHAR'}}))
                    TO '{written}/bookings' (FORMAT parquet, PARTITION_BY (day), COMPRESSION snappy)""").fetchone()[0]
                return pa.table({"n": [rows], "total": [0.0]})
        elif args.workload == "hourly-space":
            connection.execute("SET TimeZone='America/New_York'")

            def run() -> pa.Table:
                fresh_directory(written)
                connection.execute(f"""CREATE OR REPLACE TEMP TABLE latest AS SELECT * EXCLUDE (filename, file_row_number)
                    FROM read_parquet('{data}/reservations/*.parquet', filename=true, file_row_number=true)
                    QUALIFY row_number() OVER (PARTITION BY reservation_id ORDER BY updated_at DESC, filename DESC, file_row_number DESC) = 1""")
                connection.execute("CREATE OR REPLACE TEMP TABLE valid AS SELECT * FROM latest WHERE end_ts > start_ts")
                invalid = connection.execute("SELECT (SELECT count(*) FROM latest) - (SELECT count(*) FROM valid)").fetchone()[0]
                connection.execute("""CREATE OR REPLACE TEMP TABLE hours AS SELECT t AS hour_start, lead(t) OVER (ORDER BY t) AS hour_end
                    FROM (SELECT unnest(generate_series(date_trunc('hour', (SELECT min(start_ts) FROM valid)) - INTERVAL 3 HOUR,
                    (SELECT max(end_ts) FROM valid) + INTERVAL 3 HOUR, INTERVAL 15 MINUTE)) AS t) WHERE date_part('minute', t) = 0""")
                rows = connection.execute(f"""COPY (SELECT space_id, hour_start, count(*) AS reservations, sum(people_count) AS people,
                    sum(epoch_us(least(end_ts, hour_end)) - epoch_us(greatest(start_ts, hour_start))) / 1e6 AS occupied_seconds,
                    cast(hour_start AS date) AS date FROM valid JOIN hours ON start_ts < hour_end AND end_ts > hour_start GROUP BY ALL)
                    TO '{written}/hourly_space' (FORMAT parquet, PARTITION_BY (date), COMPRESSION snappy)""").fetchone()[0]
                return pa.table({"n": [rows], "total": [float(invalid)]})
        elif args.workload == "consolidate":
            def run() -> pa.Table:
                # The day's directory stands for partition pruning; ten COPYs of row ranges give ten files.
                fresh_directory(written)
                connection.execute(f"""CREATE OR REPLACE TEMP TABLE landing AS SELECT * FROM read_parquet(
                    '{data}/landing/chargebacks/2025/11/02/*.parquet', filename=true, file_row_number=true)""")
                records, null_keys, *_ = connection.execute(f"""SELECT count(*), count(*) - count(chargeback_id),
                    {", ".join(f"count(*) - count({c})" for c in REQUIRED_COLUMNS)} FROM landing""").fetchone()
                rows = connection.execute("""CREATE OR REPLACE TEMP TABLE latest AS SELECT * EXCLUDE (filename, file_row_number)
                    FROM landing WHERE chargeback_id IS NOT NULL QUALIFY row_number() OVER (PARTITION BY chargeback_id
                    ORDER BY coalesce(updated_at, event_timestamp) DESC NULLS LAST, filename DESC, file_row_number DESC) = 1""").fetchone()[0]
                per_file = (rows + 9) // 10
                for part in range(10):
                    connection.execute(f"COPY (SELECT * FROM latest WHERE rowid >= {part * per_file} AND rowid < {(part + 1) * per_file}) "
                                       f"TO '{written}/part-{part}.parquet' (FORMAT parquet, COMPRESSION snappy)")
                return pa.table({"n": [rows], "total": [float(records - null_keys - rows)]})
        elif args.workload == "parquet-write":
            connection.execute(f"CREATE TABLE chargebacks AS SELECT * FROM read_parquet('{data}/chargebacks/*.parquet')")
            rows = connection.execute("SELECT count(*) FROM chargebacks").fetchone()[0]

            def run() -> pa.Table:
                # DuckDB has no "exactly n files" option: ten COPYs of contiguous row ranges.
                fresh_directory(written)
                per_file = (rows + 9) // 10
                n = sum(connection.execute(
                    f"COPY (SELECT * FROM chargebacks WHERE rowid >= {part * per_file} AND rowid < {(part + 1) * per_file}) "
                    f"TO '{written}/part-{part}.parquet' (FORMAT parquet, COMPRESSION snappy)").fetchone()[0] for part in range(10))
                return pa.table({"n": [n]})
        else:
            def run() -> pa.Table:
                return connection.execute(sql).to_arrow_table()
    else:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)
        import polars as pl

        frames = {name: pl.from_arrow(table) for name, table in tables.items()}
        tables.clear()
        if args.workload == "consolidate":
            def run() -> pa.Table:
                # The global row index follows (file, row) order, as the file list is sorted.
                fresh_directory(written)
                landing = pl.scan_parquet(f"{data}/landing/chargebacks/2025/11/02/*.parquet", row_index_name="_row").collect()
                checks = landing.select(pl.len().alias("records"), *[pl.col(c).null_count() for c in ["chargeback_id", *REQUIRED_COLUMNS]])
                records, null_keys = checks.row(0)[0], checks.row(0)[1]
                latest = (landing.filter(pl.col("chargeback_id").is_not_null())
                          .sort(pl.coalesce("updated_at", "event_timestamp"), "_row", nulls_last=False)
                          .unique(subset="chargeback_id", keep="last", maintain_order=False).drop("_row"))
                per_file = (latest.height + 9) // 10
                for part in range(10):
                    latest.slice(part * per_file, per_file).write_parquet(f"{written}/part-{part}.parquet", compression="snappy")
                return pa.table({"n": [latest.height], "total": [float(records - null_keys - latest.height)]})
        elif args.workload == "parquet-write":
            chargebacks = pl.read_parquet(f"{data}/chargebacks/*.parquet")

            def run() -> pa.Table:
                fresh_directory(written)
                per_file = (chargebacks.height + 9) // 10
                for part in range(10):
                    chargebacks.slice(part * per_file, per_file).write_parquet(f"{written}/part-{part}.parquet", compression="snappy")
                return pa.table({"n": [chargebacks.height]})
        elif args.workload == "parquet-scan":
            def run() -> pa.Table:
                scan = pl.scan_parquet(f"{data}/chargebacks/*.parquet")
                return scan.select(pl.col("amount").sum().alias("total"), pl.col("merchant_id").n_unique().alias("n")).collect().to_arrow()
        elif args.workload == "window-latest":
            # Polars SQL has no QUALIFY: the latest row per key through the expression API.
            def run() -> pa.Table:
                t = frames["t"]
                return t.group_by("k1").agg(pl.col("ts").max(), pl.col("v").sort_by("ts").last().alias("total")).to_arrow()
        elif args.workload == "window-running":
            def run() -> pa.Table:
                t = frames["t"].select("k1", "ts", "v").sort("k1", "ts")
                return t.select("k1", "ts", pl.col("v").cum_sum().over("k1").alias("total")).to_arrow()
        elif args.workload == "join-band":
            # Polars SQL joins on equality only; join_where takes the inequality conditions.
            def run() -> pa.Table:
                bookings, hours = frames["bookings"], frames["hours"]
                matched = bookings.join_where(hours, pl.col("start") < pl.col("bucket_end"), pl.col("end") > pl.col("bucket_start"))
                return matched.group_by("bucket_start").agg(pl.len().alias("n")).to_arrow()
        else:
            context = pl.SQLContext(**frames)

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
