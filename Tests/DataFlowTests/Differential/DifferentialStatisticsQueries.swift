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
        .aggregate("corr, covariances and regressions by key", keys: [c("i64_low")], ulps: 1000, [
            Output(.corr(col("f64"), col("i32")), "corr(f64, i32)"),
            Output(.covarPop(col("i64_high"), col("f64")), "covar_pop(i64_high, f64)"),
            Output(.covarSamp(col("dec"), col("i32")), "covar_samp(dec, i32)"),
            Output(.regrCount(col("f64"), col("i32")), "regr_count(f64, i32)"),
            Output(.regrAvgx(col("f64"), col("i32")), "regr_avgx(f64, i32)"),
            Output(.regrAvgy(col("f64"), col("i32")), "regr_avgy(f64, i32)"),
            Output(.regrSxx(col("f64"), col("i32")), "regr_sxx(f64, i32)"),
            Output(.regrSyy(col("f64"), col("i32")), "regr_syy(f64, i32)"),
            Output(.regrSxy(col("f64"), col("i32")), "regr_sxy(f64, i32)"),
            Output(.regrSlope(col("f64"), col("i32")), "regr_slope(f64, i32)"),
            Output(.regrIntercept(col("f64"), col("i32")), "regr_intercept(f64, i32)"),
            Output(.regrR2(col("f64"), col("i32")), "regr_r2(f64, i32)"),
        ]),
        .aggregate("max_by and min_by of every type by a unique ordering", keys: [c("i64_low")], [
            Output(.maxBy(col("s_low"), col("idx")), "arg_max_null(s_low, idx)"),
            Output(.minBy(col("d"), col("idx")), "arg_min_null(d, idx)"),
            Output(.maxBy(col("dec"), col("f64") + col("idx").cast(.float64) * 1e-9), "arg_max_null(dec, f64 + idx * 1e-9)"),
            Output(.minBy(col("i32"), col("ts")), "arg_min_null(i32, ts)"),
        ]),
        // DuckDB's quantile_disc picks another rank than Spark's percentile_approx: the SQL picks Spark's.
        .aggregate("percentile, median and percentile_approx by key", keys: [c("i64_low")], ulps: 4, [
            Output(.percentile(col("f64"), 0.3), "quantile_cont(f64, 0.3)"),
            Output(.median(col("i32")), "median(i32::DOUBLE)"),
            Output(.percentile(col("dec"), 0.75), "quantile_cont(dec::DOUBLE, 0.75)"),
            Output(.percentileApprox(col("i32"), 0.3), "list_sort(list(i32) FILTER (WHERE i32 IS NOT NULL))[greatest(ceil(0.3 * count(i32)), 1)::BIGINT]"),
            Output(.percentileApprox(col("f64_special"), 0.9), "list_sort(list(f64_special) FILTER (WHERE f64_special IS NOT NULL))[greatest(ceil(0.9 * count(f64_special)), 1)::BIGINT]"),
            Output(.percentileApprox(col("d"), 0.0), "min(d)"),
        ]),
        .aggregate("count_if, bool_and, bool_or", keys: [c("i64_low")], [
            Output(.countIf(col("b")), "count_if(b)"),
            Output(.boolAnd(col("b")), "bool_and(b)"),
            Output(.boolOr(col("i32") > 900), "bool_or(i32 > 900)"),
            Output(.every(col("s_low").isNotNull()), "bool_and(s_low IS NOT NULL)"),
        ]),
        .aggregate("bit_and, bit_or, bit_xor", keys: [c("i64_low")], [
            Output(.bitAnd(col("i32")), "bit_and(i32)"),
            Output(.bitOr(col("i32")), "bit_or(i32)"),
            Output(.bitXor(col("i64_high")), "bit_xor(i64_high)"),
            Output(.bitAnd(col("i64_high") % 1000 + 5000), "bit_and(i64_high % 1000 + 5000)"),
        ]),
    ]

    /// Statistics over sliding and running frames.
    static let statisticsOverWindows: [DifferentialQuery] = [
        window("stddev over a sliding frame", Expr.stddev(col("f64")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-3, 1)),
               "stddev_samp(f64) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING)", ulps: 1000),
        window("running population variance", Expr.varPop(col("i32")).over(Window.partitionBy("i64_low").orderBy("idx")
                   .rowsBetween(Window.unboundedPreceding, Window.currentRow)),
               "var_pop(i32) OVER (PARTITION BY i64_low ORDER BY idx ROWS UNBOUNDED PRECEDING)", ulps: 1000),
        // Running covariances of values up to 10^9 cancel most of their digits: DuckDB's frames and
        // Spark's (and DataFlow's) one-pass updates agree to about 10^-9 of the value.
        window("covar_samp over a running frame", Expr.covarSamp(col("f64"), col("i32")).over(Window.partitionBy("i64_low").orderBy("idx")
                   .rowsBetween(Window.unboundedPreceding, Window.currentRow)),
               "covar_samp(f64, i32) OVER (PARTITION BY i64_low ORDER BY idx ROWS UNBOUNDED PRECEDING)", ulps: 10_000_000),
        window("max_by over a sliding frame", Expr.maxBy(col("s_low"), col("idx")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-2, 0)),
               "arg_max_null(s_low, idx) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"),
        window("bit_xor over a sliding frame", Expr.bitXor(col("i32")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-2, 1)),
               "bit_xor(i32) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING)"),
        window("bool_or over a sliding frame", Expr.boolOr(col("b")).over(Window.partitionBy("i64_low").orderBy("idx").rowsBetween(-2, 0)),
               "bool_or(b) OVER (PARTITION BY i64_low ORDER BY idx ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"),
    ]
}
