@testable import DataFlow
import Testing

/// Golden tests: each optimizer rule's effect, compared as the printed plan tree.
@Suite("Optimizer rules")
struct OptimizerTests {
    static let schema = Schema([Field("id", .int64), Field("name", .string), Field("amount", .float64), Field("day", .date)])

    static func source(_ session: Session) throws -> DataFrame {
        let batch = try RecordBatch(schema: schema, columns: [
            try Column([1, 2, 3, 4] as [Int64]), Column(["a", "b", nil, "d"]),
            try Column([1.5, 2.5, 3.5, 4.5]), try Column([20_000, 20_001, 20_002, 20_003] as [Int32], type: .date),
        ])
        return session.read(MemoryDataSource(schema: schema, partitions: [[batch.slice(0, 2)], [batch.slice(2, 2)]]))
    }

    static func optimized(_ frame: DataFrame) throws -> String { try frame.optimizedPlan().description }

    @Test("constants fold, keeping the output name")
    func foldConstants() throws {
        let frame = try Self.source(Session()).select((lit(2) * 3 + col("id")).alias("x"), lit("2025-01-02").cast(.date))
        #expect(try Self.optimized(frame) == """
        Project [(6 + id) AS x, 2025-01-02 AS CAST(2025-01-02 AS DATE)]
        +- Scan memory [id]

        """)
    }

    @Test("adjacent filters combine, then go into the scan")
    func combineAndPushFilters() throws {
        let frame = try Self.source(Session()).filter(col("id") > 1).filter(col("name").isNotNull())
        #expect(try Self.optimized(frame) == """
        Scan memory [id, name, amount, day] PushedFilters: [id > 1, name IS NOT NULL]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(2), .int64(4)])
    }

    @Test("filters move below projections, substituting computed columns")
    func pushFilterThroughProject() throws {
        let frame = try Self.source(Session()).withColumn("double", col("amount") * 2).filter(col("double") > 6)
        #expect(try Self.optimized(frame) == """
        Project [id, name, amount, day, (amount * 2) AS double]
        +- Filter ((amount * 2) > 6)
           +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(3), .int64(4)])
    }

    @Test("filters on grouping columns move below the aggregate; others stay above")
    func pushFilterThroughAggregate() throws {
        let frame = try Self.source(Session()).groupBy("name").agg(.sum("amount").alias("total"))
            .filter(col("name") != "a" && col("total") > 2)
        #expect(try Self.optimized(frame) == """
        Filter (total > 2)
        +- Aggregate [name], [name, sum(amount) AS total]
           +- Scan memory [name, amount] PushedFilters: [name != a]

        """)
        #expect(try frame.orderBy(col("name")).collect().map { $0["name"] } == [.string("b"), .string("d")])
    }

    @Test("projections collapse and unused columns are not read")
    func collapseAndPrune() throws {
        let frame = try Self.source(Session()).select(col("id"), (col("amount") + 1).alias("a1")).select((col("a1") * 2).alias("a2"))
        #expect(try Self.optimized(frame) == """
        Project [((amount + 1) * 2) AS a2]
        +- Scan memory [amount]

        """)
        #expect(try frame.collect().map { $0["a2"] } == [.float64(5), .float64(7), .float64(9), .float64(11)])
    }

    @Test("limits move below projections and into scans")
    func pushLimit() throws {
        let frame = try Self.source(Session()).select(col("name")).limit(1)
        #expect(try Self.optimized(frame) == """
        Project [name]
        +- Limit 1
           +- Scan memory [name] Limit: 1

        """)
        #expect(try frame.collect().count == 1)
    }

    @Test("a filter on a non-key column stays above dropDuplicates")
    func filterAboveDedup() throws {
        let frame = try Self.source(Session()).dropDuplicates(["name"]).filter(col("amount") > 2 && col("name") != "d")
        #expect(try Self.optimized(frame) == """
        Filter (amount > 2)
        +- Deduplicate [name]
           +- Scan memory [id, name, amount, day] PushedFilters: [name != d]

        """)
    }

    @Test("explain shows the three plans")
    func explainSections() throws {
        let text = try Self.source(Session(parallelism: 2)).groupBy("name").count().explain()
        #expect(text.contains("== Parsed Logical Plan ==\nAggregate [name], [name, count(1) AS count]"))
        #expect(text.contains("== Optimized Logical Plan =="))
        #expect(text.contains("== Physical Plan ==\nCoalesce 2"))
        #expect(text.contains("HashAggregate(mode=partial"))
        #expect(text.contains("Exchange hashpartitioning(name#0, 64)"))
    }
}

@Suite("Optimizer and aliases")
struct OptimizerAliasTests {
    @Test("qualified references survive projections over an aliased input")
    func qualifiedReferences() throws {
        let frame = try OptimizerTests.source(Session()).alias("t")
        let result = try frame.select(col("t.id"), (col("t.amount") * 10).alias("amount"))
            .select(col("t.id"), col("amount"))
            .filter(col("t.id") >= 3)
        #expect(try result.collect().map(\.values) == [[.int64(3), .float64(35)], [.int64(4), .float64(45)]])
    }
}
