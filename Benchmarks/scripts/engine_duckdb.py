"""DuckDB's side of each workload: `prepare` returns the action to time (it returns an Arrow table)."""
import pyarrow as pa

from workloads import CDC_SCHEMA_COLUMNS, REQUIRED_COLUMNS, fresh_directory

BACKSLASH = chr(92)


def prepare(workload: str, sql: str, tables: dict, data: str, written: str, threads: int):
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"SET threads={threads}")
    connection.execute("SET TimeZone='UTC'")
    for name, table in tables.items():
        connection.register("source", table)
        connection.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
        connection.unregister("source")
    tables.clear()
    if workload == "migrate":
        def run() -> pa.Table:
            # Every UNLOAD field is typed as it is read; nulls are unquoted \N only in `note` in this data.
            fresh_directory(written)
            rows = connection.execute(f"""COPY (SELECT id, day, ts, c, NULLIF(note, '{BACKSLASH}N') AS note FROM read_csv(
                '{data}/exports/bookings/snapshot/*', delim='|', quote='"', escape='{BACKSLASH}', header=false,
                columns={{'id': 'BIGINT', 'day': 'DATE', 'ts': 'TIMESTAMP', 'c': 'INTEGER', 'note': 'VARCHAR'}}))
                TO '{written}/bookings' (FORMAT parquet, PARTITION_BY (day), COMPRESSION snappy)""").fetchone()[0]
            return pa.table({"n": [rows], "total": [0.0]})
        return run
    if workload == "hourly-space":
        connection.execute("SET TimeZone='America/New_York'")

        def run() -> pa.Table:
            fresh_directory(written)
            connection.execute(f"""CREATE OR REPLACE TEMP TABLE latest AS SELECT * EXCLUDE (filename, file_row_number)
                FROM read_parquet('{data}/reservations/*.parquet', filename=true, file_row_number=true)
                QUALIFY row_number() OVER (PARTITION BY reservation_id ORDER BY updated_at DESC, filename DESC, file_row_number DESC) = 1""")
            connection.execute("CREATE OR REPLACE TEMP TABLE valid AS SELECT * FROM latest WHERE end_ts > start_ts")
            invalid = connection.execute("SELECT (SELECT count(*) FROM latest) - (SELECT count(*) FROM valid)").fetchone()[0]
            # date_trunc('hour') would merge the repeated fall-back hour: a 15-minute grid filtered to local minute 0 keeps both.
            connection.execute("""CREATE OR REPLACE TEMP TABLE hours AS SELECT t AS hour_start, lead(t) OVER (ORDER BY t) AS hour_end
                FROM (SELECT unnest(generate_series(date_trunc('hour', (SELECT min(start_ts) FROM valid)) - INTERVAL 3 HOUR,
                (SELECT max(end_ts) FROM valid) + INTERVAL 3 HOUR, INTERVAL 15 MINUTE)) AS t) WHERE date_part('minute', t) = 0""")
            rows = connection.execute(f"""COPY (SELECT space_id, hour_start, count(*) AS reservations, sum(people_count) AS people,
                sum(epoch_us(least(end_ts, hour_end)) - epoch_us(greatest(start_ts, hour_start))) / 1e6 AS occupied_seconds,
                cast(hour_start AS date) AS date FROM valid JOIN hours ON start_ts < hour_end AND end_ts > hour_start GROUP BY ALL)
                TO '{written}/hourly_space' (FORMAT parquet, PARTITION_BY (date), COMPRESSION snappy)""").fetchone()[0]
            return pa.table({"n": [rows], "total": [float(invalid)]})
        return run
    if workload == "consolidate":
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
            write_row_ranges(connection, "latest", rows, written)
            return pa.table({"n": [rows], "total": [float(records - null_keys - rows)]})
        return run
    if workload == "cdc-snapshot":
        def run() -> pa.Table:
            # Full-load rows (no Op) rank below every change; then timestamp, file and row decide.
            fresh_directory(written)
            connection.execute(f"""CREATE OR REPLACE TEMP TABLE dms AS SELECT * FROM read_parquet('{data}/dms/employees/*.parquet',
                union_by_name=true, filename=true, file_row_number=true)""")
            operations = connection.execute("SELECT count(*) FILTER (Op = 'D') FROM dms").fetchone()[0]
            rows = connection.execute(f"""COPY (SELECT {", ".join(CDC_SCHEMA_COLUMNS)} FROM dms QUALIFY row_number() OVER (PARTITION BY emp_no
                ORDER BY Op IS NOT NULL DESC, cdc_timestamp DESC, filename DESC, file_row_number DESC) = 1 AND coalesce(Op, 'I') <> 'D')
                TO '{written}/snapshot.parquet' (FORMAT parquet, COMPRESSION snappy)""").fetchone()[0]
            return pa.table({"n": [rows], "total": [float(operations)]})
        return run
    if workload == "parquet-write":
        connection.execute(f"CREATE TABLE chargebacks AS SELECT * FROM read_parquet('{data}/chargebacks/*.parquet')")
        rows = connection.execute("SELECT count(*) FROM chargebacks").fetchone()[0]

        def run() -> pa.Table:
            fresh_directory(written)
            write_row_ranges(connection, "chargebacks", rows, written)
            return pa.table({"n": [rows]})
        return run
    return lambda: connection.execute(sql).to_arrow_table()


def write_row_ranges(connection, table: str, rows: int, written: str, files: int = 10) -> None:
    """DuckDB has no "exactly n files" option: one COPY per contiguous range of row ids."""
    per_file = (rows + files - 1) // files
    for part in range(files):
        connection.execute(f"COPY (SELECT * FROM {table} WHERE rowid >= {part * per_file} AND rowid < {(part + 1) * per_file}) "
                           f"TO '{written}/part-{part}.parquet' (FORMAT parquet, COMPRESSION snappy)")
