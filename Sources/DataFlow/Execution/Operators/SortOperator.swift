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

    /// Partition `partition`, sorted, as one batch: the merge reads sorted runs this way, so the
    /// time and rows count as this operator's here.
    func sortedPartition(_ partition: Int, context: TaskContext) throws -> RecordBatch {
        let counters = context.metrics.counters(for: self)
        let sorted = try counters.timed { try sort(try child.execute(partition: partition, context: context), context: context) }
        counters.recordOutput(sorted)
        return sorted
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in
            BatchListStream(splitIntoBatches(try sort(input, context: context), size: context.batchSize))
        }
    }

    /// Every row of `input`, sorted.
    private func sort(_ input: any BatchStream, context: TaskContext) throws -> RecordBatch {
        let rows = concat(try drain(input), schema: schema)
        let reservation = context.reservation(for: self, name: "Sort")
        try reservation.resize(to: 2 * rows.byteSize)
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(rows), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        return take(rows, indices: sortPermutation(keys, rowCount: rows.rowCount))
    }
}

/// A sort key bound to a schema.
struct SortOrder: Sendable, CustomStringConvertible {
    let expression: any PhysicalExpr
    let ascending: Bool
    let nullsFirst: Bool

    var description: String { "\(expression) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")" }
}
