"""The workloads every engine runs, and their result checksums (so a fast wrong answer is caught)."""

WORKLOADS = {
    "groupby-int64": {
        "title": "(a) groupBy int64 key (1M distinct), sum(float64)",
        "sql": "SELECT k1, sum(v) AS total FROM t GROUP BY k1",
    },
    "groupby-string": {
        "title": "(b) groupBy string key (100 distinct), count/sum/avg",
        "sql": "SELECT s, count(*) AS n, sum(v) AS total, avg(v) AS mean FROM t GROUP BY s",
    },
    "sort-int64-string": {
        "title": "(c) sort by int64 then string",
        "sql": "SELECT k1, s, v FROM t ORDER BY k1, s",
    },
}
