"""The workloads every engine runs: the tables each reads, the SQL the peers run, and the checksum
columns (so a fast wrong answer is caught). `engines` limits a workload to engines that support it;
`verify` is a DuckDB query over the files an engine wrote (`{written}`), compared across engines;
`slower` says where DataFlow's time goes in the workload, from its profile (`make -C Benchmarks profile`).
"""
import os
import shutil

# The columns `consolidate` counts nulls in, besides the key.
REQUIRED_COLUMNS = ["merchant_id", "amount", "currency", "event_timestamp"]
# The employees table of the DMS export (`cdc-snapshot`), without Op and cdc_timestamp.
CDC_SCHEMA_COLUMNS = ["emp_no", "birth_date", "first_name", "last_name", "gender", "hire_date"]
# Every engine that can take part, in the report's order.
ALL_ENGINES = ["dataflow", "duckdb", "polars", "spark"]



def chargeback_files_check(*timestamps: str) -> str:
    """The `verify` query of a chargeback write: counts, sums and a hash of each row's key and `timestamps`."""
    versions = ", ".join(["chargeback_id", *(f"epoch_us({column})" for column in timestamps)])
    return ("SELECT count(*) AS rows, count(DISTINCT chargeback_id) AS ids, sum(amount)::DOUBLE AS amount, "
            f"sum(merchant_id) AS merchants, bit_xor(hash({versions})) AS versions "
            "FROM read_parquet('{written}/**/*.parquet', hive_partitioning=false)")


def fresh_directory(path: str) -> None:
    """An empty directory at `path` (the output of a write workload, replaced on each run)."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


WORKLOADS = {
    "filter": {
        "title": "filter: v < 100 and s <> 'cat00-' (about a tenth of the rows kept)",
        "tables": ["t"],
        "sql": "SELECT k1, v AS total FROM t WHERE v < 100 AND s <> 'cat00-'",
        "slower": "the string predicate `s <> 'cat00-'` holds half of the samples (`compareBytes`: each row's offsets and length, then the bytes where the lengths match) and gathering the kept rows (`take`, copies) a fifth; the numeric `v < 100` is 8-10%.",
    },
    "projection": {
        "title": "projection: k1 * 2 + 1 and v * 1.5 - k1 / 4.0 over every row",
        "tables": ["t"],
        "sql": "SELECT k1 * 2 + 1 AS n, v * 1.5 - k1 / 4.0 AS total FROM t",
        "slower": 'the arithmetic kernels hold 61% of the samples, and about half of that is the kernel faulting in and zeroing fresh pages (`clear_page_erms` and page faults, 30% of self samples): every expression node writes a new 64 Ki-row column, where DuckDB evaluates into 2,048-row vectors it reuses.',
    },
    "groupby-int64": {
        "title": "(a) groupBy int64 key (1M distinct), sum(float64)",
        "tables": ["t"],
        "sql": "SELECT k1, sum(v) AS total FROM t GROUP BY k1",
    },
    "groupby-string": {
        "title": "(b) groupBy string key (100 distinct), count/sum/avg",
        "tables": ["t"],
        "sql": "SELECT s, count(*) AS n, sum(v) AS total, avg(v) AS mean FROM t GROUP BY s",
    },
    "sort-int64-string": {
        "title": "(c) sort by int64 then string",
        "tables": ["t"],
        "sql": "SELECT k1, s, v FROM t ORDER BY k1, s",
    },
    "join-hash": {
        "title": "join (a) 10M fact x 1M dimension on int64, sum",
        "tables": ["t", "d"],
        "sql": "SELECT sum(t.v + d.w) AS total, count(*) AS n FROM t JOIN d ON t.k1 = d.k",
        "slower": "53% of the samples gather the build side's columns for each joined row (`takeFixed`, one specialization per column), and one of the two is the key `k`, which nothing after the join reads: the join emits every build column, not only those the aggregate needs; probing the hash table is under 20%.",
    },
    "window-latest": {
        "title": "window (a) latest row per key by timestamp (rowNumber == 1), 1M keys",
        "tables": ["t"],
        "sql": "SELECT k1, ts, v AS total FROM t QUALIFY row_number() OVER (PARTITION BY k1 ORDER BY ts DESC) = 1",
    },
    "window-running": {
        "title": "window (b) running sum per key ordered by timestamp",
        "tables": ["t"],
        "sql": "SELECT k1, ts, sum(v) OVER (PARTITION BY k1 ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total FROM t",
    },
    "drop-duplicates": {
        "title": "dropDuplicates on an int64 key (1M distinct), any row per key",
        "tables": ["t"],
        "sql": "SELECT DISTINCT ON (k1) k1 AS n, v, s, ts FROM t",
    },
    "csv-redshift": {
        "title": "CSV: Redshift UNLOAD export (3M rows, 8 files) parsed into typed columns",
        "tables": [],
        "engines": ["dataflow", "duckdb", "spark"],
        # DuckDB rejects a null string containing its escape character; nulls are unquoted \N in this
        # data, so NULLIF gives the same semantics.
        "sql": r"""SELECT count(*) AS n, sum(id) AS total, max(day), max(ts), sum(c), max(length(NULLIF(note, '\N'))) FROM read_csv('{data}/unload/*', """
               r"""delim='|', quote='"', escape='\', header=false, """
               r"""columns={'id': 'BIGINT', 'day': 'DATE', 'ts': 'TIMESTAMP', 'c': 'INTEGER', 'note': 'VARCHAR'})""",
    },
    "join-band": {
        "title": "join (b) 1M bookings x 8,760 hours overlapping, count per hour",
        "tables": ["bookings", "hours"],
        "sql": "SELECT h.bucket_start, count(*) AS n FROM bookings b JOIN hours h "
               "ON b.start < h.bucket_end AND b.\"end\" > h.bucket_start GROUP BY h.bucket_start",
    },
    "parquet-scan": {
        "title": "Parquet (a) scan 700 small snappy files (1.25M chargebacks), sum(amount) and count(distinct merchant_id)",
        "tables": [],
        "sql": "SELECT sum(amount) AS total, count(DISTINCT merchant_id) AS n FROM read_parquet('{data}/chargebacks/*.parquet')",
    },
    "parquet-write": {
        "title": "Parquet (b) write the 1.25M chargebacks (in memory) as 10 snappy files",
        "tables": [],
        "verify": chargeback_files_check("created_at"),
        "slower": "`ParquetColumnWriter.write` is 66% of the samples: snappy 14%, dictionary encoding of the string columns 10% (hashing every value), copies 7% and ARC retain/release 7% in per-page bookkeeping; the warm-up's read of the cached input is another 16%.",
    },
    "migrate": {
        "title": "migrate: Redshift UNLOAD export (3M rows, 8 files) to snappy Parquet partitioned by day (365 partitions)",
        "tables": [],
        "engines": ["dataflow", "duckdb", "spark"],
        "verify": "SELECT count(*) AS rows, sum(id) AS ids, sum(c) AS c, count(note) AS notes, sum(length(note)) AS note_bytes, "
                  "count(DISTINCT day) AS days, sum(epoch_us(ts)) AS ts FROM read_parquet('{written}/bookings/**/*.parquet', hive_partitioning=true)",
        "slower": 'CSV parsing is 35% of the samples (the tokenizer 10% self), the Parquet writer over 365 day partitions 36%, and 12% of self samples are the kernel zeroing new pages (`clear_page_erms`) for buffers that reach a 1.6-1.9 GB peak RSS.',
    },
    "hourly-space": {
        "title": "hourly-space: 1M reservation rows of 2025, latest versions, range join to New York's wall-clock hours, per space and hour, Parquet by date",
        "tables": [],
        "engines": ["dataflow", "duckdb"],
        "verify": "SELECT count(*) AS rows, sum(reservations) AS reservations, sum(people) AS people, sum(occupied_seconds) AS seconds, "
                  "count(DISTINCT space_id) AS spaces, sum(epoch_us(hour_start)) AS hours FROM read_parquet('{written}/hourly_space/**/*.parquet', hive_partitioning=false)",
    },
    "consolidate": {
        "title": "consolidate: a day of 1.25M chargebacks in 700 snappy files (2 other days pruned): null checks, "
                 "latest version per chargeback_id, 10 snappy files",
        "tables": [],
        "verify": chargeback_files_check("event_timestamp", "updated_at"),
        "slower": 'decoding the 700 small files is 27% of the samples, the latest-version operator 22% and the snappy writer 21%; malloc and free (11% of self samples) and ARC retain/release (10%) come from per-file and per-page buffers.',
    },
    "cdc-snapshot": {
        "title": "cdc-snapshot: a DMS export (1M-row full load, 300k changes in 12 files) merged into a snapshot: latest version per key, deletes dropped",
        "tables": [],
        "verify": "SELECT count(*) AS rows, sum(emp_no) AS keys, sum(length(last_name)) AS last_names, sum(hire_date - DATE '1970-01-01') AS hire_days, "
                  "bit_xor(hash(emp_no::BIGINT, last_name)) AS versions FROM read_parquet('{written}/**/*.parquet', hive_partitioning=false)",
        "slower": "`changeRows` is a quarter of the samples: it caches the DMS rows twice (the raw read, then the typed projection; copies are 15% of self samples) and tags every row with its file's path, which `isin` compares per row (`compareBytes`) to tell the full load from the changes; the Parquet writer is 21%.",
    },
}
