/// Sorts each partition by the sort keys (blocking: the partition is read whole, sorted with
/// `sortPermutation`, then gathered). Followed by `SortPreservingMergeOperator` for a total order.
final class SortOperator: ExecutionPlan, @unchecked Sendable {
    let child: any ExecutionPlan
    let orders: [SortOrder]

    init(child: any ExecutionPlan, orders: [SortOrder]) {
        self.child = child
        self.orders = orders
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Sort [\(orders.map(\.description).joined(separator: ", "))]" }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        let batches = try drain(try child.execute(partition: partition, context: context))
        let reservation = MemoryReservation(pool: context.memory, operatorName: "Sort")
        try reservation.resize(to: 2 * batches.reduce(0) { $0 + $1.byteSize })
        let all = concat(batches, schema: schema)
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(all), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        let sorted = take(all, indices: sortPermutation(keys, rowCount: all.rowCount))
        return BatchListStream(sorted.rowCount == 0 ? [] : [sorted])
    }
}

/// A sort key bound to a schema.
struct SortOrder: Sendable, CustomStringConvertible {
    let expression: any PhysicalExpr
    let ascending: Bool
    let nullsFirst: Bool

    var description: String { "\(expression) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")" }
}
