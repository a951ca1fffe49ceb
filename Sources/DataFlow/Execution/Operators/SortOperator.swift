/// Sorts each partition by the sort keys. Blocking: the partition is read whole, its keys sorted with
/// `sortPermutation`, and the rows gathered once. `SortPreservingMergeOperator` takes each partition
/// whole from `sortedPartition`, so the merged output is gathered only once more.
final class SortOperator: ExecutionPlan, Sendable {
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

    /// Partition `partition`, sorted, as one batch.
    func sortedPartition(_ partition: Int, context: ExecutionContext) throws -> RecordBatch {
        let batches = try drain(try child.execute(partition: partition, context: context))
        let reservation = MemoryReservation(pool: context.memory, operatorName: "Sort")
        let rows = concat(batches, schema: schema)
        try reservation.resize(to: 2 * rows.byteSize)
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(rows), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        return take(rows, indices: sortPermutation(keys, rowCount: rows.rowCount))
    }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        BatchListStream(splitIntoBatches(try sortedPartition(partition, context: context), size: context.batchSize))
    }
}

/// A sort key bound to a schema.
struct SortOrder: Sendable, CustomStringConvertible {
    let expression: any PhysicalExpr
    let ascending: Bool
    let nullsFirst: Bool

    var description: String { "\(expression) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")" }
}
