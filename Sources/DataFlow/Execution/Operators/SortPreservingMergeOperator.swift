/// Merges the sorted partitions of a `SortOperator` into one totally ordered partition. Ties are
/// taken from the lower partition first, so the result equals a stable sort of the input in partition
/// order. A stage boundary: the partitions are sorted in parallel, as a stage (each spilling runs to
/// disk when it outgrows its memory), and the merge then streams over every run of every partition.
final class SortPreservingMergeOperator: StageBoundary, Sendable {
    let child: SortOperator

    init(child: SortOperator) {
        self.child = child
    }

    var orders: [SortOrder] { child.orders }
    var schema: Schema { child.schema }
    var partitionCount: Int { 1 }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "SortPreservingMerge [\(orders.map(\.description).joined(separator: ", "))]" }

    func materialize(context: TaskContext) throws { _ = try sortedRuns(context) }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let partitions = try sortedRuns(context)
        let runs = try partitions.flatMap { try $0.streams(batchSize: context.batchSize) }
        return SortedRunMergeStream(runs: runs, orders: orders, schema: schema, batchSize: context.batchSize, retaining: partitions)
    }

    /// This execution's sorted runs of every partition, computed by the first caller.
    private func sortedRuns(_ context: TaskContext) throws -> [SortedRuns] {
        try context.shared(by: self) {
            let child = self.child
            return try context.runStage(child.displayName, partitions: child.partitionCount) { index, task in
                let runs = try child.sortedRuns(index, context: context)
                task.record(rows: runs.rows, bytes: runs.inMemory.byteSize + runs.spilled.reduce(0) { $0 + $1.bytes })
                return runs
            }
        }
    }
}
