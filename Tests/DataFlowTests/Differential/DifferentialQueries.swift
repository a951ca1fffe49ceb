import DataFlow

/// The differential queries, by area. Each pairs DataFlow's API with DuckDB SQL that computes
/// Spark's semantics; where DuckDB's own semantics differ, the SQL says how and why in a comment.
///
/// Differences handled in the SQL throughout:
/// - `first`/`last` follow input order in DataFlow: `first(x ORDER BY idx)`; ignoring nulls is a
///   `FILTER (WHERE x IS NOT NULL)`.
/// - Spark groups, sorts and distinguishes -0.0 and 0.0 as equal; DuckDB sorts -0.0 before 0.0, so
///   keys over `f64_special` add `+ 0.0`, which turns -0.0 into 0.0.
/// - Spark's `avg` of a decimal is a decimal (DuckDB's is a double), Spark's division of decimals is
///   exact (DuckDB's goes through double): computed on HUGEINT unscaled values (`half_up_div`).
/// - Spark's integer arithmetic wraps on overflow (DuckDB raises an error): `wrap32` / `wrap64`.
/// - Spark yields null for division or remainder by zero (DuckDB raises or returns infinities).
/// - Spark's `concat` is null if any argument is (DuckDB's skips nulls): `||` instead.
/// - `regexp_replace` replaces every match in Spark (DuckDB needs the 'g' flag); Java writes groups
///   as `$1` in replacements, RE2 as `\1`.
/// - Spark's `trim` removes spaces only (DuckDB's any white space): `trim(x, ' ')`.
/// - Spark's LIKE escapes with `\` by default (DuckDB has no default escape): `ESCAPE '\'`.
/// - Spark's casts truncate toward zero where DuckDB rounds (double and decimal to integer).
enum DifferentialQueries {
    static var all: [DifferentialQuery] {
        roundTrip + aggregates + sorts + distincts + filters + strings + textFunctions + functions + math + statistics + casts + arithmetic + temporal + joins + windows + statisticsOverWindows
    }

    // MARK: - Helpers

    /// A column, the same on both sides.
    static func c(_ name: String) -> Output { Output(col(name), name) }

    /// `first(x ORDER BY idx)` / `last(...)`, optionally ignoring nulls.
    static func firstLast(_ name: String, last: Bool, ignoreNulls: Bool) -> Output {
        let function = last ? "last" : "first"
        let filter = ignoreNulls ? " FILTER (WHERE \(name) IS NOT NULL)" : ""
        let expr: Expr = last ? .last(name, ignoreNulls: ignoreNulls) : .first(name, ignoreNulls: ignoreNulls)
        return Output(expr, "\(function)(\(name) ORDER BY idx)\(filter)")
    }

    /// Spark's `avg` over decimal(12, 2): decimal(16, 6). Spark divides sum (decimal(22, 2)) by
    /// count (decimal(20, 0)) at scale 18, rounding half up, then casts to scale 6, rounding half up
    /// again; the SQL does exactly that on unscaled integers.
    static func sparkAverageOfDecimal(_ name: String) -> String {
        "CAST(dec_text(half_up_div(half_up_div(sum((\(name) * 100)::HUGEINT) * 10000000000000000, count(\(name))),"
            + " 1000000000000), 1000000, 6) AS DECIMAL(16,6))"
    }

    /// Spark's division of decimal(12, 2) `lhs` by integer column `rhs` (as decimal(10, 0)):
    /// decimal(23, 13), rounded half up; null when `rhs` is 0.
    static func sparkDecimalDivide(_ lhs: String, byInteger rhs: String) -> String {
        "CAST(dec_text(half_up_div((\(lhs) * 100)::HUGEINT * 100000000000, \(rhs)), 10000000000000, 13) AS DECIMAL(23,13))"
    }

    /// Spark's substring(s, pos, len) (1-based; 0 acts as 1; negative counts from the end; the
    /// window is clipped to the string), which DuckDB's substring does not match for pos <= 0.
    static func sparkSubstring(_ name: String, _ position: Int, _ length: Int) -> String {
        let start = position > 0 ? "\(position - 1)" : (position < 0 ? "(length(\(name)) + \(position))" : "0")
        return "(CASE WHEN \(name) IS NULL THEN NULL ELSE substring(\(name), greatest(\(start), 0) + 1,"
            + " greatest(least(\(start) + \(length), length(\(name))) - greatest(\(start), 0), 0)) END)"
    }

    // MARK: - The data itself

    /// Every column read back: proves both sides hold the same table before any query.
    static let roundTrip: [DifferentialQuery] = [
        DifferentialQuery("round trip: every column", sql: "SELECT * FROM t") { frame in frame },
    ]

    // MARK: - Aggregates

    /// count, countDistinct, sum, avg, min, max, first and last over every type.
    static let everyAggregate: [Output] = {
        var outputs: [Output] = [Output(.count(), "count(*)")]
        for name in ["i32", "i64_high", "f64_special", "dec", "s_high", "s_low", "b", "d", "ts"] {
            outputs.append(Output(.count(name), "count(\(name))"))
            // -0.0 and 0.0 are one value for Spark.
            let distinct = name == "f64_special" ? "f64_special + 0.0" : name
            outputs.append(Output(.countDistinct(name), "count(DISTINCT \(distinct))"))
        }
        for name in ["i32", "i64_high", "f64", "f64_special", "dec"] {
            outputs.append(Output(.sum(name), "sum(\(name))"))
            outputs.append(Output(.avg(name), name == "dec" ? sparkAverageOfDecimal(name) : "avg(\(name))"))
        }
        for name in ["i32", "i64_high", "f64", "f64_special", "dec", "s_low", "s_high", "b", "d", "ts"] {
            outputs.append(Output(.min(name), "min(\(name))"))
            outputs.append(Output(.max(name), "max(\(name))"))
        }
        for (name, ignoreNulls) in [("i32", false), ("s_high", true), ("dec", false), ("d", true), ("ts", false),
                                    ("b", true), ("f64_special", false), ("s_low", false), ("i64_high", true)] {
            outputs.append(firstLast(name, last: false, ignoreNulls: ignoreNulls))
            outputs.append(firstLast(name, last: true, ignoreNulls: ignoreNulls))
        }
        return outputs
    }()

    static let aggregates: [DifferentialQuery] = [
        .aggregate("group by int64 (low cardinality, nullable): every aggregate", keys: [c("i64_low")], everyAggregate),
        .aggregate("group by string (nullable): every aggregate", keys: [c("s_low")], everyAggregate),
        .aggregate("global: every aggregate", keys: [], everyAggregate),
        .aggregate("global on empty input: every aggregate", keys: [], where: (col("idx") < 0, "idx < 0"), everyAggregate),
        .aggregate("group by on empty input", keys: [c("s_low")], where: (col("idx") < 0, "idx < 0"),
                   [Output(.count(), "count(*)"), Output(.sum("dec"), "sum(dec)")]),
        .aggregate("group by boolean", keys: [c("b")], [
            Output(.count(), "count(*)"), Output(.sum("f64"), "sum(f64)"), Output(.min("s_high"), "min(s_high)"),
            Output(.max("ts"), "max(ts)"), firstLast("d", last: true, ignoreNulls: false),
        ]),
        .aggregate("group by three columns (int, boolean, string)", keys: [c("i64_low"), c("b"), c("s_low")], [
            Output(.count(), "count(*)"), Output(.count("i32"), "count(i32)"), Output(.sum("f64"), "sum(f64)"),
            Output(.avg("i32"), "avg(i32)"), Output(.min("s_high"), "min(s_high)"), Output(.max("d"), "max(d)"),
            Output(.sum("dec"), "sum(dec)"), firstLast("idx", last: false, ignoreNulls: false),
        ]),
        .aggregate("group by date (high cardinality)", keys: [c("d")], [
            Output(.count(), "count(*)"), Output(.sum("dec"), "sum(dec)"), Output(.max("s_high"), "max(s_high)"),
            firstLast("idx", last: true, ignoreNulls: false),
        ]),
        .aggregate("group by decimal", keys: [c("dec")], [Output(.count(), "count(*)"), Output(.min("idx"), "min(idx)")]),
        .aggregate("group by timestamp", keys: [c("ts")], [Output(.count(), "count(*)"), Output(.max("i32"), "max(i32)")]),
        .aggregate("group by int32", keys: [c("i32")], [
            Output(.count(), "count(*)"), Output(.countDistinct("s_low"), "count(DISTINCT s_low)"), Output(.avg("f64"), "avg(f64)"),
        ]),
        // NaN is one group, and -0.0 joins 0.0, in Spark.
        .aggregate("group by double with NaN, infinities and -0.0", keys: [Output(col("f64_special"), "f64_special + 0.0")], [
            Output(.count(), "count(*)"), Output(.sum("i32"), "sum(i32)"), Output(.min("idx"), "min(idx)"),
        ]),
        .aggregate("group by two strings", keys: [c("s_low"), c("s_num")], [
            Output(.count(), "count(*)"), firstLast("s_high", last: false, ignoreNulls: true),
        ]),
        .aggregate("group by an expression", keys: [Output((col("i32") % 7).alias("m"), "i32 % 7")], [
            Output(.count(), "count(*)"), Output(.sum("i64_high"), "sum(i64_high)"),
        ]),
        // Expressions over aggregates: int32 max - min wraps in Spark.
        .aggregate("expressions over aggregates", keys: [c("i64_low")], [
            Output(Expr.sum("f64") / Expr.count(), "sum(f64) / count(*)"),
            Output(Expr.max("i32") - Expr.min("i32"), "wrap32(max(i32)::BIGINT - min(i32))"),
            Output(Expr.count("s_high") + Expr.countDistinct("s_low"), "count(s_high) + count(DISTINCT s_low)"),
        ]),
        // -0.0 and 0.0 are one value for Spark; DuckDB keeps them apart.
        .aggregate("aggregates of distinct values", keys: [c("i64_low")], [
            Output(.sumDistinct("i32"), "sum(DISTINCT i32)"), Output(.sumDistinct("dec"), "sum(DISTINCT dec)"),
            Output(.sumDistinct(col("f64") + 0.0), "sum(DISTINCT f64 + 0.0)"), Output(.countDistinct("s_low"), "count(DISTINCT s_low)"),
        ]),
        DifferentialQuery("filter after aggregate (HAVING)",
                          sql: "SELECT s_low, count(*) AS n FROM t GROUP BY s_low HAVING count(*) > 5600 AND s_low IS NOT NULL") { frame in
            try frame.groupBy("s_low").agg(Expr.count().alias("n")).filter(col("n") > 5600 && col("s_low").isNotNull())
        },
    ]

    // MARK: - Sort

    static let sorts: [DifferentialQuery] = {
        var queries: [DifferentialQuery] = []
        // -0.0 and 0.0 tie in Spark (then idx decides); DuckDB puts -0.0 first unless normalized.
        func key(_ name: String) -> String { name == "f64_special" ? "(f64_special + 0.0)" : name }
        for name in ["i32", "i64_low", "i64_high", "f64", "f64_special", "dec", "s_low", "s_high", "s_num", "b", "d", "ts"] {
            queries.append(.sort("sort \(name) asc (nulls first)", [(col(name).asc(), "\(key(name)) ASC NULLS FIRST")]))
            queries.append(.sort("sort \(name) desc (nulls last)", [(col(name).desc(), "\(key(name)) DESC NULLS LAST")]))
            queries.append(.sort("sort \(name) asc nulls last", [(col(name).ascNullsLast(), "\(key(name)) ASC NULLS LAST")]))
            queries.append(.sort("sort \(name) desc nulls first", [(col(name).descNullsFirst(), "\(key(name)) DESC NULLS FIRST")]))
        }
        queries += [
            .sort("sort by int, string desc nulls first, double nulls last", [
                (col("i64_low").asc(), "i64_low ASC NULLS FIRST"), (col("s_low").descNullsFirst(), "s_low DESC NULLS FIRST"),
                (col("f64").ascNullsLast(), "f64 ASC NULLS LAST"),
            ]),
            .sort("sort by boolean desc, date, decimal desc nulls first", [
                (col("b").desc(), "b DESC NULLS LAST"), (col("d").asc(), "d ASC NULLS FIRST"),
                (col("dec").descNullsFirst(), "dec DESC NULLS FIRST"),
            ]),
            .sort("sort by timestamp desc nulls first, string with shared prefixes", [
                (col("ts").descNullsFirst(), "ts DESC NULLS FIRST"), (col("s_low").asc(), "s_low ASC NULLS FIRST"),
            ]),
            .sort("sort by string with shared prefixes, then int desc", [
                (col("s_low").ascNullsLast(), "s_low ASC NULLS LAST"), (col("i32").desc(), "i32 DESC NULLS LAST"),
            ]),
            .sort("sort by an expression", [(Expr.lower(col("s_high")).asc(), "lower(s_high) ASC NULLS FIRST")]),
            DifferentialQuery("top 100 by double desc", ordered: true,
                              sql: "SELECT idx, f64 FROM t ORDER BY f64 DESC NULLS LAST, idx LIMIT 100") { frame in
                try frame.orderBy(col("f64").desc(), col("idx")).limit(100).select("idx", "f64")
            },
        ]
        return queries
    }()

    // MARK: - distinct and dropDuplicates

    static let distincts: [DifferentialQuery] = [
        DifferentialQuery("distinct over int, string, boolean", sql: "SELECT DISTINCT i64_low, s_low, b FROM t") { frame in
            try frame.select("i64_low", "s_low", "b").distinct()
        },
        // One row for NaN, one for 0.0 and -0.0 together (Spark compares them equal).
        DifferentialQuery("distinct doubles with NaN and -0.0", sql: "SELECT DISTINCT f64_special + 0.0 FROM t") { frame in
            try frame.select("f64_special").distinct()
        },
        DifferentialQuery("distinct over date and decimal", sql: "SELECT DISTINCT d, dec FROM t WHERE i64_low < 3") { frame in
            try frame.filter(col("i64_low") < 3).select("d", "dec").distinct()
        },
        dropDuplicates(["s_low"]),
        dropDuplicates(["i64_low", "b"]),
        dropDuplicates(["d"]),
        dropDuplicates(["f64_special"]),
        dropDuplicates(["s_low", "s_num"]),
        dropDuplicates(["ts", "i32"]),
    ]

    /// `dropDuplicates(keys)` keeps the first row by idx of each key: ROW_NUMBER over the keys.
    static func dropDuplicates(_ keys: [String]) -> DifferentialQuery {
        let columns = (["idx"] + keys + ["dec"]).joined(separator: ", ")
        let partition = keys.map { $0 == "f64_special" ? "f64_special + 0.0" : $0 }.joined(separator: ", ")
        let sql = "SELECT \(columns) FROM (SELECT *, row_number() OVER (PARTITION BY \(partition) ORDER BY idx) AS rn FROM t) WHERE rn = 1"
        return DifferentialQuery("dropDuplicates(\(keys.joined(separator: ", ")))", sql: sql) { frame in
            try frame.dropDuplicates(keys).select((["idx"] + keys + ["dec"]).map(col))
        }
    }

    // MARK: - Filters

    static let filters: [DifferentialQuery] = [
        .filter("AND over nullable columns", col("i32") > 0 && col("s_low") == "alpha", "i32 > 0 AND s_low = 'alpha'"),
        .filter("OR over nullable columns (null OR true is true)", col("i32") > 500 || col("b"), "i32 > 500 OR b"),
        .filter("NOT drops nulls", !(col("i32") > 0), "NOT (i32 > 0)"),
        .filter("NOT of AND, OR with IS NULL", !(col("b") && col("f64") > 0) || col("s_low").isNull(),
                "NOT (b AND f64 > 0) OR s_low IS NULL"),
        .filter("nested three-valued logic", (col("b") || col("i32") < 0) && !(col("dec") > 0 || col("s_high").isNull()),
                "(b OR i32 < 0) AND NOT (dec > 0 OR s_high IS NULL)"),
        .filter("boolean column equals true", col("b") == lit(true), "b = true"),
        .filter("isin", col("i32").isin(1, 2, 3, -1000), "i32 IN (1, 2, 3, -1000)"),
        .filter("isin with null matches", col("i64_low").isin(1, nil, 3), "i64_low IN (1, NULL, 3)"),
        // NOT IN with a null in the list is never true.
        .filter("not isin with null is never true", !col("i64_low").isin(1, nil), "NOT (i64_low IN (1, NULL))"),
        .filter("isin over strings", col("s_low").isin("alpha", "", "日本語"), "s_low IN ('alpha', '', '日本語')"),
        .filter("between ints", col("i32").between(-10, 10), "i32 BETWEEN -10 AND 10"),
        .filter("between doubles", col("f64").between(lit(-100.5), lit(2000.25)), "f64 BETWEEN -100.5 AND 2000.25"),
        .filter("between dates", col("d").between(lit("2000-01-01").cast(.date), lit("2010-06-30").cast(.date)),
                "d BETWEEN DATE '2000-01-01' AND DATE '2010-06-30'"),
        .filter("like with _ inside", col("s_high").like("%a_b%"), "s_high LIKE '%a_b%'"),
        .filter("like prefix", col("s_high").like("A%"), "s_high LIKE 'A%'"),
        .filter("like non-ASCII", col("s_high").like("%é%"), "s_high LIKE '%é%'"),
        .filter("like one character", col("s_high").like("_"), "s_high LIKE '_'"),
        .filter("like escaped percent", col("s_high").like("%\\%%"), "s_high LIKE '%\\%%' ESCAPE '\\'"),
        .filter("like escaped underscore", col("s_low").like("prefix\\_common%"), "s_low LIKE 'prefix\\_common%' ESCAPE '\\'"),
        .filter("like empty pattern", col("s_low").like(""), "s_low LIKE ''"),
        .filter("int32 vs int64", col("i32") > col("i64_high") / 10_000_000, "i32 > i64_high / 10000000"),
        .filter("int vs double", col("i32") < col("f64"), "i32 < f64"),
        .filter("decimal vs int", col("dec") > col("i32"), "dec > i32"),
        .filter("decimal vs double", col("dec") <= col("f64"), "dec <= f64"),
        .filter("int64 vs string literal", col("i64_low") == "5", "i64_low = 5"),
        .filter("string comparison", col("s_low") > "beta", "s_low > 'beta'"),
        .filter("string vs string column", col("s_low") < col("s_high"), "s_low < s_high"),
        .filter("NaN equals NaN, NaN above infinity", col("f64_special") == lit(Double.nan) || col("f64_special") > lit(1e300),
                "f64_special = 'NaN'::DOUBLE OR f64_special > 1e300"),
        .filter("-0.0 equals 0.0", col("f64_special") == lit(0.0), "f64_special = 0.0"),
        .filter("null-safe equality", col("i64_low").eqNullSafe(col("i32")), "i64_low IS NOT DISTINCT FROM i32"),
        .filter("null-safe equality with null", col("s_low").eqNullSafe(nullLiteral(.string)), "s_low IS NULL"),
        .filter("IS NULL and IS NOT NULL", col("d").isNull() && col("ts").isNotNull(), "d IS NULL AND ts IS NOT NULL"),
        .filter("coalesce and when", Expr.coalesce(col("i32"), col("i64_low")) > 10 || when(col("b"), lit(1)).otherwise(lit(0)) == 1,
                "coalesce(i32, i64_low) > 10 OR (CASE WHEN b THEN 1 ELSE 0 END) = 1"),
        // A string compared with a number is cast to the number's type (Spark's cast: see casts).
        .filter("string vs int", col("s_num") > 100, "spark_to_int(s_num) > 100"),
    ]

    // MARK: - String functions

    static let strings: [DifferentialQuery] = [
        .project("lower, upper, trim, length", [
            Output(.lower(col("s_high")), "lower(s_high)"), Output(.upper(col("s_high")), "upper(s_high)"),
            Output(.lower(col("s_low")), "lower(s_low)"), Output(.upper(col("s_low")), "upper(s_low)"),
            Output(.trim(col("s_low")), "trim(s_low, ' ')"), Output(.ltrim(col("s_low")), "ltrim(s_low, ' ')"),
            Output(.rtrim(col("s_low")), "rtrim(s_low, ' ')"), Output(.trim(col("s_high")), "trim(s_high, ' ')"),
            Output(.length(col("s_high")), "length(s_high)"), Output(.length(col("s_low")), "length(s_low)"),
        ]),
        .project("substring", [
            Output(.substring(col("s_high"), 2, 3), sparkSubstring("s_high", 2, 3)),
            Output(.substring(col("s_high"), 1, 100), sparkSubstring("s_high", 1, 100)),
            Output(.substring(col("s_high"), 0, 2), sparkSubstring("s_high", 0, 2)),
            Output(.substring(col("s_high"), -3, 2), sparkSubstring("s_high", -3, 2)),
            Output(.substring(col("s_high"), -30, 25), sparkSubstring("s_high", -30, 25)),
            Output(.substring(col("s_high"), 5, 0), sparkSubstring("s_high", 5, 0)),
            Output(.substring(col("s_high"), 3, -1), sparkSubstring("s_high", 3, -1)),
            Output(.substring(col("s_low"), 3, 100), sparkSubstring("s_low", 3, 100)),
            Output(.substring(col("s_low"), -4, 3), sparkSubstring("s_low", -4, 3)),
        ]),
        .project("concat, concat_ws, replace", [
            Output(.concat(col("s_low"), lit("-"), col("s_high")), "s_low || '-' || s_high"),
            Output(.concat(col("s_low"), col("i32")), "s_low || CAST(i32 AS VARCHAR)"),
            Output(.concat(col("s_high")), "s_high"),
            Output(.concatWs("|", col("s_low"), col("s_high"), col("s_num")), "concat_ws('|', s_low, s_high, s_num)"),
            Output(.concatWs("", col("s_low"), col("d")), "concat_ws('', s_low, CAST(d AS VARCHAR))"),
            Output(.replace(col("s_high"), "a", "XY"), "replace(s_high, 'a', 'XY')"),
            Output(.replace(col("s_low"), " ", ""), "replace(s_low, ' ', '')"),
            Output(.replace(col("s_low"), "prefix_common", "é"), "replace(s_low, 'prefix_common', 'é')"),
        ]),
        .project("regexp_replace, regexp_extract", [
            Output(.regexpReplace(col("s_high"), "[aeiou]+", "#"), "regexp_replace(s_high, '[aeiou]+', '#', 'g')"),
            Output(.regexpReplace(col("s_high"), "([a-z])([0-9])", "$2$1"), "regexp_replace(s_high, '([a-z])([0-9])', '\\2\\1', 'g')"),
            Output(.regexpReplace(col("s_low"), " +", "_"), "regexp_replace(s_low, ' +', '_', 'g')"),
            Output(.regexpExtract(col("s_high"), "([a-z]+)([0-9]+)", 1), "regexp_extract(s_high, '([a-z]+)([0-9]+)', 1)"),
            Output(.regexpExtract(col("s_high"), "([a-z]+)([0-9]+)", 2), "regexp_extract(s_high, '([a-z]+)([0-9]+)', 2)"),
            Output(.regexpExtract(col("s_high"), "[A-Z]+", 0), "regexp_extract(s_high, '[A-Z]+', 0)"),
            // A group that takes no part in the match yields "" in Spark.
            Output(.regexpExtract(col("s_high"), "(x)?y", 1), "regexp_extract(s_high, '(x)?y', 1)"),
        ]),
    ]

    // MARK: - Conditional and math functions

    /// Spark rounds a double half up from its shortest decimal text (round(2.675, 2) is 2.68):
    /// the SQL rounds that text as a DECIMAL.
    static func sparkRoundDouble(_ name: String, _ scale: Int) -> String {
        "CASE WHEN isnan(\(name)) OR isinf(\(name)) THEN \(name)"
            + " ELSE CAST(round(CAST(CAST(\(name) AS VARCHAR) AS DECIMAL(38,18)), \(scale)) AS DOUBLE) END"
    }

    static let functions: [DifferentialQuery] = [
        .project("coalesce, when, nullif", [
            Output(.coalesce(col("i32"), col("i64_high")), "coalesce(CAST(i32 AS BIGINT), i64_high)"),
            Output(.coalesce(col("s_low"), col("s_high"), lit("none")), "coalesce(s_low, s_high, 'none')"),
            Output(when(col("b"), col("i32")).otherwise(col("f64")), "CASE WHEN b THEN CAST(i32 AS DOUBLE) ELSE f64 END"),
            Output(when(col("i32") > 0, lit("pos")).when(col("i32") < 0, lit("neg")), "CASE WHEN i32 > 0 THEN 'pos' WHEN i32 < 0 THEN 'neg' END"),
            Output(.nullIf(col("s_low"), lit("alpha")), "nullif(s_low, 'alpha')"),
            Output(.nullIf(col("i64_low"), col("i32")), "nullif(i64_low, i32)"),
        ]),
        .project("abs, round, floor, ceil", [
            // Java's abs of the smallest int wraps to itself.
            Output(.abs(col("i32")), "wrap32(abs(CAST(i32 AS BIGINT)))"),
            Output(.abs(col("f64_special")), "abs(f64_special)"),
            Output(.abs(col("dec")), "abs(dec)"),
            Output(.round(col("f64"), 1), sparkRoundDouble("f64", 1)),
            Output(.round(col("f64_special")), sparkRoundDouble("f64_special", 0)),
            Output(.round(col("dec"), 1), "round(dec, 1)"),
            Output(.round(col("i32"), -1), "wrap32(round(CAST(i32 AS BIGINT), -1))"),
            Output(.floor(col("f64")), "CAST(floor(f64) AS BIGINT)"),
            Output(.ceil(col("f64")), "CAST(ceil(f64) AS BIGINT)"),
            Output(.floor(col("dec")), "floor(dec)"),
            Output(.ceil(col("dec")), "ceil(dec)"),
        ]),
    ]

    // MARK: - Casts

    static let casts: [DifferentialQuery] = [
        .project("cast string to numbers", [
            Output(col("s_num").cast(.int32), "spark_to_int(s_num)"),
            Output(col("s_num").cast(.int64), "spark_to_bigint(s_num)"),
            Output(col("s_num").cast(.float64), "spark_to_double(s_num)"),
            Output(col("s_num").cast(.decimal(precision: 12, scale: 2)), "TRY_CAST(spark_decimal_text(s_num) AS DECIMAL(12,2))"),
            Output(col("s_num").cast(.boolean), "spark_to_boolean(s_num)"),
            Output(col("s_low").cast(.int32), "spark_to_int(s_low)"),
        ]),
        .project("cast string to date and timestamp", [
            Output(col("s_num").cast(.date), "spark_to_date(s_num)"),
            Output(col("s_num").cast(.timestamp), "spark_to_timestamp(s_num)"),
            Output(col("s_high").cast(.date), "spark_to_date(s_high)"),
        ]),
        .project("cast to string", [
            Output(col("i32").cast(.string), "CAST(i32 AS VARCHAR)"),
            Output(col("i64_high").cast(.string), "CAST(i64_high AS VARCHAR)"),
            Output(col("dec").cast(.string), "CAST(dec AS VARCHAR)"),
            Output(col("b").cast(.string), "CAST(b AS VARCHAR)"),
            Output(col("d").cast(.string), "CAST(d AS VARCHAR)"),
            // Spark drops trailing zeros of the fraction, as DuckDB does.
            Output(col("ts").cast(.string), "CAST(ts AS VARCHAR)"),
        ]),
        .project("casts between numbers", [
            Output(col("i64_high").cast(.int32), "wrap32(i64_high)"),
            Output(col("f64").cast(.int32), "CAST(trunc(f64) AS INTEGER)"),
            // Java's double-to-long saturates and maps NaN to 0.
            Output(col("f64_special").cast(.int64),
                   "CASE WHEN isnan(f64_special) THEN 0 WHEN f64_special >= 9.3e18 THEN 9223372036854775807"
                   + " WHEN f64_special <= -9.3e18 THEN -9223372036854775808 ELSE CAST(trunc(f64_special) AS BIGINT) END"),
            Output(col("dec").cast(.int32), "CAST(trunc(dec) AS INTEGER)"),
            Output(col("dec").cast(.int64), "CAST(trunc(dec) AS BIGINT)"),
            Output(col("dec").cast(.decimal(precision: 10, scale: 1)), "CAST(dec AS DECIMAL(10,1))"),
            Output(col("dec").cast(.decimal(precision: 9, scale: 2)), "TRY_CAST(dec AS DECIMAL(9,2))"),
            Output(col("dec").cast(.float64), "CAST(dec AS DOUBLE)"),
            Output(col("i32").cast(.decimal(precision: 12, scale: 2)), "CAST(i32 AS DECIMAL(12,2))"),
            Output(col("f64").cast(.decimal(precision: 12, scale: 2)), "CAST(f64 AS DECIMAL(12,2))"),
            Output(col("i32").cast(.float64), "CAST(i32 AS DOUBLE)"),
            Output(col("b").cast(.int32), "CAST(b AS INTEGER)"),
            Output(col("i32").cast(.boolean), "CAST(i32 AS BOOLEAN)"),
            Output(col("f64_special").cast(.boolean), "f64_special <> 0 OR isnan(f64_special)"),
        ]),
    ]

    // MARK: - Arithmetic

    static let arithmetic: [DifferentialQuery] = [
        .project("integer arithmetic with nulls and wrapping", [
            Output(col("i32") + col("i64_high"), "i32 + i64_high"),
            Output(col("i32") - col("i64_low"), "i32 - i64_low"),
            Output(col("i32") * col("i32"), "wrap32(i32::BIGINT * i32)"),
            Output(col("i32") + col("i32"), "wrap32(i32::BIGINT + i32)"),
            Output(col("i64_high") * col("i64_high"), "wrap64(i64_high::HUGEINT * i64_high)"),
            Output(-col("i32"), "wrap32(-(i32::BIGINT))"),
            Output(col("i32") % col("i64_low"), "CASE WHEN i64_low = 0 THEN NULL ELSE i32 % i64_low END"),
            Output(col("i64_high") % 7, "i64_high % 7"),
            Output(col("i32") * 3 + 1, "wrap32(i32::BIGINT * 3 + 1)"),
        ]),
        .project("division (always double for integers, null on zero)", [
            Output(col("i32") / col("i64_low"), "CASE WHEN i64_low = 0 THEN NULL ELSE i32::DOUBLE / i64_low END"),
            Output(col("i64_high") / 3, "i64_high / 3"),
            Output(col("f64") / col("f64_special"), "CASE WHEN f64_special = 0 THEN NULL ELSE f64 / f64_special END"),
            Output(col("f64") / 0.0, "NULL::DOUBLE"),
            // Java's remainder takes the dividend's sign, as DuckDB's % does (DuckDB's fmod does not).
            Output(col("f64") % col("f64_special"), "CASE WHEN f64_special = 0 THEN NULL ELSE f64 % f64_special END"),
            Output(col("f64") % 1.5, "f64 % 1.5"),
        ]),
        .project("double arithmetic", [
            Output(col("f64") + col("i32"), "f64 + i32"),
            Output(col("f64") * col("f64"), "f64 * f64"),
            Output(col("f64") - col("f64_special"), "f64 - f64_special"),
            Output(col("f64_special") * 2, "f64_special * 2"),
            Output(-col("f64"), "-f64"),
            Output(col("dec") * 2.5, "CAST(dec AS DOUBLE) * 2.5"),
        ]),
        .project("decimal arithmetic", [
            Output(col("dec") + col("dec"), "dec + dec"),
            Output(col("dec") - col("i32"), "dec - i32"),
            Output(col("dec") * col("dec"), "CAST(dec AS DECIMAL(25,2)) * dec"),
            Output(col("dec") * col("i64_low"), "dec * i64_low"),
            Output(col("dec") / col("i32"), sparkDecimalDivide("dec", byInteger: "i32")),
            Output(col("dec") % col("i64_low"), "CASE WHEN i64_low = 0 THEN NULL ELSE dec % i64_low END"),
            Output(-col("dec"), "-dec"),
        ]),
    ]

    // MARK: - Dates and timestamps (without date functions)

    static let temporal: [DifferentialQuery] = [
        .filter("date vs string literal", col("d") > "2000-02-29", "d > DATE '2000-02-29'"),
        .filter("date vs date literal", col("d") <= lit("1969-12-31").cast(.date), "d <= DATE '1969-12-31'"),
        .filter("timestamp vs string literal", col("ts") < "2000-01-01 12:00:00", "ts < TIMESTAMP '2000-01-01 12:00:00'"),
        .filter("timestamp vs date", col("ts") > col("d"), "ts > d"),
        .filter("timestamp between", col("ts").between(lit("1969-07-20 20:17:40").cast(.timestamp), lit("1989-11-09").cast(.timestamp)),
                "ts BETWEEN TIMESTAMP '1969-07-20 20:17:40' AND TIMESTAMP '1989-11-09'"),
        .filter("date equals cast timestamp", col("d") == col("ts").cast(.date), "d = CAST(ts AS DATE)"),
        .project("casts between dates and timestamps", [
            Output(col("d").cast(.timestamp), "CAST(d AS TIMESTAMP)"),
            Output(col("ts").cast(.date), "CAST(ts AS DATE)"),
            Output(col("ts").cast(.int64), "CAST(floor(epoch_us(ts) / 1000000) AS BIGINT)"),
            Output(col("ts").cast(.float64), "epoch_us(ts)::DOUBLE / 1000000"),
        ]),
        .aggregate("min and max of dates and timestamps by key", keys: [c("i64_low")], [
            Output(.min("d"), "min(d)"), Output(.max("d"), "max(d)"), Output(.min("ts"), "min(ts)"), Output(.max("ts"), "max(ts)"),
            Output(.countDistinct("d"), "count(DISTINCT d)"),
        ]),
    ]
}
