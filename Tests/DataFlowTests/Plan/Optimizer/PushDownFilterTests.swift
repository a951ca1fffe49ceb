@testable import DataFlow
import Testing

@Suite("Optimizer rule: PushDownFilter")
struct PushDownFilterTests {
    @Test("below a projection, computed columns replaced by their definitions")
    func throughProject() throws {
        let frame = try RuleTesting.source().withColumn("double", col("amount") * 2).filter(col("double") > 6)
        let (before, after) = try RuleTesting.rewrite(PushDownFilter(), frame)
        #expect(before == """
        Filter (double > 6)
        +- Project [id, name, amount, day, (amount * 2) AS double]
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Project [id, name, amount, day, (amount * 2) AS double]
        +- Filter ((amount * 2) > 6)
           +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(3), .int64(4)])
    }

    @Test("below an alias (a table's name in SQL) and into the scan")
    func throughAlias() throws {
        let source = try RuleTesting.source()
        try source.createOrReplaceTempView("sales")
        let frame = try source.session.sql("SELECT s.id FROM sales s WHERE s.amount > 2 AND s.name != 'd'")
        let plan = try RuleTesting.rewritten(PushDownFilter(), frame)
        #expect(plan.description.contains("""
        +- SubqueryAlias s
           +- Scan memory [id, name, amount, day] PushedFilters: [amount > 2, name != d]
        """), "\(plan)")
        #expect(try frame.collect().map { $0["id"] } == [.int64(2)])
    }

    @Test("conditions on grouping columns go below the aggregate; others stay above")
    func throughAggregate() throws {
        let frame = try RuleTesting.source().groupBy("name").agg(.sum("amount").alias("total"))
            .filter(col("name") != "a" && col("total") > 2)
        let (_, after) = try RuleTesting.rewrite(PushDownFilter(), frame)
        #expect(after == """
        Filter (total > 2)
        +- Aggregate [name], [name, sum(amount) AS total]
           +- Scan memory [id, name, amount, day] PushedFilters: [name != a]

        """)
        #expect(try frame.orderBy(col("name")).collect().map { $0["name"] } == [.string("b"), .string("d")])
    }

    @Test("a grouping computed under the key's own name is not its input column: the filter stays above")
    func computedGroupingStays() throws {
        let frame = try RuleTesting.source().groupBy((col("id") % 2).alias("id")).count().filter(col("id") == 1)
        let (_, after) = try RuleTesting.rewrite(PushDownFilter(), frame)
        #expect(after == """
        Filter (id = 1)
        +- Aggregate [(id % 2) AS id], [(id % 2) AS id, count(1) AS count]
           +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map(\.values) == [[.int64(1), .int64(2)]])
    }

    @Test("only conditions on the keys go below dropDuplicates")
    func throughDropDuplicates() throws {
        let frame = try RuleTesting.source().dropDuplicates(["name"]).filter(col("amount") > 2 && col("name") != "d")
        let (_, after) = try RuleTesting.rewrite(PushDownFilter(), frame)
        #expect(after == """
        Filter (amount > 2)
        +- Deduplicate [name]
           +- Scan memory [id, name, amount, day] PushedFilters: [name != d]

        """)
    }

    @Test("into each input of a union, by column position whatever the inputs call it")
    func throughUnion() throws {
        let source = try RuleTesting.source()
        let frame = try source.select(col("id"), col("amount"))
            .union(try source.select(col("amount").cast(.int64).alias("other"), col("id").cast(.float64).alias("x")))
            .filter(col("id") >= 3)
        let plan = try RuleTesting.rewritten(PushDownFilter(), frame)
        #expect(plan.description == """
        Union (2 inputs)
        +- Project [id, amount]
           +- Scan memory [id, name, amount, day] PushedFilters: [id >= 3]
        +- Project [CAST(amount AS BIGINT) AS other, CAST(id AS DOUBLE) AS x]
           +- Filter (CAST(amount AS BIGINT) >= 3)
              +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(3), .int64(4), .int64(3), .int64(4)])
    }

    @Test("into the side of a self-join a condition reads, though both sides name their columns alike")
    func intoSelfJoinSide() throws {
        let source = try RuleTesting.source()
        let right = try source.select(col("id"), col("amount"))
        let frame = try source.join(right, on: source["id"] == right["id"] + 1).filter(right["amount"] < 3)
        let plan = try RuleTesting.rewritten(PushDownFilter(), frame)
        guard case let .join(join) = plan else {
            Issue.record("expected the filter to leave the top: \(plan)")
            return
        }
        #expect(!join.left.description.contains("Filter") && !join.left.description.contains("PushedFilters"))
        #expect(join.right.description.hasPrefix("SubqueryAlias") && join.right.description.contains("PushedFilters: [amount < 3]"), "\(join.right)")
        let pairs = try frame.collect().map { [$0.values[0], $0.values[4]] }.sorted { "\($0)" < "\($1)" }
        #expect(pairs == [[.int64(2), .int64(1)], [.int64(3), .int64(2)]])
    }

    @Test("not into the side an outer join pads with nulls")
    func notIntoPaddedSide() throws {
        let source = try RuleTesting.source()
        let other = try source.select(col("id").alias("k"), col("amount").alias("a"))
        let frame = try source.join(other, on: col("id") == col("k"), how: .left).filter(col("a").isNull())
        let plan = try RuleTesting.rewritten(PushDownFilter(), frame)
        guard case let .filter(filter) = plan else {
            Issue.record("the filter on the padded side must stay above the join: \(plan)")
            return
        }
        #expect(filter.condition.description == "(a IS NULL)")
    }

    @Test("a condition on both sides of a cross join becomes the join's condition, an inner join")
    func crossJoinConditions() throws {
        let session = Session(parallelism: 2)
        let a = try RuleTesting.source(session).alias("a"), b = try RuleTesting.source(session).alias("b")
        let frame = try a.crossJoin(b).filter(col("a.id") == col("b.id") && col("a.amount") > 2.0)
        guard case let .join(join) = try RuleTesting.rewritten(PushDownFilter(), frame) else {
            Issue.record("the filter stayed above the join")
            return
        }
        #expect(join.type == .inner)
        #expect(join.condition?.description == "(id = id)")
        #expect(join.left.description.contains("PushedFilters: [amount > 2.0]"), "the one-side condition was not pushed left: \(join.left)")
        #expect(!join.right.description.contains("PushedFilters"))
        #expect(try frame.count() == 3)
    }
}
