@testable import DataFlow
import Testing

/// `rollup`, `cube` and `groupingSets` on DataFrames, with `grouping` and `groupingId`: the same
/// rows as SQL's `GROUP BY ROLLUP / CUBE / GROUPING SETS` (which the differential suites check
/// against DuckDB and Spark), and values worked out by hand on a small table.
@Suite("DataFrame: rollup, cube and grouping sets")
struct GroupingSetsTests {
    static func sales(_ session: Session) throws -> DataFrame {
        let frame = try session.createDataFrame(rows: [
            ["eu", "tea", 1, 10.0], ["eu", "tea", 1, 5.0], ["eu", "cake", 2, 7.0],
            ["us", "tea", 1, 3.0], ["us", .null, 3, 4.0], [.null, "tea", 1, 1.0],
        ], schema: try Schema(ddl: "region string, item string, day int, amount double"))
        try frame.createOrReplaceTempView("sales")
        return try frame.repartition(3)
    }

    static func sorted(_ frame: DataFrame) throws -> [[Scalar]] {
        try frame.collect().map(\.values).sorted { $0.map(\.description).joined(separator: "|") < $1.map(\.description).joined(separator: "|") }
    }

    @Test("rollup: per region and item, per region, and the total, with grouping bits", arguments: [1, 4])
    func rollup(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let sales = try Self.sales(session)
        let frame = try sales.rollup("region", "item")
            .agg(Expr.sum("amount").alias("total"), Expr.grouping("item").alias("gi"), Expr.groupingId().alias("gid"))
        #expect(try frame.schema.fields.map(\.name) == ["region", "item", "total", "gi", "gid"])
        let rows = try Self.sorted(frame.filter(col("gid") > 0))
        #expect(rows == [
            [.null, .null, .float64(1), .int32(1), .int64(1)],
            [.null, .null, .float64(30), .int32(1), .int64(3)],
            ["eu", .null, .float64(22), .int32(1), .int64(1)],
            ["us", .null, .float64(7), .int32(1), .int64(1)],
        ])
        let sql = try session.sql("SELECT region, item, sum(amount) AS total, grouping(item) AS gi, grouping_id() AS gid FROM sales GROUP BY ROLLUP(region, item)")
        #expect(try Self.sorted(frame) == Self.sorted(sql))
        #expect(try frame.count() == 9)
    }

    @Test("cube and grouping sets match SQL's, with computed keys and expressions over aggregates", arguments: [1, 4])
    func cubeAndSets(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let sales = try Self.sales(session)
        let cube = try sales.cube(col("region"), (col("day") % 2).alias("odd"))
            .agg((Expr.sum("amount") / Expr.count()).alias("mean"), Expr.groupingId(col("region"), col("day") % 2).alias("gid"))
        let cubeSQL = try session.sql("""
            SELECT region, day % 2 AS odd, sum(amount) / count(1) AS mean, grouping_id(region, day % 2) AS gid
            FROM sales GROUP BY CUBE(region, day % 2)
            """)
        #expect(try cube.schema.fields.map(\.name) == ["region", "odd", "mean", "gid"])
        #expect(try Self.sorted(cube) == Self.sorted(cubeSQL))
        #expect(try cube.count() == 4 + 3 + 2 + 1)

        let sets = try sales.groupingSets([["region", "item"], ["day"], []], "region", "item", "day").count()
        let setsSQL = try session.sql("""
            SELECT region, item, day, count(1) AS count FROM sales GROUP BY GROUPING SETS ((region, item), (day), ())
            """)
        #expect(try Self.sorted(sets) == Self.sorted(setsSQL))
        #expect(try sets.filter(col("region").isNull() && col("item").isNull() && col("day").isNull()).collect().map(\.values)
            == [[.null, .null, .null, .int64(6)]])
    }

    @Test("errors: a set naming a column that is not grouped, grouping() of a column that is not grouped, agg without an aggregate")
    func errors() throws {
        let session = Session(parallelism: 1)
        let sales = try Self.sales(session)
        #expect(throws: DataFlowError.self) { try sales.groupingSets([["amount"]], "region") }
        let notGrouped = #expect(throws: DataFlowError.self) { try sales.rollup("region").agg(Expr.grouping("item")) }
        #expect(notGrouped?.message.contains("item") == true)
        #expect(throws: DataFlowError.self) { try sales.cube("region").agg(col("region")) }
    }
}
