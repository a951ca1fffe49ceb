/// Merges the sorted partitions of a `SortOperator` into one totally ordered partition. Ties are
/// taken from the lower partition first, so the result equals a stable sort of the input in partition
/// order. The merge reads each run sequentially and gathers the output from all runs in one pass.
/// A stage boundary: the partitions are sorted in parallel, as a stage, before the merge.
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

    func materialize(context: TaskContext) throws { _ = try merged(context) }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        BatchListStream(splitIntoBatches(try merged(context), size: context.batchSize))
    }

    /// This execution's merged rows, computed by the first caller.
    private func merged(_ context: TaskContext) throws -> RecordBatch {
        try context.shared(by: self) {
            let child = self.child
            let runs = try context.runStage(child.displayName, partitions: child.partitionCount) { index, task in
                let run = try child.sortedPartition(index, context: context)
                task.record(run)
                return run
            }.filter { $0.rowCount > 0 }
            return try timed(context) { try merge(runs, context: context) }
        }
    }

    /// The rows of the sorted `runs` in one order.
    private func merge(_ runs: [RecordBatch], context: TaskContext) throws -> RecordBatch {
        guard !runs.isEmpty else { return .empty(schema) }
        let reservation = context.reservation(for: self, name: "SortPreservingMerge")
        try reservation.resize(to: runs.reduce(0) { $0 + $1.byteSize })
        let keys = try runs.map { run in try orders.map { try $0.expression.evaluateColumn(run) } }
        let total = runs.reduce(0) { $0 + $1.rowCount }
        var sources = [Int32](), rows = [Int32]()
        sources.reserveCapacity(total)
        rows.reserveCapacity(total)
        let keyCount = orders.count
        let accessors = keys.flatMap { columns in
            zip(columns, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
        }
        withExtendedLifetime(keys) { accessors.withUnsafeBufferPointer { flat in
            let access = runs.indices.map { UnsafeBufferPointer(rebasing: flat[($0 * keyCount)..<(($0 + 1) * keyCount)]) }
            var merge = RunMerge(access: access, lengths: runs.map(\.rowCount))
            while let (run, row) = merge.next() {
                sources.append(Int32(truncatingIfNeeded: run))
                rows.append(Int32(truncatingIfNeeded: row))
            }
        } }
        let columns = schema.fields.indices.map { column in gather(runs.map { $0.columns[column] }, source: sources, row: rows) }
        return RecordBatch(unchecked: schema, columns: columns, rowCount: total)
    }
}

/// The k-way merge of sorted runs: a binary heap of run indices ordered by each run's current row,
/// the lower run first on ties. A value the loop owns, so its state needs no exclusivity checks.
private struct RunMerge {
    let access: [UnsafeBufferPointer<SortKeyAccess>]
    let lengths: [Int]
    private var position: [Int]
    private var heap: [Int]

    init(access: [UnsafeBufferPointer<SortKeyAccess>], lengths: [Int]) {
        self.access = access
        self.lengths = lengths
        position = [Int](repeating: 0, count: lengths.count)
        heap = Array(lengths.indices)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    /// The next row in merged order, as (run, row); nil when every run is done.
    mutating func next() -> (run: Int, row: Int)? {
        guard let run = heap.first else { return nil }
        let row = position[run]
        position[run] = row + 1
        if row + 1 == lengths[run] {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return (run, row)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let order = SortKeyAccess.compare(access[a], position[a], access[b], position[b])
        return order != 0 ? order < 0 : a < b
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
