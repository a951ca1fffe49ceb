/// A systematic sample of one input partition's sort keys, taken while the partition streams by:
/// every `step`-th row's keys, the step doubling (and every other kept row dropped) whenever more
/// than twice `capacity` rows are kept, so the sample stays small whatever the partition's size
/// and each kept row stands for `step` rows of it.
struct RangeKeySample {
    private let orders: [SortOrder]
    private let capacity: Int
    /// Rows of the partition each kept row stands for.
    private(set) var step = 1
    private var seen = 0
    /// The kept rows' keys: a column per sort order, in pieces.
    private var pieces: [[Column]] = []
    private var count = 0

    init(orders: [SortOrder], capacity: Int) {
        self.orders = orders
        self.capacity = max(1, capacity)
    }

    /// Samples `batch`, the partition's next rows.
    mutating func add(_ batch: RecordBatch) throws {
        let first = (step - seen % step) % step
        seen += batch.rowCount
        guard first < batch.rowCount else { return }
        let picks = Array(stride(from: Int32(first), to: Int32(batch.rowCount), by: step))
        let picked = take(batch, indices: picks)
        pieces.append(try orders.map { try $0.expression.evaluateColumn(picked) })
        count += picks.count
        while count > 2 * capacity {
            // Kept rows are the multiples of `step`; the even ones are the multiples of twice it.
            let every = Array(stride(from: Int32(0), to: Int32(count), by: 2))
            pieces = [keyColumns.map { take($0, indices: every) }]
            count = every.count
            step *= 2
        }
    }

    /// The kept rows' keys, a column per sort order (no columns when nothing was kept).
    var keyColumns: [Column] {
        pieces.isEmpty ? [] : orders.indices.map { key in concat(pieces.map { $0[key] }) }
    }
}

/// The `targets - 1` boundaries of a range partitioning: the keys at the weighted quantiles of the
/// input partitions' samples. A row goes to the first partition whose boundary it does not sort
/// after, so every row of partition `p` sorts at or before every row of partition `p + 1`.
struct RangePartitionBounds {
    private let orders: [SortOrder]
    /// A column per sort order, a row per boundary, ascending.
    private let keys: [Column]

    /// The boundaries cutting `samples` (each row weighing its sample's step) into `targets`
    /// ranges of about equal weight.
    init(samples: [RangeKeySample], orders: [SortOrder], targets: Int) {
        self.orders = orders
        var columns: [[Column]] = [], weights: [Int] = []
        for sample in samples {
            let keys = sample.keyColumns
            guard let rows = keys.first?.count, rows > 0 else { continue }
            columns.append(keys)
            weights.append(contentsOf: repeatElement(sample.step, count: rows))
        }
        guard !columns.isEmpty, targets > 1 else {
            keys = []
            return
        }
        let all = orders.indices.map { key in concat(columns.map { $0[key] }) }
        let sorted = sortPermutation(zip(all, orders).map { SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst) },
                                     rowCount: weights.count)
        let total = weights.reduce(0, +)
        var cuts: [Int32] = [], cumulative = 0, cut = 1
        for row in sorted where cut < targets {
            cumulative += weights[Int(row)]
            // Past the cut's share of the weight: this row closes range `cut - 1`.
            while cut < targets, cumulative * targets >= cut * total {
                cuts.append(row)
                cut += 1
            }
        }
        keys = all.map { take($0, indices: cuts) }
    }

    /// The partition of each of `batch`'s rows.
    func destinations(of batch: RecordBatch) throws -> [Int32] {
        let count = keys.first?.count ?? 0
        guard count > 0 else { return [Int32](repeating: 0, count: batch.rowCount) }
        let rowKeys = try orders.map { try $0.expression.evaluateColumn(batch) }
        return withExtendedLifetime((rowKeys, keys)) { () -> [Int32] in
            let rowAccess = zip(rowKeys, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
            let boundAccess = zip(keys, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
            return rowAccess.withUnsafeBufferPointer { row in
                boundAccess.withUnsafeBufferPointer { bound in
                    (0..<batch.rowCount).map { i in
                        // The first boundary the row does not sort after.
                        var low = 0, high = count
                        while low < high {
                            let mid = (low + high) / 2
                            if SortKeyAccess.compare(row, i, bound, mid) > 0 { low = mid + 1 } else { high = mid }
                        }
                        return Int32(low)
                    }
                }
            }
        }
    }
}
