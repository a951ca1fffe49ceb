@testable import DataFlow
import Testing

@Suite("Optimizer rule: PruneColumns")
struct PruneColumnsTests {
    @Test("unused projection outputs go, and the scan reads only what is left")
    func prunesProjectionsAndScans() throws {
        let frame = try RuleTesting.source().select(col("id"), (col("amount") + 1).alias("a1"), col("name")).select(col("a1"))
        let (before, after) = try RuleTesting.rewrite(PruneColumns(), frame)
        #expect(before == """
        Project [a1]
        +- Project [id, (amount + 1) AS a1, name]
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Project [a1]
        +- Project [(amount + 1) AS a1]
           +- Scan memory [amount]

        """)
        #expect(try frame.collect().map { $0["a1"] } == [.float64(2.5), .float64(3.5), .float64(4.5), .float64(5.5)])
    }

    @Test("each side of a join keeps what is read of it: a name both sides have is kept only where it is used")
    func prunesJoinSidesByColumn() throws {
        let source = try RuleTesting.source()
        let other = try source.select(col("id"), col("name"), col("amount"))
        let frame = try source.join(other, on: source["id"] == other["id"]).select(other["name"], source["amount"])
        let plan = try RuleTesting.rewritten(PruneColumns(), frame)
        guard case let .project(project) = plan, case let .join(join) = project.child else {
            Issue.record("unexpected plan \(plan)")
            return
        }
        #expect(join.left.output.map(\.name) == ["id", "amount"])
        #expect(join.right.output.map(\.name) == ["id", "name"])
        #expect(join.left.description.hasSuffix("Scan memory [id, amount]\n"))
        #expect(try frame.orderBy(col("amount")).collect().map(\.values).first == [.string("a"), .float64(1.5)])
    }

    @Test("a window keeps its keys and arguments; aggregates read only their inputs")
    func prunesUnderWindowAndAggregate() throws {
        let window = Window.partitionBy("name").orderBy(col("day"))
        let frame = try RuleTesting.source().select(col("name"), col("day"), col("amount"), Expr.rowNumber().over(window).alias("rn"))
            .groupBy("name").agg(.max("rn").alias("rows"))
        let (_, after) = try RuleTesting.rewrite(PruneColumns(), frame)
        #expect(after.hasSuffix("Scan memory [name, day]\n"))
    }
}
