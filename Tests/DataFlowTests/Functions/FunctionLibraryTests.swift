@testable import DataFlow
import Testing

/// The function library through SQL and the builders: Spark's argument orders and names, and the
/// aggregates' edge cases (the differential suites compare the values at scale).
@Suite("Functions: SQL forms and edge cases")
struct FunctionLibraryTests {
    static func session() throws -> Session {
        let session = Session(parallelism: 2)
        try session.createDataFrame(rows: [
            [.string("xxaxx"), .float64(1), .boolean(true)], [.string(" b "), .float64(2), .boolean(false)],
            [.null, .float64(4), .null], [.string("cx"), .null, .boolean(true)],
        ], schema: try Schema(ddl: "s STRING, v DOUBLE, flag BOOLEAN")).createOrReplaceTempView("t")
        return session
    }

    static func values(_ session: Session, _ query: String) throws -> [[Scalar]] {
        try session.sql(query).collect().map(\.values)
    }

    @Test("SQL's trim forms take the characters first, as Spark's: trim(chars, s) and trim(BOTH chars FROM s)")
    func trimForms() throws {
        let session = try Self.session()
        #expect(try Self.values(session, "SELECT trim('x', s), trim(BOTH 'x' FROM s), ltrim('x', s), trim(TRAILING 'x' FROM s) FROM t WHERE s = 'xxaxx'")
            == [["a", "a", "axx", "xxa"]])
        #expect(try Self.values(session, "SELECT btrim(s, 'x'), trim(s) FROM t WHERE s IN ('xxaxx', ' b ') ORDER BY s")
            == [[" b ", "b"], ["a", "xxaxx"]])
    }

    @Test("statistics in SQL: sample statistics of one value are null, population ones 0; boolean aggregates and count_if skip nulls")
    func statistics() throws {
        let session = try Self.session()
        let row = try Self.values(session, """
            SELECT stddev(v), stddev_pop(v), variance(v), var_pop(v), count_if(flag), bool_and(flag), bool_or(flag), every(flag), some(flag)
            FROM t
            """)
        let mean = 7.0 / 3, squares = (1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean)
        #expect(row.count == 1)
        if case let .float64(stddev) = row[0][0], case let .float64(variance) = row[0][3] {
            #expect(Swift.abs(stddev - (squares / 2).squareRoot()) < 1e-12 && Swift.abs(variance - squares / 3) < 1e-12)
        } else {
            Issue.record("stddev and var_pop are doubles: \(row)")
        }
        #expect(Array(row[0][4...]) == [.int64(2), .boolean(false), .boolean(true), .boolean(false), .boolean(true)])
        let single = try Self.values(session, "SELECT stddev_samp(v), var_pop(v), skewness(v), kurtosis(v) FROM t WHERE v = 4")
        #expect(single == [[.null, .float64(0), .null, .null]])
        #expect(throws: DataFlowError.self) { try session.sql("SELECT bool_and(v) FROM t").collect() }
        #expect(try Self.values(session, "SELECT stddev(DISTINCT v) FROM t") == [[.float64((7.0 / 3).squareRoot())]])
    }

    @Test("aliases and column names: lcase, len, substr, position; Expr builders take names")
    func aliases() throws {
        let session = try Self.session()
        #expect(try Self.values(session, "SELECT ucase(s), len(s), substr(s, 2, 2), position('a' IN s), locate('x', s, 3) FROM t WHERE s = 'xxaxx'")
            == [["XXAXX", .int32(5), "xa", .int32(3), .int32(4)]])
        let frame = try session.sql("SELECT * FROM t")
        #expect(try frame.filter(col("s").isNotNull()).orderBy("s").select(Expr.initcap("s"), Expr.sqrt("v")).collect().map(\.values)
            == [[" B ", .float64(2.0.squareRoot())], ["Cx", .null], ["Xxaxx", .float64(1)]])
    }
}

@Suite("Functions: bits")
struct BitFunctionTests {
    @Test("bit_count counts the sign extension, shifts take the bits modulo the width, bit_get refuses positions outside it (Spark's answers)")
    func bits() throws {
        let session = Session(parallelism: 1)
        let row = try session.sql("""
            SELECT bit_count(CAST(-1 AS INT)), bit_count(-1L), bit_count(true) + bit_count(false), bit_count(CAST(NULL AS INT)), shiftleft(1, 33), shiftleft(1L, 65),
                   shiftright(-8, 1), shiftrightunsigned(-8, 1), shiftrightunsigned(-8L, 1), shiftleft(1, -1), shiftleft('3', 1), getbit(11, 0),
                   bit_get(11L, 2), bitwise_not(5), bitwise_not(CAST(NULL AS BIGINT))
            """).collect().map(\.values)
        #expect(row == [[.int32(64), .int32(64), .int32(1), .null, .int32(2), .int64(2), .int32(-4), .int32(2_147_483_644),
                         .int64(9_223_372_036_854_775_804), .int32(Int32.min), .int32(6), .int32(1), .int32(0), .int32(-6), .null]])
        let frame = try session.createDataFrame(rows: [[5, 3.0], [.null, .null]], schema: try Schema(ddl: "n bigint, r double"))
        #expect(try frame.select(.bitCount("n"), .shiftLeft("n", 2), .bitwiseNot("n"), .toDegrees("r"), .toRadians(lit(180.0))).collect().map(\.values)
            == [[.int32(2), .int64(20), .int64(-6), .float64(3.0 * 180 / Double.pi), .float64(Double.pi)], [.null, .null, .null, .null, .float64(Double.pi)]])
        #expect(try session.sql("SELECT bit_and(v), bit_or(v), bit_xor(v), bit_xor(CAST(v AS BIGINT)) FROM VALUES (12), (10), (NULL), (7) AS t(v)")
            .collect().first?.values == [.int32(0), .int32(15), .int32(1), .int64(1)])
        #expect(try session.sql("SELECT bit_and(v), bit_or(v) FROM VALUES (CAST(NULL AS INT)) AS t(v)").collect().first?.values == [.null, .null])
        let error = #expect(throws: DataFlowError.self) { try session.sql("SELECT getbit(11, 32)").collect() }
        #expect(error?.message.contains("must be in [0, 32), got 32") == true)
        #expect(throws: DataFlowError.self) { try session.sql("SELECT bit_count(1.5D)").collect() }
    }
}

@Suite("Functions: aggregates of two variables")
struct TwoVariableAggregateTests {
    @Test("corr, covariances and the regr_ functions answer null where Spark does; max_by and min_by keep the last of equal orderings")
    func edgeCases() throws {
        let session = Session(parallelism: 2)
        func row(_ query: String) throws -> [Scalar] { try #require(try session.sql(query).collect().first).values }
        #expect(try row("""
            SELECT corr(y, x), covar_samp(y, x), covar_pop(y, x), regr_r2(y, x), regr_slope(y, x), regr_intercept(y, x), regr_count(y, x),
                   regr_avgx(y, x), regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x) FROM VALUES (1.0D, 2.0D) AS t(y, x)
            """) == [.null, .null, 0.0, .null, .null, .null, .int64(1), 2.0, 0.0, 0.0, 0.0])
        #expect(try row("SELECT corr(y, x), regr_r2(y, x), regr_slope(y, x), covar_samp(y, x) FROM VALUES (1.0D, 2.0D), (3.0D, 2.0D) AS t(y, x)")
            == [.null, .null, .null, 0.0])
        #expect(try row("SELECT corr(y, x), regr_r2(y, x) FROM VALUES (1.0D, 2.0D), (1.0D, 3.0D) AS t(y, x)") == [.null, 1.0])
        #expect(try row("SELECT corr(y, x), regr_count(y, x), regr_sxx(y, x), covar_pop(y, x) FROM VALUES (1.0D, CAST(NULL AS DOUBLE)) AS t(y, x)")
            == [.null, .int64(0), .null, .null])
        // y = 2x + 1 exactly, with a row whose x is null left out.
        let line = try row("""
            SELECT regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x), corr(y, x), regr_count(y, x), regr_avgy(y, x), regr_sxy(y, x)
            FROM VALUES (3, 1), (5, 2), (9, 4), (100, CAST(NULL AS INT)) AS t(y, x)
            """)
        #expect(Array(line.prefix(6)) == [2.0, 1.0, 1.0, 1.0, .int64(3), .float64(17.0 / 3)])
        guard case let .float64(sxy) = line[6] else { Issue.record("regr_sxy is \(line[6])"); return }
        #expect(abs(sxy - 28.0 / 3) < 1e-12)
        #expect(try row("SELECT max_by(v, o), min_by(v, o) FROM VALUES (1, 5), (NULL, 9), (3, CAST(NULL AS INT)) AS t(v, o)") == [.null, .int32(1)])
        #expect(try row("SELECT max_by(v, o), min_by(v, o) FROM VALUES (1, 5), (2, 5), (0, 4), (7, 4) AS t(v, o)") == [.int32(2), .int32(7)])
        let frame = try session.createDataFrame(rows: [["a", 1.5, 3], ["b", 2.5, 1], ["c", .null, 2]], schema: try Schema(ddl: "s string, d double, o int"))
        #expect(try frame.agg(Expr.maxBy("s", "o"), Expr.minBy("d", "o"), Expr.maxBy("d", col("s"))).collect().first?.values == ["a", 2.5, .null])
        let error = #expect(throws: DataFlowError.self) { try session.sql("SELECT corr(x) FROM VALUES (1) AS t(x)").collect() }
        #expect(error?.message.contains("corr takes 2 arguments, got 1") == true)
    }
}

@Suite("Functions: URLs, quoting, buckets and types")
struct ScalarLibraryTests {
    @Test("url_encode, url_decode, try_url_decode, quote, regexp_extract_all, width_bucket, typeof and current_timezone give Spark's answers")
    func values() throws {
        let session = try Session(parallelism: 1, timeZone: "America/Los_Angeles")
        func row(_ query: String) throws -> [Scalar] { try #require(try session.sql(query).collect().first).values }
        #expect(try row("SELECT url_encode('a b&c=é/~*._-'), url_decode('a+b%26c%3D%C3%A9'), try_url_decode('%zz'), try_url_decode('100%'), url_decode('%ff%41')")
            == ["a+b%26c%3D%C3%A9%2F%7E*._-", "a b&c=é", .null, .null, "\u{FFFD}A"])
        let error = #expect(throws: DataFlowError.self) { try session.sql("SELECT url_decode(s) FROM VALUES ('ok'), ('%zz') AS t(s)").collect() }
        #expect(error?.message.contains("'%zz' is not a valid URL encoding") == true)
        #expect(try row("SELECT quote('Don''t'), quote('a\\\\b'), quote(CAST(NULL AS STRING))") == ["'Don\\'t'", "'a\\b'", .null])
        #expect(try row("""
            SELECT regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 1), regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 2),
                   regexp_extract_all('abc', 'x(\\\\d)?', 1), regexp_extract_all('a1b2', '([a-z])(\\\\d)?'), regexp_extract_all('a1b', '([a-z])(\\\\d)?', 2)
            """) == [.array(["100", "300"]), .array(["200", "400"]), .array([]), .array(["a", "b"]), .array(["1", ""])])
        #expect(try row("""
            SELECT width_bucket(5.3, 0.2, 10.6, 5), width_bucket(-2.1, 1.3, 3.4, 3), width_bucket(8.1, 0.0, 5.7, 4), width_bucket(-0.9, 5.2, 0.5, 2),
                   width_bucket(5, 0, 10, 0), width_bucket(5, 5, 5, 3), width_bucket(10, 0, 10, 2), width_bucket(0, 10, 0, 2)
            """) == [.int64(3), .int64(0), .int64(5), .int64(3), .null, .null, .int64(3), .int64(3)])
        #expect(try row("""
            SELECT typeof(1), typeof(1L), typeof(array(1)), typeof(map('a', 1.5D)), typeof(named_struct('a', 1, 'b', 'x')), typeof(current_date()),
                   typeof(CAST(1 AS DECIMAL(10,2))), current_timezone()
            """) == ["int", "bigint", "array<int>", "map<string,double>", "struct<a:int,b:string>", "date", "decimal(10,2)", "America/Los_Angeles"])
        let frame = try session.createDataFrame(rows: [["x y", 2.5]], schema: try Schema(ddl: "s string, v double"))
        #expect(try frame.select(.urlEncode("s"), .urlDecode(Expr.urlEncode("s")), .tryUrlDecode(lit("%4")), .quote("s"), .regexpExtractAll("s", "(\\w)"),
                                 .widthBucket("v", lit(0.0), lit(10.0), lit(4)), .typeof("v"), .currentTimezone()).collect().first?.values
            == ["x+y", "x y", .null, "'x y'", .array(["x", "y"]), .int64(2), "double", "America/Los_Angeles"])
        #expect(try session.sql("SELECT isnull(s), isnotnull(s), isnull(NULL) FROM VALUES ('a'), (NULL) AS t(s)").collect().map(\.values)
            == [[false, true, true], [true, false, true]])
        #expect(try frame.select(.isnull(column("s")), .isnotnull("v")).collect().first?.values == [false, true])
    }
}

@Suite("Functions: percentiles")
struct PercentileTests {
    @Test("percentile interpolates, percentile_approx picks the value at rank ceil(p·n) in the values' type, as Spark on 1 to 10")
    func values() throws {
        let session = Session(parallelism: 3, batchSize: 3)
        let frame = try session.range(1, 11).select(col("id").alias("v"))
        let row = try #require(try frame.agg(Expr.percentileApprox("v", 0.5), .percentileApprox("v", 0.25), .percentileApprox("v", 0.0),
                                             .percentileApprox("v", 1.0), .percentileApprox("v", 0.99), .percentileApprox("v", [0.1, 0.9]),
                                             .percentile("v", 0.25), .median("v"), .percentile("v", [0.5, 1.0])).collect().first)
        #expect(row.values == [.int64(5), .int64(3), .int64(1), .int64(10), .int64(10), .array([.int64(1), .int64(9)]), 3.25, 5.5, .array([5.5, 10.0])])
        try frame.createOrReplaceTempView("ten")
        #expect(try session.sql("SELECT percentile(v, 0.25), median(v), approx_percentile(v, 0.25, 100), percentile_approx(v, array(0.5)) FROM ten")
            .collect().first?.values == [3.25, 5.5, .int64(3), .array([.int64(5)])])
        #expect(try session.sql("SELECT percentile(v, 0.5), median(v), percentile_approx(v, array(0.5)) FROM ten WHERE v > 100").collect().first?.values
            == [.null, .null, .null])
        let windowed = try frame.select(col("v"), Expr.median("v").over(Window.orderBy("v").rowsBetween(-1, 1)).alias("m")).orderBy("v").collect()
        #expect(windowed.map { $0.values[1] } == [1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 9.5])
        for bad in ["percentile(v, 1.5)", "percentile(v, v)", "percentile_approx(v, 0.5, 0)", "percentile(v)"] {
            #expect(throws: DataFlowError.self, "\(bad)") { try session.sql("SELECT \(bad) FROM ten").collect() }
        }
    }
}

/// Aggregates of distinct values (`sum(DISTINCT x)`, `Expr.sumDistinct`): each group's distinct
/// argument values once, nulls left out, in one phase after the shuffle.
@Suite("Functions: aggregates of distinct values")
struct DistinctAggregateTests {
    @Test("sum, avg, count, max, stddev and collect_list of distinct values, grouped and global", arguments: [1, 3])
    func distinct(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        try session.createDataFrame(rows: [["a", 1], ["a", 1], ["a", 2], ["a", .null], ["b", 5], ["b", 5], [.null, 7]],
                                    schema: try Schema(ddl: "k string, v int")).repartition(3).createOrReplaceTempView("t")
        let rows = try session.sql("""
            SELECT k, sum(DISTINCT v), avg(DISTINCT v), count(DISTINCT v), max(DISTINCT v), stddev(DISTINCT v), sort_array(collect_list(DISTINCT v))
            FROM t GROUP BY k ORDER BY k
            """).collect().map(\.values)
        #expect(rows.count == 3)
        #expect(Array(rows[0].prefix(5)) == [.null, .int64(7), .float64(7), .int64(1), .int32(7)])
        #expect(Array(rows[1].prefix(5)) == ["a", .int64(3), .float64(1.5), .int64(2), .int32(2)])
        if case let .float64(deviation) = rows[1][5] { #expect(Swift.abs(deviation - 0.5.squareRoot()) < 1e-15) } else { Issue.record("\(rows[1])") }
        #expect(rows[1][6] == .array([.int32(1), .int32(2)]))
        #expect(rows[2] == ["b", .int64(5), .float64(5), .int64(1), .int32(5), .null, .array([.int32(5)])])
        let global = try session.sql("SELECT * FROM t").agg(Expr.sumDistinct("v").alias("s")).collect().map(\.values)
        #expect(global == [[.int64(15)]])
        #expect(throws: DataFlowError.self) { try session.sql("SELECT sum(DISTINCT v) OVER (PARTITION BY k) FROM t").collect() }
    }
}
