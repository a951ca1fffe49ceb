import DataFlow

/// Window functions over the table: partitions by `i64_low` (25 values and a null partition, about
/// 4,000 rows each) or by `idx` (single-row partitions), ordered by `d` (ties and nulls) or by
/// `(d, idx)` (a total order, for functions whose result depends on the order of ties).
/// DuckDB sorts nulls last by default, Spark first: the SQL says NULLS FIRST.
extension DifferentialQueries {
    static let byKey = Window.partitionBy("i64_low")
    static let peersOrder = byKey.orderBy(col("d").ascNullsFirst())
    static let totalOrder = byKey.orderBy(col("d").ascNullsFirst(), col("idx"))
    static let peersSQL = "PARTITION BY i64_low ORDER BY d NULLS FIRST"
    static let totalSQL = "PARTITION BY i64_low ORDER BY d NULLS FIRST, idx"

    static func window(_ name: String, _ expr: Expr, _ sql: String, spills: Bool = true, ulps: Int = 0) -> DifferentialQuery {
        DifferentialQuery("window: \(name)", spills: spills, ulps: ulps, sql: "SELECT idx, \(sql) AS w FROM t") { frame in
            try frame.select(col("idx"), expr.alias("w"))
        }
    }

    static let windows: [DifferentialQuery] = [
        window("row_number over a total order", Expr.rowNumber().over(totalOrder), "row_number() OVER (\(totalSQL))"),
        window("rank with ties and null order keys", Expr.rank().over(peersOrder), "rank() OVER (\(peersSQL))"),
        window("dense_rank", Expr.denseRank().over(peersOrder), "dense_rank() OVER (\(peersSQL))"),
        window("percent_rank", Expr.percentRank().over(peersOrder), "percent_rank() OVER (\(peersSQL))"),
        window("cume_dist", Expr.cumeDist().over(peersOrder), "cume_dist() OVER (\(peersSQL))"),
        window("ntile(7)", Expr.ntile(7).over(totalOrder), "ntile(7) OVER (\(totalSQL))"),
        window("lag with a default", Expr.lag(col("i32"), 2, lit(-1)).over(totalOrder), "lag(i32, 2, -1) OVER (\(totalSQL))"),
        window("lead", Expr.lead(col("s_low")).over(totalOrder), "lead(s_low) OVER (\(totalSQL))"),
        window("first_value of a sliding frame", Expr.firstValue(col("i32")).over(totalOrder.rowsBetween(-3, 2)),
               "first_value(i32) OVER (\(totalSQL) ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING)"),
        window("last_value ignoring nulls", Expr.lastValue(col("i32"), ignoreNulls: true).over(totalOrder.rowsBetween(-3, 2)),
               "last_value(i32 IGNORE NULLS) OVER (\(totalSQL) ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING)"),
        window("nth_value", Expr.nthValue(col("s_low"), 2).over(totalOrder.rowsBetween(Window.unboundedPreceding, Window.currentRow)),
               "nth_value(s_low, 2) OVER (\(totalSQL) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        window("running sum, the default frame with peers", Expr.sum("i32").over(peersOrder), "sum(i32) OVER (\(peersSQL))"),
        window("count over the whole partition (no order)", Expr.count("i32").over(byKey), "count(i32) OVER (PARTITION BY i64_low)"),
        window("sliding avg over rows", Expr.avg("f64").over(totalOrder.rowsBetween(-5, 5)),
               "avg(f64) OVER (\(totalSQL) ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING)"),
        window("sliding min over rows", Expr.min("s_low").over(totalOrder.rowsBetween(-4, 0)),
               "min(s_low) OVER (\(totalSQL) ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)"),
        window("sliding max over rows", Expr.max("d").over(totalOrder.rowsBetween(0, 6)),
               "max(d) OVER (\(totalSQL) ROWS BETWEEN CURRENT ROW AND 6 FOLLOWING)"),
        // Range frames order by i32 % 1001: the table's integer extremes would overflow a bound
        // (DuckDB raises; DataFlow computes bounds in 64 bits).
        window("sum over a range frame with offsets, null order keys", Expr.sum("i32").over(byKey.orderBy((col("i32") % 1001).ascNullsFirst()).rangeBetween(-5, 2)),
               "sum(i32) OVER (PARTITION BY i64_low ORDER BY i32 % 1001 NULLS FIRST RANGE BETWEEN 5 PRECEDING AND 2 FOLLOWING)"),
        window("count over a descending range frame", Expr.count().over(byKey.orderBy((col("i32") % 1001).descNullsLast()).rangeBetween(-10, 0)),
               "count(*) OVER (PARTITION BY i64_low ORDER BY i32 % 1001 DESC NULLS LAST RANGE BETWEEN 10 PRECEDING AND CURRENT ROW)"),
        window("distinct count over a rows frame", Expr.countDistinct("s_low").over(totalOrder.rowsBetween(-20, 0)),
               "count(DISTINCT s_low) OVER (\(totalSQL) ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)"),
        window("single-row partitions", Expr.sum("i32").over(Window.partitionBy("idx").orderBy("d")),
               "sum(i32) OVER (PARTITION BY idx ORDER BY d)"),
        window("no partition: rank over the whole table", Expr.rank().over(Window.orderBy(col("s_low").ascNullsFirst())),
               "rank() OVER (ORDER BY s_low NULLS FIRST)", spills: false),
    ]
}
