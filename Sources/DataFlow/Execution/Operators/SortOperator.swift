/// Sorts each partition by the sort keys. Blocking: the partition is read into memory, its keys
/// sorted with `sortPermutation` and the rows gathered once. When the rows outgrow the partition's
/// share of the memory budget, what is buffered is sorted and spilled to disk as a run, and the
/// partition's output becomes a streaming merge of its runs (`SortedRunMergeStream`): an external
/// sort. `SortPreservingMergeOperator` takes each partition's runs from `sortedRuns` and merges the
/// runs of every partition at once.
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

    /// Partition `partition` as sorted runs: the merge reads them this way, so the time and rows
    /// count as this operator's here.
    func sortedRuns(_ partition: Int, context: TaskContext) throws -> SortedRuns {
        let counters = context.metrics.counters(for: self)
        let runs = try counters.timed { try sort(try child.execute(partition: partition, context: context), context: context) }
        counters.recordOutput(rows: runs.rows, batches: runs.spilled.count + 1)
        return runs
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in try sort(input, context: context).merged(orders: orders, schema: schema, batchSize: context.batchSize) }
    }

    /// Every row of `input` as sorted runs.
    private func sort(_ input: any BatchStream, context: TaskContext) throws -> SortedRuns {
        try ExternalSort(orders: orders, schema: schema, plan: self, name: "Sort").runs(of: input, context: context)
    }
}

/// One partition's rows in sort order, as runs: the ones spilled to disk, in input order, then the
/// rest, sorted in memory under `memory`'s reservation (none once a run was spilled).
struct SortedRuns: Sendable {
    let spilled: [SpillFile]
    let inMemory: RecordBatch
    let memory: MemoryReservation

    /// The rows of every run.
    var rows: Int { spilled.reduce(inMemory.rowCount) { $0 + $1.rows } }

    /// Each run as a stream of sorted batches of at most `batchSize` rows, lower runs first.
    /// - Throws: `DataFlowError` (`.io`) when a spill file cannot be opened.
    func streams(batchSize: Int) throws -> [any BatchStream] {
        try spilled.map { try $0.stream() } + [BatchListStream(splitIntoBatches(inMemory, size: batchSize))]
    }

    /// The runs merged into one sorted stream.
    func merged(orders: [SortOrder], schema: Schema, batchSize: Int) throws -> any BatchStream {
        SortedRunMergeStream(runs: try streams(batchSize: batchSize), orders: orders, schema: schema, batchSize: batchSize, retaining: self)
    }
}

/// A sort key bound to a schema.
struct SortOrder: Sendable, CustomStringConvertible {
    let expression: any PhysicalExpr
    let ascending: Bool
    let nullsFirst: Bool

    var description: String { "\(expression) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")" }
}
