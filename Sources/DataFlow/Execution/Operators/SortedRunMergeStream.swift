/// Merges sorted runs, each a stream of sorted batches (a spilled run read back from disk, or one
/// kept in memory), into one stream of batches in sort order. Ties are taken from the lower run
/// first, so merging a stable sort's runs in input order is a stable sort of the whole.
///
/// Memory holds the current batch of each run and the output being built: a merge of spilled runs
/// streams however many rows they hold. Each output batch is gathered from the batches its rows
/// came from in one pass per column; once a single run is left, its batches pass through as they are.
final class SortedRunMergeStream: BatchStream {
    private let runs: [any BatchStream]
    private let orders: [SortOrder]
    private let schema: Schema
    private let batchSize: Int
    /// The current batch of each run; nil once the run is done.
    private var cursors: [RunCursor?]
    /// Run indices, a binary heap ordered by each run's current row.
    private var heap: [Int] = []
    /// Held until the stream goes (the memory of runs kept in memory).
    private let retained: (any Sendable)?

    /// A merge of `runs`, sorted by `orders`, producing batches of `batchSize` rows; `retained` is
    /// kept as long as the stream (a reservation for the runs' memory).
    init(runs: [any BatchStream], orders: [SortOrder], schema: Schema, batchSize: Int, retaining retained: (any Sendable)? = nil) {
        self.runs = runs
        self.orders = orders
        self.schema = schema
        self.batchSize = max(1, batchSize)
        self.retained = retained
        cursors = [RunCursor?](repeating: nil, count: runs.count)
    }

    private var started = false

    func next() throws -> RecordBatch? {
        if !started {
            started = true
            for run in runs.indices where try advance(run) { heap.append(run) }
            for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        }
        guard let first = heap.first, let cursor = cursors[first] else { return nil }
        if heap.count == 1 {
            // One run left: the rest of its current batch, then its batches as they come.
            let rest = cursor.batch.slice(cursor.position, cursor.count - cursor.position)
            if try !advance(first) { heap.removeAll() }
            return rest
        }
        return try mergeBatch()
    }

    /// The next `batchSize` rows in order, gathered from the batches they came from.
    private func mergeBatch() throws -> RecordBatch {
        var sourceBatches: [RecordBatch] = []
        var slotOfRun = [Int32](repeating: -1, count: runs.count)
        var sources: [Int32] = [], rows: [Int32] = []
        sources.reserveCapacity(batchSize)
        rows.reserveCapacity(batchSize)
        while rows.count < batchSize, let run = heap.first, let cursor = cursors[run] {
            if slotOfRun[run] < 0 {
                slotOfRun[run] = Int32(sourceBatches.count)
                sourceBatches.append(cursor.batch)
            }
            sources.append(slotOfRun[run])
            rows.append(Int32(truncatingIfNeeded: cursor.position))
            cursor.position += 1
            if cursor.position == cursor.count {
                slotOfRun[run] = -1
                if try !advance(run) {
                    heap[0] = heap[heap.count - 1]
                    heap.removeLast()
                }
            }
            if !heap.isEmpty { siftDown(0) }
        }
        let columns = schema.fields.indices.map { column in gather(sourceBatches.map { $0.columns[column] }, source: sources, row: rows) }
        return RecordBatch(unchecked: schema, columns: columns, rowCount: rows.count)
    }

    /// Moves run `run` to its next non-empty batch: whether it has one.
    private func advance(_ run: Int) throws -> Bool {
        while let batch = try runs[run].next() {
            guard batch.rowCount > 0 else { continue }
            cursors[run] = try RunCursor(batch, orders: orders)
            return true
        }
        cursors[run] = nil
        return false
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        guard let x = cursors[a], let y = cursors[b] else { return cursors[a] != nil }
        let order = SortKeyAccess.compare(x.keys, x.position, y.keys, y.position)
        return order != 0 ? order < 0 : a < b
    }

    private func siftDown(_ start: Int) {
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

/// One run's current batch, its sort key columns and the next row to take.
private final class RunCursor {
    let batch: RecordBatch
    let count: Int
    var position = 0
    /// The key columns `keys` points into, kept alive with it.
    private let keyColumns: [Column]
    /// The sort keys of `batch`, read in place.
    let keys: UnsafeBufferPointer<SortKeyAccess>

    init(_ batch: RecordBatch, orders: [SortOrder]) throws {
        self.batch = batch
        count = batch.rowCount
        keyColumns = try orders.map { try $0.expression.evaluateColumn(batch) }
        let keys = UnsafeMutableBufferPointer<SortKeyAccess>.allocate(capacity: orders.count)
        for (index, (column, order)) in zip(keyColumns, orders).enumerated() {
            keys.initializeElement(at: index, to: SortKeyAccess(SortKey(column: column, ascending: order.ascending, nullsFirst: order.nullsFirst)))
        }
        self.keys = UnsafeBufferPointer(keys)
    }

    deinit { UnsafeMutableBufferPointer(mutating: keys).deallocate() }
}
