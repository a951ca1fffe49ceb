@testable import DataFlow
import Foundation
import Testing

/// Swift UDFs: typed per-row closures, vectorized closures over columns and `Aggregator`s, from the
/// DataFrame API and from SQL. Each is checked against the built-in expression that computes the
/// same values, over generated rows with nulls, at one and several partitions.
@Suite("Functions: Swift UDFs")
struct UserDefinedFunctionTests {
    /// 20,000 rows: `k` a key of 7 groups, `a` an int, `b` a double, `s` a string; every column
    /// null in some rows.
    static func table(_ session: Session) throws -> DataFrame {
        let count = 20_000
        let keys = (0..<count).map { Int64($0 % 7) }
        let ints = (0..<count).map { Int32(truncatingIfNeeded: $0 &* 2_654_435_761 % 1000) - 500 }
        let doubles = (0..<count).map { Double($0 % 997) / 8 }
        let strings: [String?] = (0..<count).map { $0 % 11 == 0 ? nil : "s\($0 % 97)" }
        let frame = try session.createDataFrame(columns: [
            try Column(keys), try Column(ints, validity: (0..<count).map { $0 % 13 != 0 }),
            try Column(doubles, validity: (0..<count).map { $0 % 17 != 0 }), Column(strings),
            try Column((0..<count).map { Int64($0) }),
        ], schema: try Schema(ddl: "k BIGINT, a INT, b DOUBLE, s STRING, id BIGINT"))
        return try frame.repartition(3)
    }

    static func rows(_ frame: DataFrame) throws -> [[Scalar]] {
        try frame.orderBy("id").collect().map(\.values)
    }

    static let weighted = udf("weighted") { (a: Int64, b: Double) in Double(a) * b + 1 }
    static let label = udf("label") { (s: String?, a: Int32?) -> String? in
        guard let s else { return a.map { "none:\($0)" } }
        return "\(s)-\(a ?? 0)"
    }

    @Test("typed UDFs: arguments cast to the parameters' types, nulls skip non-optional parameters and reach optional ones", arguments: [1, 4])
    func typed(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let table = try Self.table(session)
        let viaUDF = try Self.rows(table.select(col("id"), Self.weighted(col("a"), "b").alias("w"), Self.label("s", "a").alias("l")))
        let builtIn = try Self.rows(table.select(
            col("id"), (col("a").cast(.int64).cast(.float64) * col("b") + 1).alias("w"),
            when(col("s").isNull() && col("a").isNotNull(), Expr.concat(lit("none:"), col("a").cast(.string)))
                .when(col("s").isNotNull(), Expr.concat(col("s"), lit("-"), Expr.coalesce(col("a"), lit(0)).cast(.string))).alias("l")))
        #expect(viaUDF.count == 20_000)
        #expect(viaUDF == builtIn)
        #expect(try table.select(Self.weighted("a", "b")).schema.fields.map(\.type) == [.float64])
        #expect(try table.select(Self.weighted("a", "b")).schema.fields.map(\.name) == ["weighted(a, b)"])
    }

    @Test("a typed UDF in a filter, a grouping key and a join condition")
    func inPlans() throws {
        let session = Session(parallelism: 2)
        let table = try Self.table(session)
        let isEven = udf("is_even") { (a: Int32) in a % 2 == 0 }
        let filtered = try table.filter(isEven("a")).count()
        let expected = try table.filter(col("a") % 2 == 0).count()
        #expect(filtered == expected && filtered > 0)
        let bucket = udf("bucket") { (id: Int64) in id % 3 }
        let grouped = try table.groupBy(bucket("id").alias("bucket")).count().orderBy("bucket").collect().map(\.values)
        #expect(grouped == [[.int64(0), .int64(6667)], [.int64(1), .int64(6667)], [.int64(2), .int64(6666)]])
        let small = try table.filter(col("id") < 300)
        let near = udf("near") { (x: Int64, y: Int64) in Swift.abs(x - y) <= 2 }
        let joined = try small.alias("l").join(small.alias("r"), on: near(col("l.id"), col("r.id")) && col("l.k") == col("r.k")).count()
        let pairs = try small.alias("l").join(small.alias("r"), on: Expr.abs(col("l.id") - col("r.id")) <= 2 && col("l.k") == col("r.k")).count()
        #expect(joined == pairs && joined == 300)
    }

    @Test("vectorized UDFs take whole columns; a wrong length or type is an error naming the function", arguments: [1, 4])
    func vectorized(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let table = try Self.table(session)
        let scaled = vectorizedUDF("scaled", returning: .float64) { (values: Column, factors: Column) in
            let (numbers, present) = values.withValues(Double.self) { values, validity in
                (Array(values), (0..<values.count).map { validity[$0] })
            }
            let multipliers = factors.withValues(Int64.self) { values, _ in Array(values) }
            return try Column(zip(numbers, multipliers).map { $0 * Double($1) }, validity: present)
        }
        let viaUDF = try Self.rows(table.select(col("id"), scaled("b", "k")))
        let builtIn = try Self.rows(table.select(col("id"), col("b") * col("k").cast(.float64)))
        #expect(viaUDF == builtIn)

        let short = vectorizedUDF("short", returning: .int64) { (values: Column) in try Column([Int64(values.count - 1)]) }
        #expect {
            try table.select(short("id")).collect()
        } throws: { error in
            (error as? DataFlowError)?.message.contains("short returned 1 values of type long") == true
        }
    }

    /// The sum of squares of non-null values, null for a group without any.
    struct SumOfSquares: Aggregator {
        struct Buffer: Codable, Sendable {
            var sum = 0.0
            var count = 0
        }
        func zero() -> Buffer { Buffer() }
        func reduce(_ buffer: inout Buffer, _ input: Double) {
            buffer.sum += input * input
            buffer.count += 1
        }
        func merge(_ buffer: inout Buffer, _ other: Buffer) {
            buffer.sum += other.sum
            buffer.count += other.count
        }
        func finish(_ buffer: Buffer) -> Double? { buffer.count == 0 ? nil : buffer.sum }
    }

    /// The number of rows, nulls included: an optional input sees them.
    struct CountWithNulls: Aggregator {
        func zero() -> Int64 { 0 }
        func reduce(_ buffer: inout Int64, _ input: String?) { buffer += 1 }
        func merge(_ buffer: inout Int64, _ other: Int64) { buffer += other }
        func finish(_ buffer: Int64) -> Int64 { buffer }
    }

    @Test("aggregate UDFs group in two phases across partitions, equal to the built-in aggregates", arguments: [1, 4])
    func aggregates(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let table = try Self.table(session)
        let squares = udaf("sum_of_squares", SumOfSquares()), rows = udaf("rows", CountWithNulls())
        let viaUDF = try table.groupBy("k").agg(squares("a").alias("q"), rows("s").alias("n")).orderBy("k").collect().map(\.values)
        let builtIn = try table.groupBy("k").agg(Expr.sum(col("a").cast(.float64) * col("a").cast(.float64)).alias("q"), Expr.count().alias("n"))
            .orderBy("k").collect().map(\.values)
        #expect(viaUDF.count == 7)
        #expect(viaUDF == builtIn)
        let whole = try table.groupBy().agg(squares("b"), rows("s")).collect().map(\.values)
        let expected = try table.groupBy().agg(Expr.sum(col("b") * col("b")), Expr.count()).collect().map(\.values)
        if case let .float64(value) = whole[0][0], case let .float64(wanted) = expected[0][0] {
            #expect(Swift.abs(value - wanted) <= wanted * 1e-12)
        } else {
            Issue.record("sum_of_squares is a double: \(whole)")
        }
        #expect(whole[0][1] == expected[0][1])
        let empty = try table.filter(col("id") < 0).groupBy().agg(squares("b")).collect().map(\.values)
        #expect(empty == [[.null]])
    }

    @Test("aggregate UDFs over window frames: running, sliding and whole partitions")
    func windows() throws {
        let session = Session(parallelism: 2)
        let table = try Self.table(session)
        let rows = udaf("rows", CountWithNulls())
        let byKey = Window.partitionBy("k").orderBy("id")
        let frames = [byKey, byKey.rowsBetween(-3, 2), Window.partitionBy("k")]
        for frame in frames {
            let viaUDF = try Self.rows(table.select(col("id"), rows("s").over(frame)))
            let builtIn = try Self.rows(table.select(col("id"), Expr.count().over(frame)))
            #expect(viaUDF == builtIn, "frame \(frame)")
        }
    }

    @Test("SQL calls registered functions by name, ahead of built-ins; FILTER applies to aggregates")
    func sql() throws {
        let session = Session(parallelism: 2)
        try Self.table(session).createOrReplaceTempView("t")
        try session.udf.register("weighted", Self.weighted)
        try session.udf.register("upper", udf { (s: String) in "<\(s)>" })
        try session.udf.register("sum_of_squares", udaf("squares", SumOfSquares()))
        #expect(session.udf.names == ["sum_of_squares", "upper", "weighted"])
        let rows = try session.sql("""
            SELECT k, sum_of_squares(b) FILTER (WHERE id < 100) AS q, max(WEIGHTED(a, b)) AS w, min(upper(s)) AS u
            FROM t GROUP BY k ORDER BY k
            """).collect().map(\.values)
        let expected = try session.sql("""
            SELECT k, sum(b * b) FILTER (WHERE id < 100 AND b IS NOT NULL) AS q, max(CAST(a AS BIGINT) * b + 1) AS w, min(concat('<', s, '>')) AS u
            FROM t GROUP BY k ORDER BY k
            """).collect().map(\.values)
        #expect(rows == expected)
        #expect(try session.sql("SELECT weighted(a, b) FROM t").schema.fields.map(\.name) == ["weighted(a, b)"])
        #expect(throws: DataFlowError.self) { try session.sql("SELECT weighted(a) FROM t").collect() }
        #expect(throws: DataFlowError.self) { try session.udf.register("not a name", Self.weighted) }
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String { "negative input" }
    }

    @Test("errors: what the closure throws names the function; arguments that cannot be cast are analysis errors")
    func errors() throws {
        let session = Session(parallelism: 1)
        let table = try Self.table(session)
        let checked = udf("checked") { (a: Int32) throws -> Int32 in
            if a < 0 { throw Refusal() }
            return a
        }
        #expect {
            try table.select(checked("a")).collect()
        } throws: { error in
            let error = error as? DataFlowError
            return error?.category == .execution && error?.message == "checked: negative input"
        }
        let dated = udf("dated") { (d: Date) in d.timeIntervalSince1970 }
        #expect {
            try table.select(dated(lit(Scalar.binary([1])))).collect()
        } throws: { error in
            let message = (error as? DataFlowError)?.message ?? ""
            return message.hasPrefix("dated: argument 1") && message.contains("must be timestamp")
        }
        #expect(throws: DataFlowError.self) { try table.select(Self.weighted("a")).collect() }
    }

    @Test("dates reach a UDF as instants; the column types map to Swift types both ways")
    func valueTypes() throws {
        let session = Session(parallelism: 1)
        let frame = try session.sql("SELECT TIMESTAMP '2026-12-08 10:30:00.123456' AS t, true AS f, 7 AS i, 8L AS l, 'é' AS s")
        let shift = udf("shift") { (t: Date, f: Bool, i: Int32, l: Int, s: String) -> Date in
            t.addingTimeInterval(f ? Double(i) * 3600 + Double(l) : 0).addingTimeInterval(Double(s.count))
        }
        #expect(try frame.select(shift("t", "f", "i", "l", "s").cast(.string)).collect().map(\.values) == [["2026-12-08 17:30:09.123456"]])
    }
}

/// The README's UDF example, as written there.
@Suite("Functions: the README's UDF example")
struct UserDefinedFunctionReadmeTests {
    struct Spread: Aggregator {
        struct Range: Codable, Sendable { var low = Double.infinity, high = -Double.infinity }
        func zero() -> Range { Range() }
        func reduce(_ range: inout Range, _ value: Double) { range = Range(low: min(range.low, value), high: max(range.high, value)) }
        func merge(_ range: inout Range, _ other: Range) { range = Range(low: min(range.low, other.low), high: max(range.high, other.high)) }
        func finish(_ range: Range) -> Double? { range.low <= range.high ? range.high - range.low : nil }
    }

    @Test("fahrenheit and spread per sensor; SQL filters by the registered function", arguments: [1, 3])
    func example(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let fahrenheit = udf("fahrenheit") { (celsius: Double) in celsius * 9 / 5 + 32 }
        let spread = udaf("spread", Spread())
        let readings = try session.createDataFrame(rows: [["a", 20.5], ["a", 23.0], ["b", .null]], schema: try Schema(ddl: "sensor string, celsius double"))
        let perSensor = try readings.groupBy("sensor").agg(spread(fahrenheit("celsius")).alias("spread_f"))
        try session.udf.register("fahrenheit", fahrenheit)
        try readings.createOrReplaceTempView("readings")
        let hot = try session.sql("SELECT sensor FROM readings WHERE fahrenheit(celsius) > 70")
        let spreads = try perSensor.orderBy("sensor").collect().map(\.values)
        #expect(spreads.count == 2 && spreads[1] == ["b", .null])
        if case let .float64(value) = spreads[0][1] { #expect(Swift.abs(value - 4.5) < 1e-12) } else { Issue.record("spread is a double: \(spreads)") }
        #expect(try hot.collect().map(\.values) == [["a"]])
    }
}
