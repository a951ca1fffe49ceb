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
/// output partition, when they do not (and, once it spilled, what is left at the end too). A
/// range partitioning passes over the input twice: it first keeps each input partition the same
/// way while sampling its keys for the boundaries.
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
        let child = self.child
        let partitioning = self.partitioning
        if case let .range(orders, _) = partitioning {
            return try rangePartition(orders: orders, targets: targets, context: context)
        }
        return try context.runStage(displayName, partitions: child.partitionCount) { source, task in
            var rotation = source % targets
            var hashes: [UInt64] = []
            return try distribute(try child.execute(partition: source, context: context), targets: targets, task: task, context: context) { batch, buckets in
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
                    throw DataFlowError.internalError("range partitioning runs in two passes of its own")
                }
            }
        }
    }

    /// Sends each batch of `input` (one input partition) to `targets` buckets with `route`, and
    /// returns what each bucket received. The buckets stay in memory while they fit half this
    /// partition's share of the budget (the consumers need the rest); past it they are written to
    /// one spill file, a section per bucket, and once spilling, what is left at the end goes to
    /// disk too.
    private func distribute(_ input: any BatchStream, targets: Int, task: StageTask, context: TaskContext,
                            route: (RecordBatch, inout [[RecordBatch]]) throws -> Void) throws -> [ExchangePart] {
        try timed(context) {
            let schema = child.schema
            let memory = context.spillableMemory(for: self, name: "Exchange", fraction: 0.5)
            var buckets = [[RecordBatch]](repeating: [], count: targets)
            var spilled = [[SpillSection]](repeating: [], count: targets)
            var held = 0
            /// Writes the buckets to one file, a section per output partition, emptying each
            /// as it is written: the copies coalescing makes exist one batch at a time.
            func spillBuckets() throws {
                guard buckets.contains(where: { !$0.isEmpty }) else { return }
                let (file, ranges) = try context.spill(sections: targets, schema: schema, by: self, name: "exchange") { target, write in
                    try Self.coalesced(buckets[target], rows: context.batchSize, schema: schema, into: write)
                    buckets[target].removeAll()
                }
                for target in 0..<targets where !ranges[target].isEmpty {
                    spilled[target].append(SpillSection(file: file, range: ranges[target]))
                }
                memory.releaseAll()
                held = 0
            }
            while let batch = try input.next() {
                guard batch.rowCount > 0 else { continue }
                task.record(batch)
                try route(batch, &buckets)
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
                inMemory.append(Self.coalesced(buckets[target], rows: context.batchSize, schema: schema))
                buckets[target] = []
            }
            try memory.reservation.resize(to: inMemory.reduce(0) { $0 + $1.reduce(0) { $0 + $1.byteSize } })
            return zip(spilled, inMemory).map { ExchangePart(spilled: $0[...], inMemory: $1[...], memory: memory.reservation) }
        }
    }

    /// Range partitioning in two passes over the input, as Spark's: the first keeps each input
    /// partition (spilling it as any exchange's buckets) while sampling its sort keys; the samples
    /// give `targets - 1` boundaries; the second sends each kept row to the first partition whose
    /// boundary it does not sort after.
    private func rangePartition(orders: [SortOrder], targets: Int, context: TaskContext) throws -> [[ExchangePart]] {
        let child = self.child
        // About a thousand sampled rows per output partition in all (DataFusion and Spark sample
        // less; a finer sample evens the partitions at the cost of a few key columns).
        let capacity = (1000 * targets + child.partitionCount - 1) / max(1, child.partitionCount)
        var kept = try context.runStage(displayName, partitions: child.partitionCount) { source, task in
            var sample = RangeKeySample(orders: orders, capacity: capacity)
            let part = try distribute(try child.execute(partition: source, context: context), targets: 1, task: task, context: context) { batch, buckets in
                try sample.add(batch)
                buckets[0].append(batch)
            }
            return (part: part[0], sample: sample)
        }
        let bounds = timed(context) { RangePartitionBounds(samples: kept.map(\.sample), orders: orders, targets: targets) }
        // Each kept partition handed to its task once, so its batches go as they are sent on.
        let parts = Locked(kept.map { Optional($0.part) })
        kept = []
        return try context.runStage("\(displayName) by sampled bounds", partitions: child.partitionCount) { source, task in
            let part = parts.withLock { parts in
                defer { parts[source] = nil }
                return parts[source]
            }
            guard let part else { throw DataFlowError.internalError("exchange input partition \(source) sent twice") }
            return try distribute(ExchangePartitionStream([part][...]), targets: targets, task: task, context: context) { batch, buckets in
                scatterRows(batch, destinations: try bounds.destinations(of: batch), targets: targets, into: &buckets)
            }
        }
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

    /// The rows and bytes of this execution's output (materialized first if it was not), or nil
    /// when some of it went to disk.
    func inMemorySize(context: TaskContext) throws -> (rows: Int, bytes: Int)? {
        try output(context).inMemorySize
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

    /// The rows and bytes of the partitions not yet handed out, or nil when some are on disk.
    var inMemorySize: (rows: Int, bytes: Int)? {
        partitions.withLock { partitions in
            var rows = 0, bytes = 0
            for case let parts? in partitions {
                for part in parts {
                    guard part.spilled.isEmpty else { return nil }
                    for batch in part.inMemory {
                        rows += batch.rowCount
                        bytes += batch.byteSize
                    }
                }
            }
            return (rows, bytes)
        }
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
