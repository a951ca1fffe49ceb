@testable import DataFlow
import Testing

@Suite("Optimizer rule: InferSideFiltersFromDisjunctions")
struct InferSideFiltersFromDisjunctionsTests {
    /// `a` joined with `b` on their ids and on an OR whose branches each read both inputs.
    static func joined(_ session: Session, how type: JoinType = .inner) throws -> DataFrame {
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b")
        let either = (col("a.name") == "a" && col("b.amount") > 4.0) || (col("a.name") == "b" && col("b.amount") < 2.0)
        return try a.join(b, on: col("a.id") <= col("b.id") && either, how: type)
    }

    @Test("each input of an inner join is filtered by what every branch of an OR says of it; the join keeps the OR")
    func innerJoin() throws {
        let frame = try Self.joined(Session(parallelism: 2))
        let plan = try RuleTesting.rewritten(InferSideFiltersFromDisjunctions(), frame)
        guard case let .join(join) = plan, case let .filter(left) = join.left, case let .filter(right) = join.right else {
            Issue.record("no filter below the join: \(plan)")
            return
        }
        #expect(left.condition.description == "((name = a) OR (name = b))")
        #expect(right.condition.description == "((amount > 4.0) OR (amount < 2.0))")
        if case let .join(original) = frame.plan { #expect(join.condition?.sameAs(try #require(original.condition)) == true) }
        // Same rows as without the rule: (1, a) with b.amount 4.5 (id 4); (2, b) with no b before it under 2.0.
        let rows = try frame.select("a.id", "b.id").collect().map { $0.values }
        #expect(rows == [[.int64(1), .int64(4)]])
    }

    @Test("an outer join's preserved input and a branch silent on an input get no filter")
    func leavesWhatItMust() throws {
        let session = Session(parallelism: 2)
        let plan = try RuleTesting.rewritten(InferSideFiltersFromDisjunctions(), try Self.joined(session, how: .left))
        guard case let .join(join) = plan else {
            Issue.record("not a join: \(plan)")
            return
        }
        if case .filter = join.left { Issue.record("the preserved input of a left join was filtered: \(plan)") }
        guard case .filter = join.right else {
            Issue.record("the null-extended input of a left join was not filtered: \(plan)")
            return
        }
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b")
        let silent = try a.join(b, on: col("a.id") == col("b.id") && ((col("a.name") == "a" && col("b.amount") > 4.0) || col("b.amount") < 2.0))
        guard case let .join(kept) = try RuleTesting.rewritten(InferSideFiltersFromDisjunctions(), silent) else { return }
        if case .filter = kept.left { Issue.record("a branch that says nothing of the left input still filtered it") }
        guard case let .filter(right) = kept.right else {
            Issue.record("the right input was not filtered")
            return
        }
        #expect(right.condition.description == "((amount > 4.0) OR (amount < 2.0))")
    }

    @Test("the whole optimizer pushes the inferred filters below the join")
    func optimizedPlan() throws {
        let session = Session(parallelism: 2)
        let frame = try Self.joined(session)
        let optimized = try frame.optimizedPlan().description
        #expect(optimized.contains("Filter ((name = a) OR (name = b))"), "\(optimized)")
        #expect(try frame.select("a.id", "b.id").collect().count == 1)
    }
}
