@testable import DataFlow
import Testing

/// Golden tests of the rules together, run to a fixpoint, compared as the printed plan tree (each
/// rule alone is tested in `Optimizer/`).
@Suite("Optimizer")
struct OptimizerTests {
    static func source(_ session: Session) throws -> DataFrame { try RuleTesting.source(session) }

    static func optimized(_ frame: DataFrame) throws -> String { try frame.optimizedPlan().description }

    @Test("adjacent filters combine, then go into the scan")
    func combineAndPushFilters() throws {
        let frame = try Self.source(Session()).filter(col("id") > 1).filter(col("name").isNotNull())
        #expect(try Self.optimized(frame) == """
        Scan memory [id, name, amount, day] PushedFilters: [id > 1, name IS NOT NULL]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(2), .int64(4)])
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

    @Test("the fixpoint stops when a pass leaves the plan equal, and a second run changes nothing")
    func fixpoint() throws {
        let frame = try Self.source(Session()).withColumn("x", col("amount") * 2).filter(col("x") > 4).select(col("id"), col("x"))
        let once = try frame.optimizedPlan()
        #expect(try Optimizer.standard.optimize(once, context: frame.context) == once)
        #expect(once != frame.plan)
        #expect(try Self.optimized(frame) == """
        Project [id, (amount * 2) AS x]
        +- Filter ((amount * 2) > 4)
           +- Scan memory [id, amount]

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
