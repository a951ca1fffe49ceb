import Foundation

/// How an exchange distributes rows over its output partitions.
enum Partitioning: Sendable, CustomStringConvertible {
    /// Rows with equal keys go to the same partition.
    case hash([any PhysicalExpr], partitions: Int)
    /// Rows spread evenly (each batch split into equal contiguous slices, zero-copy).
    case roundRobin(partitions: Int)
    /// Rows ordered by the sort keys, cut into partitions at sampled quantiles: every row of
    /// partition `p` sorts at or before every row of partition `p + 1`.
    case range([SortOrder], partitions: Int)
    /// Everything in one partition, in input partition order.
    case single

    var partitionCount: Int {
        switch self {
        case let .hash(_, n), let .roundRobin(n), let .range(_, n): return max(1, n)
        case .single: return 1
        }
    }

    var description: String {
        switch self {
        case let .hash(keys, n): return "hashpartitioning(\(keys.map(\.description).joined(separator: ", ")), \(n))"
        case let .roundRobin(n): return "RoundRobinPartitioning(\(n))"
        case let .range(orders, n): return "rangepartitioning(\(orders.map(\.description).joined(separator: ", ")), \(n))"
        case .single: return "SinglePartition"
        }
    }
}

/// A stage boundary that redistributes rows between partitions. Each execution runs the whole
/// input stage first (partitions in parallel) and keeps the output in its task context, accounted
/// against the memory budget; output partition `t` is then handed to its consumer once, as the
/// batches bound for `t` from input partitions 0, 1, 2, ... in that order (so rows of one input
/// partition keep their relative order), and each batch's memory is released as it is consumed.
final class ExchangeOperator: StageBoundary, Sendable {
    let child: any ExecutionPlan
    let partitioning: Partitioning

    init(child: any ExecutionPlan, partitioning: Partitioning) {
        self.child = child
        self.partitioning = partitioning
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { partitioning.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Exchange \(partitioning)" }

    func materialize(context: TaskContext) throws { _ = try output(context) }

    /// This execution's output, computed by the first caller.
    private func output(_ context: TaskContext) throws -> ExchangeOutput {
        try context.shared(by: self) {
            let reservation = context.reservation(for: self, name: "Exchange")
            return ExchangeOutput(partitions: try redistribute(context: context, reservation: reservation), reservation: reservation)
        }
    }

    /// Runs the input stage and returns the batches of each output partition, reserving their memory.
    private func redistribute(context: TaskContext, reservation: MemoryReservation) throws -> [[RecordBatch]] {
        let targets = partitionCount
        let partitioning = self.partitioning
        let child = self.child
        let perSource: [[[RecordBatch]]]
        if case let .range(orders, _) = partitioning {
            perSource = try rangePartition(orders: orders, targets: targets, context: context)
        } else {
            perSource = try context.runStage(displayName, partitions: child.partitionCount) { source, task in
                try timed(context) {
                    var buckets = [[RecordBatch]](repeating: [], count: targets)
                    let stream = try child.execute(partition: source, context: context)
                    var rotation = source % targets
                    var hashes: [UInt64] = []
                    while let batch = try stream.next() {
                        guard batch.rowCount > 0 else { continue }
                        task.record(batch)
                        switch partitioning {
                        case .single:
                            buckets[0].append(batch)
                        case .roundRobin:
                            Self.splitEvenly(batch, targets: targets, rotation: &rotation, into: &buckets)
                        case let .hash(keys, _):
                            let keyColumns = try keys.map { try $0.evaluateColumn(batch) }
                            Hashing.hashRows(keyColumns, count: batch.rowCount, into: &hashes)
                            let destinations = hashes.map { Int32(truncatingIfNeeded: $0 % UInt64(targets)) }
                            Self.scatter(batch, destinations: destinations, targets: targets, into: &buckets)
                        case .range:
                            throw DataFlowError.internalError("range partitioning is materialized separately")
                        }
                    }
                    return buckets.map { Self.coalesced($0, rows: context.batchSize, schema: child.schema) }
                }
            }
        }
        var result = [[RecordBatch]](repeating: [], count: targets)
        for buckets in perSource {
            for target in 0..<targets { result[target].append(contentsOf: buckets[target]) }
        }
        try reservation.resize(to: result.reduce(0) { $0 + $1.reduce(0) { $0 + $1.byteSize } })
        return result
    }

    /// Reads every input partition, samples the sort keys for `targets - 1` boundaries, and sends
    /// each row to the first partition whose boundary it does not sort after.
    private func rangePartition(orders: [SortOrder], targets: Int, context: TaskContext) throws -> [[[RecordBatch]]] {
        let child = self.child
        let inputs = try context.drainPartitions(of: child, stage: displayName, timedAs: self)
        let boundaries = try timed(context) { try rangeBoundaries(inputs.flatMap { $0 }, orders: orders, targets: targets) }
        let boundaryKeys = try orders.map { try $0.expression.evaluateColumn(boundaries) }
        return try Scheduler.parallelMap(inputs.count, parallelism: context.parallelism, cancellation: context.query) { source in try timed(context) {
            var buckets = [[RecordBatch]](repeating: [], count: targets)
            for batch in inputs[source] {
                let keys = try orders.map { try $0.expression.evaluateColumn(batch) }
                let destinations = withExtendedLifetime((keys, boundaryKeys)) { () -> [Int32] in
                    let rowAccess = zip(keys, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
                    let boundAccess = zip(boundaryKeys, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
                    return rowAccess.withUnsafeBufferPointer { row in
                        boundAccess.withUnsafeBufferPointer { bound in
                            (0..<batch.rowCount).map { i in
                                // The first boundary the row does not sort after.
                                var low = 0, high = boundaries.rowCount
                                while low < high {
                                    let mid = (low + high) / 2
                                    if SortKeyAccess.compare(row, i, bound, mid) > 0 { low = mid + 1 } else { high = mid }
                                }
                                return Int32(low)
                            }
                        }
                    }
                }
                Self.scatter(batch, destinations: destinations, targets: targets, into: &buckets)
            }
            return buckets
        } }
    }

    /// `targets - 1` rows at evenly spaced quantiles of a sample of the input, in sort order.
    private func rangeBoundaries(_ batches: [RecordBatch], orders: [SortOrder], targets: Int) throws -> RecordBatch {
        let total = batches.reduce(0) { $0 + $1.rowCount }
        let sampleSize = min(total, 1000 * targets)
        var sampled: [RecordBatch] = []
        if sampleSize > 0 {
            let step = Double(total) / Double(sampleSize)
            var next = 0.0, offset = 0
            for batch in batches {
                var picks: [Int32] = []
                while Int(next) < offset + batch.rowCount {
                    picks.append(Int32(Int(next) - offset))
                    next += step
                }
                if !picks.isEmpty { sampled.append(take(batch, indices: picks)) }
                offset += batch.rowCount
            }
        }
        let sample = concat(sampled, schema: schema)
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(sample), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        let sorted = sortPermutation(keys, rowCount: sample.rowCount)
        guard sample.rowCount > 0, targets > 1 else { return sample.slice(0, 0) }
        let cuts = (1..<targets).map { sorted[min(sample.rowCount - 1, $0 * sample.rowCount / targets)] }
        return take(sample, indices: cuts)
    }

    /// Splits a batch into `targets` contiguous slices, starting at target `rotation`.
    private static func splitEvenly(_ batch: RecordBatch, targets: Int, rotation: inout Int, into buckets: inout [[RecordBatch]]) {
        let rows = batch.rowCount
        for part in 0..<targets {
            let start = rows * part / targets, end = rows * (part + 1) / targets
            if end > start { buckets[(rotation + part) % targets].append(batch.slice(start, end - start)) }
        }
        rotation = (rotation + 1) % targets
    }

    /// `pieces` with runs of consecutive slivers (under an eighth of `rows`) concatenated into
    /// batches of about `rows` rows, in order: scattering many small input batches leaves slivers
    /// whose per-batch costs would otherwise dominate every operator downstream (as DataFusion's
    /// CoalesceBatches avoids). Larger pieces pass as they are: copying them would cost more than
    /// it saves.
    static func coalesced(_ pieces: [RecordBatch], rows target: Int, schema: Schema) -> [RecordBatch] {
        var output: [RecordBatch] = [], run: [RecordBatch] = [], runRows = 0
        func flush() {
            if run.count == 1 { output.append(run[0]) } else if !run.isEmpty { output.append(concat(run, schema: schema)) }
            run.removeAll(keepingCapacity: true)
            runRows = 0
        }
        for piece in pieces {
            if piece.rowCount >= target / 8 {
                flush()
                output.append(piece)
                continue
            }
            run.append(piece)
            runRows += piece.rowCount
            if runRows >= target { flush() }
        }
        flush()
        return output
    }

    /// Sends row `i` to partition `destinations[i]`, keeping row order within each partition.
    private static func scatter(_ batch: RecordBatch, destinations destination: [Int32], targets: Int, into buckets: inout [[RecordBatch]]) {
        if targets == 1 {
            buckets[0].append(batch)
            return
        }
        let rows = batch.rowCount
        precondition(destination.count >= rows, "exchange: fewer destinations than rows")
        var counts = [Int](repeating: 0, count: targets + 1)
        var indices = [Int32](repeating: 0, count: rows)
        destination.withUnsafeBufferPointer { destination in
            counts.withUnsafeMutableBufferPointer { counts in
                // The one range check per row here is what makes the writes below stay in bounds:
                // the counts then sum to `rows`, so every cursor stays below it.
                for i in 0..<rows {
                    let target = Int(destination[i])
                    precondition(target >= 0 && target < targets, "exchange: destination out of range")
                    counts[target &+ 1] &+= 1
                }
                for target in 0..<targets { counts[target &+ 1] &+= counts[target] }
                var cursor = [Int](counts)
                cursor.withUnsafeMutableBufferPointer { cursor in
                    indices.withUnsafeMutableBufferPointer { indices in
                        for i in 0..<rows {
                            let target = Int(destination[i])
                            indices[cursor[target]] = Int32(truncatingIfNeeded: i)
                            cursor[target] &+= 1
                        }
                    }
                }
            }
        }
        indices.withUnsafeBufferPointer { all in
            for target in 0..<targets where counts[target + 1] > counts[target] {
                let part = UnsafeBufferPointer(rebasing: all[counts[target]..<counts[target + 1]])
                let columns = batch.columns.map { take($0, indices: part) }
                buckets[target].append(RecordBatch(unchecked: batch.schema, columns: columns, rowCount: part.count))
            }
        }
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        try output(context).take(partition)
    }
}

/// One execution's exchange output: each partition handed out once, its memory released batch by
/// batch as the consumer reads it.
private final class ExchangeOutput: Sendable {
    private let partitions: Locked<[[RecordBatch]?]>
    private let reservation: MemoryReservation

    init(partitions: [[RecordBatch]], reservation: MemoryReservation) {
        self.partitions = Locked(partitions)
        self.reservation = reservation
    }

    /// Partition `partition`'s stream.
    /// - Throws: `DataFlowError` (`.internal`) when it was handed out before.
    func take(_ partition: Int) throws -> any BatchStream {
        let batches = partitions.withLock { partitions in
            defer { partitions[partition] = nil }
            return partitions[partition]
        }
        guard let batches else { throw DataFlowError.internalError("exchange partition \(partition) read twice in one execution") }
        return ReleasingStream(batches, reservation: reservation)
    }
}

/// Hands out batches held under a reservation, returning each one's bytes as it goes (and the rest
/// when dropped early, under a limit).
private final class ReleasingStream: BatchStream {
    private var batches: ArraySlice<RecordBatch>
    private let reservation: MemoryReservation

    init(_ batches: [RecordBatch], reservation: MemoryReservation) {
        self.batches = batches[...]
        self.reservation = reservation
    }

    func next() throws -> RecordBatch? {
        guard let batch = batches.popFirst() else { return nil }
        reservation.shrink(by: batch.byteSize)
        return batch
    }

    deinit { reservation.shrink(by: batches.reduce(0) { $0 + $1.byteSize }) }
}
