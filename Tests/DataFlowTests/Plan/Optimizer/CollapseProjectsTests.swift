@testable import DataFlow
import Testing

@Suite("Optimizer rule: CollapseProjects")
struct CollapseProjectsTests {
    @Test("the inner definitions are substituted into the outer projection")
    func collapses() throws {
        let frame = try RuleTesting.source().select(col("id"), (col("amount") + 1).alias("a1")).select((col("a1") * 2).alias("a2"), col("id"))
        let (before, after) = try RuleTesting.rewrite(CollapseProjects(), frame)
        #expect(before == """
        Project [(a1 * 2) AS a2, id]
        +- Project [id, (amount + 1) AS a1]
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Project [((amount + 1) * 2) AS a2, id]
        +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["a2"] } == [.float64(5), .float64(7), .float64(9), .float64(11)])
    }

    @Test("qualified references are columns like any other: the projections over an alias collapse")
    func collapsesOverAlias() throws {
        let frame = try RuleTesting.source().alias("t").select(col("t.id"), (col("t.amount") * 10).alias("amount"))
            .select(col("t.id"), col("amount"))
        let (_, after) = try RuleTesting.rewrite(CollapseProjects(), frame)
        #expect(after == """
        Project [id, (amount * 10) AS amount]
        +- SubqueryAlias t
           +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map(\.values).last == [.int64(4), .float64(45)])
    }

    @Test("a projection computing something random is not duplicated into the one above")
    func keepsNondeterministic() throws {
        let now = Expr(.function(name: "current_timestamp", arguments: []))
        let frame = try RuleTesting.source().select(now.alias("t")).select(col("t"), col("t").alias("u"))
        let plan = try RuleTesting.rewritten(CollapseProjects(), frame)
        #expect(plan == frame.plan)
    }
}
