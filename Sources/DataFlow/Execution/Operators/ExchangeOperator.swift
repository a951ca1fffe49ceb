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
/// against the memory budget: each input partition holds its buckets while they fit its share
/// (half of it: the consumers need the rest), and writes them to a spill file, a section per
/// output partition, when they do not (and, once it spilled, what is left at the end too).
/// Output partition `t` is then handed to its consumer once, as the batches bound for `t` from input partitions 0, 1, 2, ... in that order (each one's spilled
/// batches, then those kept in memory, so rows of one input partition keep their relative order),
/// streamed back from disk, and each in-memory batch's memory is released as it is consumed.
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
        try context.shared(by: self) { ExchangeOutput(sources: try redistribute(context: context), targets: partitionCount) }
    }

    /// Runs the input stage and returns what each input partition sent to each output partition.
    private func redistribute(context: TaskContext) throws -> [[ExchangePart]] {
        let targets = partitionCount
        let partitioning = self.partitioning
        let child = self.child
        if case let .range(orders, _) = partitioning {
            let reservation = context.reservation(for: self, name: "Exchange")
            let buckets = try rangePartition(orders: orders, targets: targets, context: context)
            try reservation.resize(to: buckets.reduce(0) { $0 + $1.reduce(0) { $0 + $1.reduce(0) { $0 + $1.byteSize } } })
            return buckets.map { source in source.map { ExchangePart(spilled: [], inMemory: $0[...], memory: reservation) } }
        }
        return try context.runStage(displayName, partitions: child.partitionCount) { source, task in
            try timed(context) {
                let memory = context.spillableMemory(for: self, name: "Exchange", fraction: 0.5)
                var buckets = [[RecordBatch]](repeating: [], count: targets)
                var spilled = [[SpillSection]](repeating: [], count: targets)
                var held = 0
                /// Writes the buckets to one file, a section per output partition, emptying each
                /// as it is written: the copies coalescing makes exist one batch at a time.
                func spillBuckets() throws {
                    guard buckets.contains(where: { !$0.isEmpty }) else { return }
                    let (file, ranges) = try context.spill(sections: targets, schema: child.schema, by: self, name: "exchange") { target, write in
                        try Self.coalesced(buckets[target], rows: context.batchSize, schema: child.schema, into: write)
                        buckets[target].removeAll()
                    }
                    for target in 0..<targets where !ranges[target].isEmpty {
                        spilled[target].append(SpillSection(file: file, range: ranges[target]))
                    }
                    memory.releaseAll()
                    held = 0
                }
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
                        scatterRows(batch, destinations: destinations, targets: targets, into: &buckets)
                    case .range:
                        throw DataFlowError.internalError("range partitioning is materialized separately")
                    }
                    held += batch.byteSize
                    if !memory.tryGrow(to: held) {
                        try spillBuckets()
                    }
                }
                // Once spilling, the rest goes to disk too: the consumers need the memory more.
                if !spilled.allSatisfy(\.isEmpty) { try spillBuckets() }
                // Bucket by bucket, each let go once coalesced: the copies never double what is held.
                var inMemory: [[RecordBatch]] = []
                for target in 0..<targets {
                    inMemory.append(Self.coalesced(buckets[target], rows: context.batchSize, schema: child.schema))
                    buckets[target] = []
                }
                try memory.reservation.resize(to: inMemory.reduce(0) { $0 + $1.reduce(0) { $0 + $1.byteSize } })
                return zip(spilled, inMemory).map { ExchangePart(spilled: $0[...], inMemory: $1[...], memory: memory.reservation) }
            }
        }
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
                scatterRows(batch, destinations: destinations, targets: targets, into: &buckets)
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
        var output: [RecordBatch] = []
        coalesced(pieces, rows: target, schema: schema) { output.append($0) }
        return output
    }

    /// `coalesced(pieces, rows:schema:)` handed to `body` one batch at a time, as each is made.
    static func coalesced(_ pieces: [RecordBatch], rows target: Int, schema: Schema, into body: (RecordBatch) throws -> Void) rethrows {
        var run: [RecordBatch] = [], runRows = 0
        func flush() throws {
            if run.count == 1 { try body(run[0]) } else if !run.isEmpty { try body(concat(run, schema: schema)) }
            run.removeAll(keepingCapacity: true)
            runRows = 0
        }
        for piece in pieces {
            if piece.rowCount >= target / 8 {
                try flush()
                try body(piece)
                continue
            }
            run.append(piece)
            runRows += piece.rowCount
            if runRows >= target { try flush() }
        }
        try flush()
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        try output(context).take(partition)
    }
}

/// The batches of one output partition in one spill file.
private struct SpillSection: Sendable {
    let file: SpillFile
    let range: Range<Int>
}

/// What one input partition sent to one output partition: sections of spill files, then batches
/// kept in memory under `memory`'s reservation, taken from the front as the consumer reads them.
private struct ExchangePart: Sendable {
    var spilled: ArraySlice<SpillSection>
    var inMemory: ArraySlice<RecordBatch>
    let memory: MemoryReservation
}

/// One execution's exchange output: each partition handed out once, and let go of when handed
/// out, so a spill file goes from disk as soon as its consumer has read it.
private final class ExchangeOutput: Sendable {
    private let partitions: Locked<[[ExchangePart]?]>

    /// The output of input partitions `sources`, each with a part per output partition.
    init(sources: [[ExchangePart]], targets: Int) {
        partitions = Locked((0..<targets).map { target in sources.map { $0[target] } })
    }

    /// Partition `partition`'s stream.
    /// - Throws: `DataFlowError` (`.internal`) when it was handed out before.
    func take(_ partition: Int) throws -> any BatchStream {
        let parts = partitions.withLock { partitions in
            defer { partitions[partition] = nil }
            return partitions[partition]
        }
        guard let parts else { throw DataFlowError.internalError("exchange partition \(partition) read twice in one execution") }
        return ExchangePartitionStream(parts[...])
    }
}

/// One output partition: each input partition's spill files read back, then its in-memory batches,
/// whose bytes are returned as they go (and the rest when the stream is dropped early, under a limit).
private final class ExchangePartitionStream: BatchStream {
    private var parts: ArraySlice<ExchangePart>
    private var current: (any BatchStream)?

    init(_ parts: ArraySlice<ExchangePart>) { self.parts = parts }

    func next() throws -> RecordBatch? {
        while true {
            if let current, let batch = try current.next() { return batch }
            current = nil
            guard let first = parts.indices.first else { return nil }
            if let section = parts[first].spilled.popFirst() {
                current = try section.file.stream(section: section.range)
            } else if let batch = parts[first].inMemory.popFirst() {
                parts[first].memory.shrink(by: batch.byteSize)
                return batch
            } else {
                parts.removeFirst()
            }
        }
    }

    deinit { for part in parts { part.memory.shrink(by: part.inMemory.reduce(0) { $0 + $1.byteSize }) } }
}
