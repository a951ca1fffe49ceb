@testable import DataFlow
import Testing

@Suite("Optimizer rule: SemiJoinAggregateByOuterKeys")
struct SemiJoinAggregateByOuterKeysTests {
    /// Rows 3 and 4 of the rule tests' table, each with the count and sum of the range's rows
    /// whose key is its id.
    static func perKey(_ session: Session, how type: JoinType) throws -> DataFrame {
        let outer = try RuleTesting.source(session).alias("a").filter(col("a.amount") > 3.0)
        let counts = try session.range(0, 1_000).select((col("id") % 10).alias("key"), col("id"))
            .groupBy(col("key")).agg(.count().alias("n"), .sum("id").alias("total"))
        return try outer.join(counts, on: col("a.id") == col("key"), how: type).select(col("a.id"), col("n"), col("total"))
    }

    /// The join types of `plan`'s joins, top down.
    static func joinTypes(_ plan: LogicalPlan) -> [JoinType] {
        var types: [JoinType] = []
        if case let .join(join) = plan { types.append(join.type) }
        return types + plan.children.flatMap(joinTypes)
    }

    @Test("an aggregation joined by its grouping key reads only the keys the filtered outer input has", arguments: [JoinType.inner, .left])
    func narrowsTheAggregation(_ type: JoinType) throws {
        let session = Session(parallelism: 2)
        let frame = try Self.perKey(session, how: type)
        let plan = try RuleTesting.rewritten(SemiJoinAggregateByOuterKeys(), frame)
        #expect(Self.joinTypes(plan) == [type, .leftSemi], "\(plan)")
        #expect(Self.joinTypes(frame.plan) == [type])
        #expect(plan.output.map(\.id) == frame.plan.output.map(\.id))
        let rows = try frame.orderBy(col("id")).collect().map(\.values)
        #expect(rows == [[.int64(3), .int64(100), .int64(49_800)], [.int64(4), .int64(100), .int64(49_900)]])
        // The optimizer takes it, once.
        #expect(Self.joinTypes(try frame.optimizedPlan()).filter { $0 == .leftSemi }.count == 1)
    }

    @Test("the keys' filtered source is found below the projections and inner joins of the outer input")
    func findsSourceBelowProjection() throws {
        let session = Session(parallelism: 2)
        let filtered = try RuleTesting.source(session).alias("a").filter(col("a.amount") > 3.0)
        let outer = try filtered.join(session.range(0, 10).select(col("id").alias("j")), on: col("a.id") == col("j")).select(col("a.id"), col("j"))
        let counts = try session.range(0, 1_000).select((col("id") % 10).alias("key"), col("id")).groupBy(col("key")).agg(.count().alias("n"))
        let frame = try outer.join(counts, on: col("a.id") == col("key"), how: .left).select(col("a.id"), col("n"))
        let plan = try RuleTesting.rewritten(SemiJoinAggregateByOuterKeys(), frame)
        #expect(Self.joinTypes(plan) == [.left, .inner, .leftSemi], "\(plan)")
        #expect(try frame.orderBy(col("id")).collect().map(\.values) == [[.int64(3), .int64(100)], [.int64(4), .int64(100)]])
    }

    @Test("an unfiltered or nondeterministically filtered outer input, or an aggregation not grouped by the join key, is left alone")
    func leavesAlone() throws {
        let session = Session(parallelism: 2)
        let counts = try session.range(0, 1_000).select((col("id") % 10).alias("key"), col("id"))
        let byKey = try counts.groupBy(col("key")).agg(.count().alias("n"))
        let unfiltered = try RuleTesting.source(session).alias("a").join(byKey, on: col("a.id") == col("key"), how: .left)
        #expect(try RuleTesting.rewritten(SemiJoinAggregateByOuterKeys(), unfiltered) == unfiltered.plan)
        let byCount = try counts.groupBy(col("key")).agg(.count().alias("n"))
        let onCount = try RuleTesting.source(session).alias("a").filter(col("a.amount") > 3.0).join(byCount, on: col("a.id") == col("n"), how: .left)
        #expect(try RuleTesting.rewritten(SemiJoinAggregateByOuterKeys(), onCount) == onCount.plan)
        // A filter that may keep other rows each time it is read (the optimizer counts the clock
        // as such) must not be read twice.
        let clocked = try RuleTesting.source(session).alias("a").filter(Expr.currentTimestamp().isNotNull()).join(byKey, on: col("a.id") == col("key"), how: .left)
        #expect(try RuleTesting.rewritten(SemiJoinAggregateByOuterKeys(), clocked) == clocked.plan)
    }
}
