@testable import DataFlow

/// Statistical and boolean aggregates, grouped and global (over windows: `statisticsOverWindows`). Spark's skewness is the
/// population one (DuckDB's is the sample skewness: the SQL scales it back) and its kurtosis the
/// population excess kurtosis (DuckDB's `kurtosis_pop`). Moments are summed in another order by
/// each engine and at each parallelism: compared within 1000 ulps.
extension DifferentialQueries {
    static let statistics: [DifferentialQuery] = [
        .aggregate("stddev, variance, skewness and kurtosis by key", keys: [c("i64_low")], ulps: 1000, [
            Output(.stddev(col("f64")), "stddev_samp(f64)"),
            Output(.stddevPop(col("i32")), "stddev_pop(i32)"),
            Output(.variance(col("dec")), "var_samp(dec)"),
            Output(.varPop(col("f64")), "var_pop(f64)"),
            Output(.skewness(col("f64")), "skewness(f64) * (count(f64) - 2) / sqrt(count(f64) * (count(f64) - 1))"),
            Output(.kurtosis(col("i64_high")), "kurtosis_pop(i64_high)"),
        ]),
        .aggregate("statistics of single rows", keys: [c("idx")], where: (col("idx") < 50, "idx < 50"), ulps: 1000, [
            Output(.stddevSamp(col("f64")), "stddev_samp(f64)"),
            Output(.varPop(col("f64")), "var_pop(f64)"),
            Output(.skewness(col("f64")), "CASE WHEN var_pop(f64) = 0 THEN NULL END"),
            Output(.kurtosis(col("f64")), "CASE WHEN var_pop(f64) = 0 THEN NULL END"),
        ]),
        .aggregate("statistics of the whole table", keys: [], ulps: 1000, [
            Output(.stddev(col("i32")), "stddev_samp(i32)"),
            Output(.varSamp(col("f64_special")), "var_samp(f64_special)"),
            Output(.kurtosis(col("f64")), "kurtosis_pop(f64)"),
        ]),
        .aggregate("count_if, bool_and, bool_or", keys: [c("i64_low")], [
            Output(.countIf(col("b")), "count_if(b)"),
            Output(.boolAnd(col("b")), "bool_and(b)"),
            Output(.boolOr(col("i32") > 900), "bool_or(i32 > 900)"),
            Output(.every(col("s_low").isNotNull()), "bool_and(s_low IS NOT NULL)"),
        ]),
    ]

    /// Statistics over sliding and running frames.
    static let statisticsOverWindows: [DifferentialQuery] = [
        window("stddev over a sliding frame", Expr.stddev(col("f64")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-3, 1)),
               "stddev_samp(f64) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING)", ulps: 1000),
        window("running population variance", Expr.varPop(col("i32")).over(Window.partitionBy("i64_low").orderBy("idx")
                   .rowsBetween(Window.unboundedPreceding, Window.currentRow)),
               "var_pop(i32) OVER (PARTITION BY i64_low ORDER BY idx ROWS UNBOUNDED PRECEDING)", ulps: 1000),
        window("bool_or over a sliding frame", Expr.boolOr(col("b")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-2, 0)),
               "bool_or(b) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"),
    ]
}
