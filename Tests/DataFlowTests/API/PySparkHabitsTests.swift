@testable import DataFlow
import Testing

/// What a PySpark user writes first compiles and means what it means there: type names as strings,
/// `isin` with a list, `groupBy()` with no keys, and column names wherever a column goes.
@Suite("API: PySpark habits")
struct PySparkHabitsTests {
    static func frame(_ session: Session = Session(parallelism: 2, batchSize: 2)) throws -> DataFrame {
        try session.createDataFrame(rows: [
            [.string("a"), .int64(1), .string("1.239")],
            [.string("b"), .int64(2), .string("x")],
            [.string("a"), .int64(3), .null],
            [.null, .int64(4), .string("-7.5")],
        ], schema: try Schema(ddl: "g STRING, v BIGINT, amount STRING"))
    }

    static func column(_ frame: DataFrame, _ index: Int = 0) throws -> [Scalar] {
        try frame.collect().map { $0[index] }
    }

    @Test("cast takes Spark's type names; a name that is no type fails naming it")
    func castByName() throws {
        let frame = try Self.frame()
        #expect(try Self.column(frame.select(col("v").cast("string"))) == ["1", "2", "3", "4"])
        let amounts = try frame.select(col("amount").cast("decimal(18,2)").alias("a"), col("v").cast("integer").alias("i"))
        #expect(amounts.schema.fields.map(\.type) == [.decimal(precision: 18, scale: 2), .int32])
        #expect(try Self.column(amounts).map { $0.formatted() } == ["1.24", "NULL", "NULL", "-7.50"])
        #expect(try DataType(ddl: "long") == .int64 && DataType(ddl: " DOUBLE ") == .float64)
        let error = try #require(throws: DataFlowError.self) { try col("v").cast("strng") }
        #expect(error.category == .parse && error.message.contains("STRNG"))
        #expect(throws: DataFlowError.self) { try col("v").strictCast("decimal(50,2)") }
        #expect(throws: DataFlowError.self) { try col("v").cast("int extra") }
    }

    @Test("isin takes an array of strings, integers or scalars")
    func isinWithArrays() throws {
        let frame = try Self.frame()
        #expect(try Self.column(frame.filter(col("g").isin(["a", "c"])), 1) == [.int64(1), .int64(3)])
        #expect(try Self.column(frame.filter(col("v").isin([2, 4])), 1) == [.int64(2), .int64(4)])
        let values: [Scalar] = ["b", nil]
        #expect(try Self.column(frame.filter(col("g").isin(values)), 1) == [.int64(2)])
    }

    @Test("groupBy() with no keys aggregates every row into one")
    func groupByNothing() throws {
        let row = try Self.frame().groupBy().agg(.count().alias("n"), .sum("v").alias("total")).collect()
        #expect(row.map(\.values) == [[.int64(4), .int64(10)]])
    }

    @Test("functions and window value functions take column names; nested builders keep the leading-dot form")
    func columnNames() throws {
        let frame = try Self.frame()
        let window = Window.partitionBy("g").orderBy("v")
        let rows = try frame.select(col("v"), Expr.lag("v", 1).over(window).alias("lag"), Expr.lead("v").over(window).alias("lead"),
                                    Expr.firstValue("v").over(window).alias("first"), Expr.upper("g").alias("upper"),
                                    Expr.coalesce("g", lit("none")).alias("g"))
            .orderBy("v").collect().map(\.values)
        #expect(rows == [
            [.int64(1), .null, .int64(3), .int64(1), "A", "a"],
            [.int64(2), .null, .null, .int64(2), "B", "b"],
            [.int64(3), .int64(1), .null, .int64(1), "A", "a"],
            [.int64(4), .null, .null, .int64(4), .null, "none"],
        ])
        let totals = try frame.groupBy("g").agg(Expr.round(.avg("v"), 1).alias("mean")).orderBy("g").collect().map(\.values)
        #expect(totals == [[.null, .float64(4)], ["a", .float64(2)], ["b", .float64(2)]])
    }
}
