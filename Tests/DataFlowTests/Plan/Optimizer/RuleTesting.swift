@testable import DataFlow
import Testing

/// What the optimizer rule tests share: a small in-memory table, and one rule applied to a
/// DataFrame's plan, printed before and after.
enum RuleTesting {
    static let schema = Schema([Field("id", .int64), Field("name", .string), Field("amount", .float64), Field("day", .date)])

    /// Four rows in two partitions.
    static func source(_ session: Session = Session()) throws -> DataFrame {
        let batch = try RecordBatch(schema: schema, columns: [
            try Column([1, 2, 3, 4] as [Int64]), Column(["a", "b", nil, "d"]),
            try Column([1.5, 2.5, 3.5, 4.5]), try Column([20_000, 20_001, 20_002, 20_003] as [Int32], type: .date),
        ])
        return session.read(MemoryDataSource(schema: schema, partitions: [[batch.slice(0, 2)], [batch.slice(2, 2)]]))
    }

    /// `frame`'s plan printed before and after one application of `rule`.
    static func rewrite(_ rule: some OptimizerRule, _ frame: DataFrame) throws -> (before: String, after: String) {
        (frame.plan.description, try rule.apply(frame.plan, context: frame.context).description)
    }

    /// `frame`'s plan after one application of `rule`.
    static func rewritten(_ rule: some OptimizerRule, _ frame: DataFrame) throws -> LogicalPlan {
        try rule.apply(frame.plan, context: frame.context)
    }
}
