@testable import DataFlow
import Testing

/// `pivot` and `unpivot`, with the columns and values local PySpark 4 gives for the same calls on
/// the same rows (nulls among the keys, the pivot values and the values).
@Suite("DataFrame: pivot and unpivot")
struct ReshapeTests {
    static func sales(_ session: Session) throws -> DataFrame {
        try session.createDataFrame(rows: [
            ["eu", "tea", 1, 10.0], ["eu", "tea", 1, 5.0], ["eu", "cake", 2, 7.0],
            ["us", "tea", 1, 3.0], ["us", .null, 3, 4.0], [.null, "tea", 1, 1.0],
        ], schema: try Schema(ddl: "region string, item string, day int, amount double")).repartition(3)
    }

    static func table(_ frame: DataFrame) throws -> (names: [String], rows: [[Scalar]]) {
        (try frame.schema.fields.map(\.name), try frame.orderBy(col(try frame.schema.fields[0].name).asc()).collect().map(\.values))
    }

    @Test("pivot finds the values (sorted, null first); missing combinations are null, counts included", arguments: [1, 4])
    func discovered(parallelism: Int) throws {
        let sales = try Self.sales(Session(parallelism: parallelism))
        let sums = try Self.table(sales.groupBy("region").pivot("item").sum("amount"))
        #expect(sums.names == ["region", "null", "cake", "tea"])
        #expect(sums.rows == [[.null, .null, .null, .float64(1)], ["eu", .null, .float64(7), .float64(15)], ["us", .float64(4), .null, .float64(3)]])
        let counts = try Self.table(sales.groupBy("region").pivot("item").count())
        #expect(counts.rows == [[.null, .null, .null, .int64(1)], ["eu", .null, .int64(1), .int64(2)], ["us", .int64(1), .null, .int64(1)]])
        let firsts = try Self.table(sales.groupBy("region").pivot("day").agg(Expr.first("item")))
        #expect(firsts.names == ["region", "1", "2", "3"])
        #expect(firsts.rows == [[.null, "tea", .null, .null], ["eu", "tea", "cake", .null], ["us", "tea", .null, .null]])
        let whole = try Self.table(sales.groupBy().pivot("item").sum("amount"))
        #expect(whole.names == ["null", "cake", "tea"] && whole.rows == [[.float64(4), .float64(7), .float64(19)]])
    }

    @Test("pivot by given values keeps their order; several aggregates name columns value_aggregate")
    func given() throws {
        let sales = try Self.sales(Session(parallelism: 2))
        let frame = try Self.table(sales.groupBy("region").pivot("item", values: ["tea", "cake"])
            .agg(Expr.sum("amount"), Expr.max("day").alias("md")))
        #expect(frame.names == ["region", "tea_sum(amount)", "tea_md", "cake_sum(amount)", "cake_md"])
        #expect(frame.rows == [
            [.null, .float64(1), .int32(1), .null, .null], ["eu", .float64(15), .int32(1), .float64(7), .int32(2)],
            ["us", .float64(3), .int32(1), .null, .null],
        ])
        #expect(throws: DataFlowError.self) { try sales.rollup("region").pivot("item").count() }
    }

    @Test("unpivot: one row per value column, in order, values of the common type, nulls kept")
    func unpivot() throws {
        let sales = try Self.sales(Session(parallelism: 1)).coalesce(1)
        let long = try sales.unpivot(ids: ["region", "item"], values: ["day", "amount"], variableColumnName: "var", valueColumnName: "val")
        #expect(try long.schema.fields.map(\.name) == ["region", "item", "var", "val"])
        #expect(try long.schema.fields[3].type == .float64)
        #expect(try long.collect().map(\.values) == [
            ["eu", "tea", "day", .float64(1)], ["eu", "tea", "amount", .float64(10)], ["eu", "tea", "day", .float64(1)],
            ["eu", "tea", "amount", .float64(5)], ["eu", "cake", "day", .float64(2)], ["eu", "cake", "amount", .float64(7)],
            ["us", "tea", "day", .float64(1)], ["us", "tea", "amount", .float64(3)], ["us", .null, "day", .float64(3)],
            ["us", .null, "amount", .float64(4)], [.null, "tea", "day", .float64(1)], [.null, "tea", "amount", .float64(1)],
        ])
        let melted = try sales.melt(ids: ["region", "item"], variableColumnName: "k", valueColumnName: "v")
        #expect(try melted.count() == 12)
        let mixed = #expect(throws: DataFlowError.self) { try sales.unpivot(ids: ["region"], variableColumnName: "k", valueColumnName: "v") }
        #expect(mixed?.message.contains("no common type") == true)
    }
}
