"""Polars' side of each workload: `prepare` returns the action to time (it returns an Arrow table)."""
import glob
import os

import pyarrow as pa

from workloads import CDC_SCHEMA_COLUMNS, REQUIRED_COLUMNS, fresh_directory


def prepare(workload: str, sql: str, tables: dict, data: str, written: str, threads: int):
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl

    frames = {name: pl.from_arrow(table) for name, table in tables.items()}
    tables.clear()

    def write_slices(frame, files: int = 10) -> None:
        per_file = (frame.height + files - 1) // files
        for part in range(files):
            frame.slice(part * per_file, per_file).write_parquet(f"{written}/part-{part}.parquet", compression="snappy")

    if workload == "consolidate":
        def run() -> pa.Table:
            # The global row index follows (file, row) order, as the file list is sorted.
            fresh_directory(written)
            landing = pl.scan_parquet(f"{data}/landing/chargebacks/2025/11/02/*.parquet", row_index_name="_row").collect()
            checks = landing.select(pl.len().alias("records"), *[pl.col(c).null_count() for c in ["chargeback_id", *REQUIRED_COLUMNS]])
            records, null_keys = checks.row(0)[0], checks.row(0)[1]
            latest = (landing.filter(pl.col("chargeback_id").is_not_null())
                      .sort(pl.coalesce("updated_at", "event_timestamp"), "_row", nulls_last=False)
                      .unique(subset="chargeback_id", keep="last", maintain_order=False).drop("_row"))
            write_slices(latest)
            return pa.table({"n": [latest.height], "total": [float(records - null_keys - latest.height)]})
        return run
    if workload == "cdc-snapshot":
        files = sorted(glob.glob(f"{data}/dms/employees/*.parquet"))
        full_load = [file for file in files if os.path.basename(file).startswith("LOAD")]
        changes = [file for file in files if file not in full_load]

        def run() -> pa.Table:
            # The full load first, then the change files in name order: the row index orders (file, row).
            fresh_directory(written)
            dms = pl.concat([pl.read_parquet(full_load).with_columns(pl.lit(None, pl.String).alias("Op")), pl.read_parquet(changes)],
                            how="diagonal_relaxed").with_row_index("_row")
            deletes = dms.select((pl.col("Op") == "D").sum()).item()
            snapshot = (dms.sort(pl.col("Op").is_not_null(), "cdc_timestamp", "_row")
                        .unique(subset="emp_no", keep="last", maintain_order=False)
                        .filter(pl.col("Op").fill_null("I") != "D").select(CDC_SCHEMA_COLUMNS))
            snapshot.write_parquet(f"{written}/snapshot.parquet", compression="snappy")
            return pa.table({"n": [snapshot.height], "total": [float(deletes)]})
        return run
    if workload == "parquet-write":
        chargebacks = pl.read_parquet(f"{data}/chargebacks/*.parquet")

        def run() -> pa.Table:
            fresh_directory(written)
            write_slices(chargebacks)
            return pa.table({"n": [chargebacks.height]})
        return run
    if workload == "parquet-scan":
        def run() -> pa.Table:
            scan = pl.scan_parquet(f"{data}/chargebacks/*.parquet")
            return scan.select(pl.col("amount").sum().alias("total"), pl.col("merchant_id").n_unique().alias("n")).collect().to_arrow()
        return run
    if workload == "window-latest":
        # Polars SQL has no QUALIFY: the latest row per key through the expression API.
        return lambda: frames["t"].group_by("k1").agg(pl.col("ts").max(), pl.col("v").sort_by("ts").last().alias("total")).to_arrow()
    if workload == "window-running":
        def run() -> pa.Table:
            t = frames["t"].select("k1", "ts", "v").sort("k1", "ts")
            return t.select("k1", "ts", pl.col("v").cum_sum().over("k1").alias("total")).to_arrow()
        return run
    if workload == "drop-duplicates":
        return lambda: frames["t"].unique(subset="k1", keep="any").select(pl.col("k1").alias("n"), "v", "s", "ts").to_arrow()
    if workload == "join-band":
        # Polars SQL joins on equality only; join_where takes the inequality conditions.
        def run() -> pa.Table:
            bookings, hours = frames["bookings"], frames["hours"]
            matched = bookings.join_where(hours, pl.col("start") < pl.col("bucket_end"), pl.col("end") > pl.col("bucket_start"))
            return matched.group_by("bucket_start").agg(pl.len().alias("n")).to_arrow()
        return run
    context = pl.SQLContext(**frames)
    return lambda: context.execute(sql, eager=True).to_arrow()
