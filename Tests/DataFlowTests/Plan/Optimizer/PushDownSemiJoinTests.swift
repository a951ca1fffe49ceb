@testable import DataFlow
import Testing

@Suite("Optimizer rule: PushDownSemiJoin")
struct PushDownSemiJoinTests {
    @Test("a semi or anti join moves below an inner join to the side its condition reads, with the same rows")
    func movesToTheSideItReads() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b")
        let keep = try RuleTesting.source(session).alias("k").filter(col("k.amount") > 2.0)
        for type in [JoinType.leftSemi, .leftAnti] {
            let joined = try a.join(b, on: col("a.id") == col("b.id"))
            for (frame, side) in [(try joined.join(keep, on: col("b.id") == col("k.id"), how: type), "right"),
                                  (try joined.join(keep, on: col("a.id") == col("k.id"), how: type), "left")] {
                let plan = try RuleTesting.rewritten(PushDownSemiJoin(), frame)
                guard case let .join(top) = plan else {
                    Issue.record("not a join: \(plan)")
                    continue
                }
                #expect(top.type == .inner)
                guard case let .join(moved) = side == "left" ? top.left : top.right else {
                    Issue.record("the \(type) join is not on the \(side) side: \(plan)")
                    continue
                }
                #expect(moved.type == type)
                #expect(plan.output.map(\.id) == frame.plan.output.map(\.id))
                let ids = try frame.select("a.id").collect().map { row -> Int64 in
                    if case let .int64(id) = row.values[0] { return id }
                    return -1
                }
                #expect(ids.sorted() == (type == .leftSemi ? [2, 3, 4] : [1]))
            }
        }
    }

    @Test("a condition over both sides, or over the null-extended side of a left join, keeps the join where it is")
    func staysWhenItMust() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b")
        let keep = try RuleTesting.source(session).alias("k")
        let both = try a.join(b, on: col("a.id") == col("b.id"))
            .join(keep, on: col("a.id") == col("k.id") && col("b.amount") < col("k.amount"), how: .leftSemi)
        #expect(try RuleTesting.rewritten(PushDownSemiJoin(), both) == both.plan)
        let outer = try a.join(b, on: col("a.id") == col("b.id"), how: .left).join(keep, on: col("b.id") == col("k.id"), how: .leftAnti)
        #expect(try RuleTesting.rewritten(PushDownSemiJoin(), outer) == outer.plan)
    }
}
