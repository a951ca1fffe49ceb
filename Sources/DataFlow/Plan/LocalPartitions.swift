/// The rows of a local relation (`createDataFrame`, a cached DataFrame), partition by partition.
///
/// A cache keeps each partition in memory while the session's memory pool grants its bytes
/// (`MemoryPool.tryReserveCache`), and writes a partition that does not fit to a spill file, as
/// Spark's default MEMORY_AND_DISK level does. The bytes stay reserved, and the files on disk,
/// until the last plan using the cache goes.
package final class LocalPartitions: Sendable {
    enum Partition: Sendable {
        case inMemory([RecordBatch], CacheReservation?)
        case onDisk(SpillFile)
    }

    private let partitions: [Partition]
    /// Rows over every partition.
    package let rowCount: Int

    /// In-memory partitions the caller already holds (nothing is reserved: the memory is theirs).
    package init(_ partitions: [[RecordBatch]]) {
        self.partitions = (partitions.isEmpty ? [[]] : partitions).map { .inMemory($0, nil) }
        rowCount = partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } }
    }

    private init(cached: [Partition]) {
        partitions = cached.isEmpty ? [.inMemory([], nil)] : cached
        rowCount = cached.reduce(0) { total, partition in
            switch partition {
            case let .inMemory(batches, _): return total + batches.reduce(0) { $0 + $1.rowCount }
            case let .onDisk(file): return total + file.rows
            }
        }
    }

    /// Partitions.
    var count: Int { partitions.count }

    /// Partitions written to disk, and their bytes there.
    var onDisk: (partitions: Int, bytes: Int) {
        partitions.reduce((0, 0)) { total, partition in
            guard case let .onDisk(file) = partition else { return total }
            return (total.0 + 1, total.1 + file.bytes)
        }
    }

    /// Partition `index`'s batches, read from disk if it is there.
    /// - Throws: `DataFlowError` (`.io`) naming the spill file when it cannot be read.
    func stream(_ index: Int) throws -> any BatchStream {
        switch partitions[index] {
        case let .inMemory(batches, _): return BatchListStream(batches)
        case let .onDisk(file): return try file.stream()
        }
    }

    /// Every batch, partition after partition (for a plan sent elsewhere, Spark Connect's).
    /// - Throws: `DataFlowError` (`.io`) naming the spill file when one cannot be read.
    package func batches() throws -> [RecordBatch] {
        try partitions.indices.flatMap { try drain(try stream($0)) }
    }

    /// Runs `plan` in `context` and keeps what each partition produces: in memory while the
    /// pool grants it, else in a spill file of the session's spill folder.
    /// - Throws: what running the plan throws; `DataFlowError` (`.io`) when a file cannot be written.
    static func cache(_ plan: any ExecutionPlan, context: TaskContext) throws -> LocalPartitions {
        // The cache's files outlive the query, so they are listed apart from its own.
        let files = QuerySpills(directory: context.spills.directory)
        let schema = plan.schema
        let partitions = try context.runStage("Cache", partitions: plan.partitionCount) { index, task -> Partition in
            let stream = try plan.execute(partition: index, context: context)
            let reservation = CacheReservation(pool: context.memory.pool)
            var batches: [RecordBatch] = []
            var writer: SpillFileWriter?
            while let batch = try stream.next() {
                guard batch.rowCount > 0 else { continue }
                task.record(batch)
                if let writer {
                    try writer.write(batch)
                } else if reservation.tryGrow(by: batch.byteSize) {
                    batches.append(batch)
                } else {
                    // The partition does not fit: what it held and the rest go to disk.
                    let made = try SpillFileWriter(path: try files.directory.newFilePath(prefix: "cache"), schema: schema, spills: files)
                    for held in batches + [batch] { try made.write(held) }
                    batches.removeAll()
                    reservation.releaseAll()
                    writer = made
                }
            }
            return try writer.map { .onDisk(try $0.finish()) } ?? .inMemory(batches, reservation)
        }
        return LocalPartitions(cached: partitions)
    }
}

/// The bytes of one cached partition held in the session's memory pool, returned when the
/// partition goes (with its cache, or with a cache query that failed).
final class CacheReservation: Sendable {
    private let pool: MemoryPool
    private let bytes = Locked(0)

    init(pool: MemoryPool) { self.pool = pool }

    /// Reserves `more` bytes if the pool grants them to caches: whether it did.
    func tryGrow(by more: Int) -> Bool {
        guard pool.tryReserveCache(more) else { return false }
        bytes.withLock { $0 += more }
        return true
    }

    /// Returns every byte held.
    func releaseAll() { pool.releaseCache(bytes.withLock { held in defer { held = 0 }; return held }) }

    deinit { releaseAll() }
}
