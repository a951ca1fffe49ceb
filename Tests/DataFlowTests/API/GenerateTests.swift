@testable import DataFlow
import Testing

/// explode and its relatives turn arrays and maps into rows, as in Spark.
@Suite("API: explode, posexplode and inline")
struct GenerateTests {
    static func frame() throws -> DataFrame {
        try Session(parallelism: 2, batchSize: 2).createDataFrame(rows: [
            [1, .array(["a", .null]), .map(keys: ["k"], values: [10])],
            [2, .array([]), .map(keys: [], values: [])],
            [3, .null, .null],
            [4, .array(["b"]), .map(keys: ["x", "y"], values: [.null, 2])],
        ], schema: try Schema(ddl: "id bigint, tags array<string>, attrs map<string, bigint>"))
    }

    static func rows(_ frame: DataFrame) throws -> [[Scalar]] { try frame.collect().map(\.values) }

    @Test("explode makes a row per element, keeping the other columns; outer keeps null and empty inputs as a row of nulls")
    func explodeArrays() throws {
        let frame = try Self.frame()
        let exploded = try frame.select(col("id"), .explode("tags"))
        #expect(exploded.schema.names == ["id", "col"])
        #expect(try Self.rows(exploded) == [[1, "a"], [1, .null], [4, "b"]])
        #expect(try Self.rows(frame.select(col("id"), Expr.explodeOuter("tags").alias("tag"))) == [[1, "a"], [1, .null], [2, .null], [3, .null], [4, "b"]])
        #expect(try Self.rows(frame.select(col("id"), .posexplode("tags"))) == [[1, .int32(0), "a"], [1, .int32(1), .null], [4, .int32(0), "b"]])
        #expect(try Self.rows(frame.withColumn("tags", .explode("tags")).select("id", "tags")) == [[1, "a"], [1, .null], [4, "b"]])
    }

    @Test("explode on a map makes key and value columns; posexplode_outer numbers them")
    func explodeMaps() throws {
        let frame = try Self.frame()
        #expect(try Self.rows(frame.select(col("id"), .explode("attrs"))) == [[1, "k", 10], [4, "x", .null], [4, "y", 2]])
        let outer = try frame.select(col("id"), .posexplodeOuter("attrs"))
        #expect(outer.schema.names == ["id", "pos", "key", "value"])
        #expect(try Self.rows(outer) == [[1, .int32(0), "k", 10], [2, .null, .null, .null], [3, .null, .null, .null], [4, .int32(0), "x", .null], [4, .int32(1), "y", 2]])
    }

    @Test("inline makes a column per struct field; later expressions read the generated columns")
    func inline() throws {
        let frame = try Self.frame()
        let structs = try frame.select(col("id"), Expr.mapEntries("attrs").alias("entries"))
        let inlined = try structs.select(col("id"), .inline("entries"))
        #expect(inlined.schema.names == ["id", "key", "value"])
        #expect(try Self.rows(inlined.filter(col("value").isNotNull()).select(col("id"), col("key"), col("value") * 2)) == [[1, "k", 20], [4, "y", 4]])
        #expect(try Self.rows(structs.select(col("id"), .inlineOuter("entries")).filter(col("id") == 3)) == [[3, .null, .null]])
    }

    @Test("a generator must be a whole select column, one per select, over an array or map")
    func misuse() throws {
        let frame = try Self.frame()
        #expect(throws: DataFlowError.self) { try frame.select(Expr.explode("tags"), Expr.explode("attrs")) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.size(Expr.explode("tags"))) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.explode("id")) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.inline("tags")) }
        let error = try #require(throws: DataFlowError.self) { try frame.filter(Expr.explode("tags") == lit("a")).collect() }
        #expect(error.message.contains("makes rows"))
        #expect(throws: DataFlowError.self) { try frame.select(Expr.posexplode("tags").alias("only")) }
    }

    @Test("explain shows the generator; column pruning keeps what it reads")
    func plan() throws {
        let frame = try Self.frame()
        let text = try frame.select(Expr.explode("tags").alias("t")).explain()
        #expect(text.contains("Generate explode"), "\(text)")
        #expect(try frame.select(Expr.explode("tags").alias("t")).count() == 3)
    }
}
