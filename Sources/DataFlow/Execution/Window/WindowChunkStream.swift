/// Computes a `WindowOperator`'s functions over rows already sorted by its `sortOrders` (an
/// external sort's merged output), a few whole windows at a time: rows gather until there are at
/// least a batch's worth, then every window that is complete (all but the last, which may go on
/// in the next batch) is computed and handed out. One window must fit in memory; the windows
/// around it come and go.
final class WindowChunkStream: BatchStream {
    private let plan: WindowOperator
    private let sorted: any BatchStream
    private let context: TaskContext
    private let memory: SpillableMemory
    /// Sorted rows not computed yet: the tail of a window that may go on.
    private var pending: [RecordBatch] = []
    private var pendingRows = 0
    /// The rows `pending` must reach before another cut is tried (doubling while one window goes on).
    private var nextCut: Int
    private var output: [RecordBatch] = []
    private var inputDone = false

    init(_ plan: WindowOperator, sorted: any BatchStream, context: TaskContext) {
        self.plan = plan
        self.sorted = sorted
        self.context = context
        memory = context.spillableMemory(for: plan, name: "Window")
        nextCut = context.batchSize
    }

    func next() throws -> RecordBatch? {
        while true {
            if !output.isEmpty { return output.removeFirst() }
            if inputDone {
                guard !pending.isEmpty else { return nil }
                let rows = concat(pending, schema: plan.child.schema)
                pending.removeAll()
                output = splitIntoBatches(try compute(rows), size: context.batchSize)
                continue
            }
            guard let batch = try sorted.next() else {
                inputDone = true
                continue
            }
            guard batch.rowCount > 0 else { continue }
            pending.append(batch)
            pendingRows += batch.rowCount
            if pendingRows >= nextCut { try cut() }
        }
    }

    /// Computes the complete windows of `pending`, keeping the last (possibly incomplete) one.
    private func cut() throws {
        let rows = concat(pending, schema: plan.child.schema)
        let keys = try plan.partitionKeys.map { try $0.evaluateColumn(rows) }
        let start = lastWindowStart(keys, rowCount: rows.rowCount)
        if start == 0 {
            // One window so far: it must fit.
            try memory.require(3 * rows.byteSize)
            pending = [rows]
            nextCut = 2 * rows.rowCount
            return
        }
        output = splitIntoBatches(try compute(rows.slice(0, start)), size: context.batchSize)
        pending = [rows.slice(start, rows.rowCount - start)]
        pendingRows = rows.rowCount - start
        nextCut = max(context.batchSize, pendingRows + context.batchSize)
        memory.releaseAll()
    }

    /// The first row of the last window: where the partition keys last change.
    private func lastWindowStart(_ keys: [Column], rowCount: Int) -> Int {
        guard !keys.isEmpty else { return 0 }
        return withExtendedLifetime(keys) {
            let access = keys.map { SortKeyAccess(SortKey(column: $0, ascending: true, nullsFirst: true)) }
            return access.withUnsafeBufferPointer { access in
                var start = rowCount - 1
                while start > 0 && SortKeyAccess.compare(access, start - 1, access, rowCount - 1) == 0 { start -= 1 }
                return start
            }
        }
    }

    /// The functions over `rows`, whole windows in sort order.
    private func compute(_ rows: RecordBatch) throws -> RecordBatch {
        try plan.computeSorted(rows, partitionColumns: try plan.partitionKeys.map { try $0.evaluateColumn(rows) },
                               orderColumns: try plan.orders.map { try $0.expression.evaluateColumn(rows) })
    }
}
