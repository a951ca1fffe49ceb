"""`consolidate` (seed 002's job) with its landing zone and output in an S3 bucket: a SeaweedFS server
on loopback (scripts/s3-test-server.sh), DataFlow's `dataflow consolidate` against DuckDB (httpfs)
and Polars (`storage_options` with the endpoint) doing the same dedup of the 1.25M-row day into ten
Parquet files. Each engine runs once to warm up, then RUNS times; the medians, the ratios and the
requests each run made (SeaweedFS's own counters, by operation) go to results/s3-consolidate.md.

DuckDB's Python wheel 2.0 has no httpfs extension on PyPI; the newest that has one (1.5.5) runs in
a virtual environment of its own under the data directory.

  python s3_consolidate.py --data DIR --dataflow PATH/TO/dataflow --runs 5 --out results
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from remote_consolidate import arguments, finish  # noqa: E402

BUCKET = "dataflow-test"
DAY = "landing/chargebacks/2025/11/02"
DUCKDB_VERSION = "1.5.5"

# Runs in DuckDB's own environment: argv = endpoint, key, secret, extension, output, runs; after the
# warm-up, waits for a line on standard input before each run and prints one JSON line per run.
DUCKDB_RUN = r"""
import json, sys, time, duckdb
endpoint, key, secret, extension, output, runs = sys.argv[1:7]
con = duckdb.connect()
con.execute(f"INSTALL '{extension}'")
con.execute("LOAD httpfs")
con.execute("SET threads = 2")
con.execute("SET enable_progress_bar = false")  # standard output carries the results
con.execute("SET enable_external_file_cache = false")  # else runs after the warm-up read the files from memory
con.execute("SET http_retries = 10")  # SeaweedFS answers some of DuckDB's bursts with 500s; DataFlow and Polars retry too
host = endpoint.split("://", 1)[1]
con.execute(f"CREATE SECRET (TYPE s3, KEY_ID '{key}', SECRET '{secret}', ENDPOINT '{host}', URL_STYLE 'path', USE_SSL false, REGION 'us-east-1')")
def run():
    con.execute(f'''CREATE OR REPLACE TEMP TABLE landing AS SELECT * FROM read_parquet(
        's3://BUCKET/DAY/*.parquet', filename=true, file_row_number=true)''')
    rows = con.execute('''CREATE OR REPLACE TEMP TABLE latest AS SELECT * EXCLUDE (filename, file_row_number)
        FROM landing WHERE chargeback_id IS NOT NULL QUALIFY row_number() OVER (PARTITION BY chargeback_id
        ORDER BY coalesce(updated_at, event_timestamp) DESC NULLS LAST, filename DESC, file_row_number DESC) = 1''').fetchone()[0]
    con.execute("CREATE OR REPLACE TEMP TABLE numbered AS SELECT *, row_number() OVER () - 1 AS _row FROM latest")
    per_file = (rows + 9) // 10
    for part in range(10):
        con.execute(f'''COPY (SELECT * EXCLUDE (_row) FROM numbered WHERE _row >= {part * per_file} AND _row < {(part + 1) * per_file})
            TO '{output}/part-{part}.parquet' (FORMAT parquet, COMPRESSION snappy)''')
    return rows
run()
print("warm", flush=True)
for _ in range(int(runs)):
    sys.stdin.readline()
    started = time.perf_counter()
    rows = run()
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}), flush=True)
""".replace("BUCKET", BUCKET).replace("DAY", DAY)


def server_environment(directory: str) -> dict:
    output = subprocess.run([f"{ROOT}/scripts/s3-test-server.sh", "start", directory], check=True, capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in output.strip().splitlines())


def request_counts(metrics_url: str) -> dict:
    """SeaweedFS's count of S3 requests so far, by operation."""
    counts = {}
    text = urllib.request.urlopen(metrics_url).read().decode()
    for match in re.finditer(r'SeaweedFS_s3_request_total\{[^}]*type="([^"]+)"[^}]*\} (\d+)', text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + int(match.group(2))
    return counts


def difference(after: dict, before: dict) -> dict:
    return {key: value - before.get(key, 0) for key, value in sorted(after.items()) if value - before.get(key, 0)}


def filesystem(env: dict):
    from pyarrow import fs
    return fs.S3FileSystem(access_key=env["DATAFLOW_S3_ACCESS_KEY"], secret_key=env["DATAFLOW_S3_SECRET_KEY"],
                           endpoint_override=env["DATAFLOW_S3_ENDPOINT"].split("://", 1)[1], scheme="http", region="us-east-1")


def upload_landing(data: str, env: dict) -> None:
    s3 = filesystem(env)
    local = os.path.join(data, "landing", "chargebacks")
    for directory, _, names in os.walk(local):
        for name in names:
            if name.endswith(".parquet"):
                path = os.path.join(directory, name)
                with open(path, "rb") as source, s3.open_output_stream(f"{BUCKET}/landing/chargebacks/{os.path.relpath(path, local)}") as target:
                    target.write(source.read())


def written(env: dict, prefix: str) -> tuple:
    """Rows, distinct keys and the sum of amounts of the Parquet files under `prefix`."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds
    table = ds.dataset(f"{BUCKET}/{prefix}", filesystem=filesystem(env), format="parquet").to_table(columns=["chargeback_id", "amount"])
    return table.num_rows, len(pc.unique(table["chargeback_id"])), float(pc.sum(table["amount"]).as_py())


def measured(name: str, run, runs: int, metrics: str) -> dict:
    """Times `run` (a warm-up, then `runs` runs) and counts the requests of the last run."""
    run()
    times = []
    for _ in range(runs):
        before = request_counts(metrics)
        times.append(run())
        requests = difference(request_counts(metrics), before)
    print(f"{name}: {', '.join(f'{t:.2f} s' for t in times)}; requests {requests}", flush=True)
    return {"times": times, "requests": requests}


def duckdb_environment(data: str) -> tuple:
    venv = os.path.join(data, f"duckdb-{DUCKDB_VERSION}-httpfs")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", f"duckdb=={DUCKDB_VERSION}", f"duckdb-extension-httpfs=={DUCKDB_VERSION}"], check=True)
    extension = subprocess.run([python, "-c", "import glob, duckdb_extension_httpfs as e; "
                                "print(glob.glob(e.__path__[0] + '/**/httpfs.duckdb_extension', recursive=True)[0])"],
                               check=True, capture_output=True, text=True).stdout.strip()
    return python, extension


def main() -> None:
    args = arguments()
    import generate
    generate.write_landing_zone(os.path.join(args.data, "landing", "chargebacks"), 20251121)
    duckdb_python, extension = duckdb_environment(args.data)

    scratch = tempfile.mkdtemp(prefix="dataflow-s3-consolidate-")
    env = server_environment(f"{scratch}/s3")
    metrics = env["DATAFLOW_S3_METRICS"]
    aws = {"AWS_ENDPOINT_URL": env["DATAFLOW_S3_ENDPOINT"], "AWS_ACCESS_KEY_ID": env["DATAFLOW_S3_ACCESS_KEY"],
           "AWS_SECRET_ACCESS_KEY": env["DATAFLOW_S3_SECRET_KEY"], "AWS_REGION": "us-east-1"}
    try:
        upload_landing(args.data, env)
        results = {}

        def dataflow() -> float:
            command = [args.dataflow, "consolidate", "--source", f"s3://{BUCKET}/landing/chargebacks", "--output", f"s3://{BUCKET}/out/dataflow",
                       "--file-count", "10", "--compression", "snappy", "--partition-date", "2025-11-02", "--execution-sequence", "1",
                       "--warehouse", f"{scratch}/warehouse", "--parallelism", "2", "--quiet"]
            started = time.perf_counter()
            subprocess.run(command, check=True, env={**os.environ, **aws})
            return time.perf_counter() - started
        results["DataFlow (`dataflow consolidate`)"] = measured("DataFlow", dataflow, args.runs, metrics)

        import polars as pl
        os.environ["POLARS_MAX_THREADS"] = "2"
        storage = {"aws_endpoint_url": env["DATAFLOW_S3_ENDPOINT"], "aws_access_key_id": env["DATAFLOW_S3_ACCESS_KEY"],
                   "aws_secret_access_key": env["DATAFLOW_S3_SECRET_KEY"], "aws_region": "us-east-1", "aws_allow_http": "true"}

        def polars() -> float:
            started = time.perf_counter()
            landing = pl.scan_parquet(f"s3://{BUCKET}/{DAY}/*.parquet", storage_options=storage, row_index_name="_row").collect()
            latest = (landing.filter(pl.col("chargeback_id").is_not_null())
                      .sort(pl.coalesce("updated_at", "event_timestamp"), "_row", nulls_last=False)
                      .unique(subset="chargeback_id", keep="last", maintain_order=False).drop("_row"))
            per_file = (latest.height + 9) // 10
            for part in range(10):
                latest.slice(part * per_file, per_file).write_parquet(f"s3://{BUCKET}/out/polars/part-{part}.parquet", compression="snappy",
                                                                      storage_options=storage)
            return time.perf_counter() - started
        results["Polars (storage_options)"] = measured("Polars", polars, args.runs, metrics)

        # DuckDB runs in its own process (its own DuckDB version): the warm-up and the runs there,
        # the request counts of the last run from the server's counters around it.
        process = subprocess.Popen([duckdb_python, "-c", DUCKDB_RUN, env["DATAFLOW_S3_ENDPOINT"], env["DATAFLOW_S3_ACCESS_KEY"],
                                    env["DATAFLOW_S3_SECRET_KEY"], extension, f"s3://{BUCKET}/out/duckdb", str(args.runs)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "warm"
        times = []
        for _ in range(args.runs):
            before = request_counts(metrics)
            process.stdin.write("go\n")
            process.stdin.flush()
            times.append(json.loads(process.stdout.readline())["seconds"])
            requests = difference(request_counts(metrics), before)
        process.wait()
        print(f"DuckDB: {', '.join(f'{t:.2f} s' for t in times)}; requests {requests}", flush=True)
        results[f"DuckDB {DUCKDB_VERSION} (httpfs)"] = {"times": times, "requests": requests}

        checks = {"DataFlow": written(env, "out/dataflow/year=2025/month=11/day=02"), "Polars": written(env, "out/polars"),
                  "DuckDB": written(env, "out/duckdb")}
    finally:
        subprocess.run([f"{ROOT}/scripts/s3-test-server.sh", "stop", f"{scratch}/s3"], check=False)

    best = min(statistics.median(result["times"]) for name, result in results.items() if not name.startswith("DataFlow"))
    lines = ["| engine | median | spread | vs best peer | requests (last run) |", "|---|---:|---:|---:|---|"]
    for name, result in results.items():
        times = result["times"]
        requests = ", ".join(f"{count} {kind}" for kind, count in result["requests"].items())
        lines.append(f"| {name} | {statistics.median(times):.2f} s | {min(times):.2f}-{max(times):.2f} s | "
                     f"{statistics.median(times) / best:.2f} | {sum(result['requests'].values())}: {requests} |")
    finish(lines, checks, os.path.join(args.out, "s3-consolidate.md"),
           f"`consolidate` of the 1.25M-row day (700 small snappy files; the landing zone's 812 files in the bucket) "
           f"from and to a SeaweedFS bucket on loopback, 2 threads each, median of {args.runs} runs after a warm-up "
           f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; `make bench-s3`). DataFlow's time is the whole "
           f"`dataflow` process (start, catalog and report included); DuckDB's and Polars' are in-process. Requests are "
           f"SeaweedFS's counters by operation.")


if __name__ == "__main__":
    main()
