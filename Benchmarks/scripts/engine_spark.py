"""PySpark's side of each workload, in local mode (`local[threads]`), optional (`make bench SPARK=1`).

Queries are timed as a `noop` write, which runs the whole plan without moving rows to Python; the
result is collected once, after the timed runs, for the checksum. Writes run as Spark writes them.
"""
import os

import pyarrow as pa

from workloads import CDC_SCHEMA_COLUMNS, REQUIRED_COLUMNS, fresh_directory

BACKSLASH = chr(92)


def session(threads: int):
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(f"local[{threads}]").appName("dataflow-bench")
            .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "12g"))
            .config("spark.sql.shuffle.partitions", str(threads * 2))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.enabled", "false")
            .getOrCreate())


def prepare(workload: str, sql: str, tables: dict, data: str, written: str, threads: int):
    """The action to time: it returns a query (collected by `result`) or, for writes, an Arrow table of counts."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    spark = session(threads)
    spark.sparkContext.setLogLevel("ERROR")
    for name, table in tables.items():
        frame = spark.createDataFrame(table).repartition(threads * 2).cache()
        frame.count()
        frame.createOrReplaceTempView(name)
    tables.clear()

    def counted(n: int, total: float = None) -> pa.Table:
        return pa.table({"n": [n]} if total is None else {"n": [n], "total": [total]})

    if workload == "consolidate":
        def run():
            landing = (spark.read.parquet(f"{data}/landing/chargebacks/2025/11/02")
                       .select("*", F.col("_metadata.file_path").alias("_file"), F.col("_metadata.row_index").alias("_row")).cache())
            checks = landing.select(F.count(F.lit(1)), *[F.count_if(F.col(c).isNull()) for c in ["chargeback_id", *REQUIRED_COLUMNS]]).first()
            newest = Window.partitionBy("chargeback_id").orderBy(F.coalesce("updated_at", "event_timestamp").desc_nulls_last(),
                                                               F.col("_file").desc(), F.col("_row").desc())
            latest = (landing.where(F.col("chargeback_id").isNotNull()).withColumn("_rn", F.row_number().over(newest))
                      .where("_rn = 1").drop("_rn", "_file", "_row"))
            latest.repartition(10).write.mode("overwrite").option("compression", "snappy").parquet(written)
            rows = spark.read.parquet(written).count()
            landing.unpersist()
            return counted(rows, float(checks[0] - checks[1] - rows))
        return run
    if workload == "cdc-snapshot":
        def run():
            dms = (spark.read.option("mergeSchema", "true").parquet(f"{data}/dms/employees")
                   .select("*", F.col("_metadata.file_path").alias("_file"), F.col("_metadata.row_index").alias("_row")).cache())
            deletes = dms.where("Op = 'D'").count()
            newest = Window.partitionBy("emp_no").orderBy(F.col("Op").isNotNull().desc(), F.col("cdc_timestamp").desc(),
                                                         F.col("_file").desc(), F.col("_row").desc())
            snapshot = (dms.withColumn("_rn", F.row_number().over(newest))
                        .where("_rn = 1 AND coalesce(Op, 'I') <> 'D'").select(*CDC_SCHEMA_COLUMNS))
            snapshot.write.mode("overwrite").option("compression", "snappy").parquet(written)
            rows = spark.read.parquet(written).count()
            dms.unpersist()
            return counted(rows, float(deletes))
        return run
    if workload == "migrate":
        def run():
            bookings = spark.read.schema("id BIGINT, day DATE, ts TIMESTAMP, c INT, note STRING").options(
                sep="|", quote='"', escape=BACKSLASH, nullValue=f"{BACKSLASH}N", header="false").csv(f"{data}/exports/bookings/snapshot")
            bookings.repartition("day").write.mode("overwrite").partitionBy("day").option("compression", "snappy").parquet(f"{written}/bookings")
            return counted(spark.read.parquet(f"{written}/bookings").count(), 0.0)
        return run
    if workload == "parquet-write":
        chargebacks = spark.read.parquet(f"{data}/chargebacks").cache()
        rows = chargebacks.count()

        def run():
            chargebacks.repartition(10).write.mode("overwrite").option("compression", "snappy").parquet(written)
            return counted(rows)
        return run
    if workload == "csv-redshift":
        spark.read.schema("id BIGINT, day DATE, ts TIMESTAMP, c INT, note STRING").options(
            sep="|", quote='"', escape=BACKSLASH, nullValue=f"{BACKSLASH}N", header="false").csv(f"{data}/unload").createOrReplaceTempView("unload")
        query = spark.sql("SELECT count(*) AS n, sum(id) AS total, max(day), max(ts), sum(c), max(length(note)) FROM unload")
    elif workload == "parquet-scan":
        query = spark.read.parquet(f"{data}/chargebacks").select(F.sum("amount").alias("total"), F.count_distinct("merchant_id").alias("n"))
    elif workload == "window-latest":
        query = spark.sql("SELECT k1, ts, total FROM (SELECT k1, ts, v AS total, row_number() OVER (PARTITION BY k1 ORDER BY ts DESC) AS rn "
                          "FROM t) WHERE rn = 1")
    elif workload == "drop-duplicates":
        query = spark.table("t").dropDuplicates(["k1"]).select(F.col("k1").alias("n"), "v", "s", "ts")
    else:
        # The peers' SQL quotes identifiers with double quotes; Spark SQL with backticks.
        query = spark.sql(sql.replace('"', "`"))

    def run():
        query.write.format("noop").mode("overwrite").save()
        return query
    return run


def result(last) -> pa.Table:
    """The last timed run's result as Arrow: a query is collected here, untimed."""
    return last if isinstance(last, pa.Table) else last.toArrow()
