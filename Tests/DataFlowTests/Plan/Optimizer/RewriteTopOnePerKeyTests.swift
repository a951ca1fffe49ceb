@testable import DataFlow
import Testing

@Suite("Optimizer rule: RewriteTopOnePerKey")
struct RewriteTopOnePerKeyTests {
    static let latest = Window.partitionBy("name").orderBy(col("day").desc())

    @Test("rowNumber() == 1 over a partitioned, ordered window keeps the first row per partition")
    func rewrites() throws {
        let frame = try RuleTesting.source().withColumn("rn", Expr.rowNumber().over(Self.latest)).filter(col("rn") == 1 && col("id") > 0)
        // PushDownFilter first moves the filter from the projection onto the window.
        let pushed = try PushDownFilter().apply(frame.plan, context: frame.context)
        let rewritten = try RewriteTopOnePerKey().apply(pushed, context: frame.context)
        #expect(pushed.description == """
        Project [id, name, amount, day, row_number() OVER (PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rn]
        +- Filter ((row_number() OVER (PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1) AND (id > 0))
           +- Window [row_number() AS row_number() OVER (PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)], PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
              +- Scan memory [id, name, amount, day]

        """)
        #expect(rewritten.description == """
        Project [id, name, amount, day, row_number() OVER (PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rn]
        +- Filter (id > 0)
           +- Window [row_number() AS row_number() OVER (PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)], PARTITION BY name ORDER BY day DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, first row per partition only
              +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.orderBy(col("id")).collect().map { $0["id"] } == [.int64(1), .int64(2), .int64(3), .int64(4)])
    }

    @Test("a condition on another column of the same name is not the row number")
    func matchesTheColumnNotTheName() throws {
        let frame = try RuleTesting.source().withColumn("rn", Expr.rowNumber().over(Self.latest))
        let renamed = try frame.withColumnRenamed("rn", "n").withColumn("rn", col("id")).filter(col("rn") == 1)
        let pushed = try PushDownFilter().apply(renamed.plan, context: renamed.context)
        let rewritten = try RewriteTopOnePerKey().apply(pushed, context: renamed.context)
        #expect(!rewritten.description.contains("first row per partition only"))
        #expect(try renamed.collect().map { $0["id"] } == [.int64(1)])
    }
}
