@testable import DataFlow
import Testing

@Suite("Optimizer rule: ReorderJoins")
struct ReorderJoinsTests {
    @Test("inputs join in an order where each join has a condition, the columns in their first order")
    func avoidsCrossJoins() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b"), c = try RuleTesting.source(session).alias("c")
        let frame = try a.crossJoin(b).join(c, on: col("a.id") == col("c.id") && col("b.id") == col("c.id"))
        let plan = try RuleTesting.rewritten(ReorderJoins(), frame)
        guard case let .project(project) = plan, case let .join(top) = project.child, case let .join(bottom) = top.left else {
            Issue.record("not a projection over two joins: \(plan)")
            return
        }
        #expect(bottom.type == .inner && bottom.condition?.description == "(id = id)")
        #expect(top.type == .inner && top.condition?.description == "(id = id)")
        #expect(bottom.right.output.map(\.qualifier) == Array(repeating: "c", count: 4))
        #expect(plan.output.map(\.id) == frame.plan.output.map(\.id))
        #expect(try frame.count() == 4)
        #expect(try ReorderJoins().apply(plan, context: frame.context) == plan, "a second pass changes nothing")
    }

    @Test("joins that already have conditions stay as written")
    func keepsConnectedOrder() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b"), c = try RuleTesting.source(session).alias("c")
        let frame = try a.join(b, on: col("a.id") == col("b.id")).join(c, on: col("b.id") == col("c.id"))
        #expect(try RuleTesting.rewritten(ReorderJoins(), frame) == frame.plan)
    }

    @Test("a filtered input no larger than what is joined, linked by an equality, joins before larger inputs")
    func filteredDimensionFirst() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a")
        let fact = try session.range(0, 1_000).select((col("id") % 4 + 1).alias("key"), col("id").alias("n"))
        let dimension = try RuleTesting.source(session).alias("d").filter(col("d.amount") > 3.0)
        let frame = try a.join(fact, on: col("a.id") == col("key")).join(dimension, on: col("a.id") == col("d.id"))
        let plan = try RuleTesting.rewritten(ReorderJoins(), frame)
        guard case let .project(project) = plan, case let .join(top) = project.child, case let .join(bottom) = top.left else {
            Issue.record("not a projection over two joins: \(plan)")
            return
        }
        #expect(bottom.right.output.map(\.qualifier) == Array(repeating: "d", count: 4), "\(plan)")
        #expect(top.right.output.map(\.name) == ["key", "n"])
        #expect(plan.output.map(\.id) == frame.plan.output.map(\.id))
        // Ids 3 and 4 pass the filter, each matched by 250 of the range's rows.
        #expect(try frame.count() == 500)
        #expect(try ReorderJoins().apply(plan, context: frame.context) == plan, "a second pass changes nothing")
        // Unfiltered, the dimension keeps its written place.
        let unfiltered = try a.join(fact, on: col("a.id") == col("key")).join(RuleTesting.source(session).alias("d"), on: col("a.id") == col("d.id"))
        #expect(try RuleTesting.rewritten(ReorderJoins(), unfiltered) == unfiltered.plan)
    }
}
