"""The workloads every engine runs: the tables each reads, the SQL the peers run, and the checksum
columns (so a fast wrong answer is caught). `engines` limits a workload to engines that support it."""

WORKLOADS = {
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
    "csv-redshift": {
        "title": "CSV: Redshift UNLOAD export (3M rows, 8 files) parsed into typed columns",
        "tables": [],
        "engines": ["dataflow", "duckdb"],
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
    },
    "migrate": {
        "title": "migrate: Redshift UNLOAD export (3M rows, 8 files) to snappy Parquet partitioned by day (365 partitions)",
        "tables": [],
        "engines": ["dataflow", "duckdb"],
    },
    "hourly-space": {
        "title": "hourly-space: 1M reservation rows of 2025, latest versions, range join to New York's wall-clock hours, per space and hour, Parquet by date",
        "tables": [],
        "engines": ["dataflow", "duckdb"],
    },
    "consolidate": {
        "title": "consolidate: a day of 1.25M chargebacks in 700 snappy files (2 other days pruned): null checks, "
                 "latest version per chargeback_id, 10 snappy files",
        "tables": [],
    },
}
