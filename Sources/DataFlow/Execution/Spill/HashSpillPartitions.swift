/// Rows an operator could not keep in its hash table, written to `fanOut` spill files by the hash
/// of their keys, so that each file can later be processed alone with all the rows of its keys:
/// the partitions of a hash aggregation, a dedup or a grace hash join that outgrew memory.
///
/// Level `n` takes its bucket from bits `59 - 5n ..< 64 - 5n` of the key hash: the top bits, which
/// an exchange's `hash % partitions` leaves evenly spread, and different bits at each level, so a
/// partition still too large is split again by recursing one level down. Each bucket keeps its
/// rows in input order.
final class HashSpillPartitions {
    /// Buckets per level.
    static let fanOut = 32
    /// The deepest level (the hash has bits for this many splits).
    static let maxLevel = 11

    let level: Int
    private let schema: Schema
    private let keys: [any PhysicalExpr]
    private let context: TaskContext
    private let plan: any ExecutionPlan
    private let name: String
    private var writers: [SpillFileWriter?]
    /// Rows waiting to be written, per bucket: each batch's share of a bucket is small, so rows
    /// gather into batches of about `batchRows` before they go to disk.
    private var pending: [[RecordBatch]]
    private var pendingRows: [Int]
    private let batchRows: Int
    private var hashes: [UInt64] = []

    /// Partitions of rows of `schema` by `keys` at `level`, written for `plan` (its metrics count them).
    init(schema: Schema, keys: [any PhysicalExpr], level: Int, context: TaskContext, plan: any ExecutionPlan, name: String) {
        self.schema = schema
        self.keys = keys
        self.level = level
        self.context = context
        self.plan = plan
        self.name = name
        writers = Array(repeating: nil, count: Self.fanOut)
        pending = Array(repeating: [], count: Self.fanOut)
        pendingRows = Array(repeating: 0, count: Self.fanOut)
        batchRows = context.batchSize
    }

    /// The bucket of each row of `batch`, by its keys.
    private func buckets(of batch: RecordBatch) throws -> [Int32] {
        Hashing.hashRows(try keys.map { try $0.evaluateColumn(batch) }, count: batch.rowCount, into: &hashes)
        let shift = UInt64(59 - 5 * level)
        return hashes.map { Int32(truncatingIfNeeded: ($0 >> shift) & UInt64(Self.fanOut - 1)) }
    }

    /// Appends every row of `batch` to its bucket.
    func add(_ batch: RecordBatch) throws {
        var pieces = [[RecordBatch]](repeating: [], count: Self.fanOut)
        scatterRows(batch, destinations: try buckets(of: batch), targets: Self.fanOut, into: &pieces)
        for (bucket, piece) in pieces.enumerated() where !piece.isEmpty {
            pending[bucket] += piece
            pendingRows[bucket] += piece.reduce(0) { $0 + $1.rowCount }
            if pendingRows[bucket] >= batchRows { try flush(bucket) }
        }
    }

    /// Writes bucket `bucket`'s waiting rows as one batch.
    private func flush(_ bucket: Int) throws {
        guard !pending[bucket].isEmpty else { return }
        try writer(bucket).write(concat(pending[bucket], schema: schema))
        pending[bucket].removeAll()
        pendingRows[bucket] = 0
    }

    /// The buckets' files, nil for buckets that got no rows.
    func finish() throws -> [SpillFile?] {
        for bucket in 0..<Self.fanOut { try flush(bucket) }
        return try writers.map { writer in try writer.map { try context.finishSpill($0, by: plan) } }
    }

    /// The buckets' files, each turned into a stream by `process`, one after another in bucket order.
    func finish(processingEach process: @escaping (any BatchStream) throws -> any BatchStream) throws -> any BatchStream {
        let files = try finish().compactMap { $0 }
        return ChainedStream(partitions: Array(files.indices)) { try process(try files[$0].stream()) }
    }

    private func writer(_ bucket: Int) throws -> SpillFileWriter {
        if let writer = writers[bucket] { return writer }
        let writer = try context.spillWriter(schema: schema, name: "\(name)-l\(level)b\(bucket)")
        writers[bucket] = writer
        return writer
    }
}
