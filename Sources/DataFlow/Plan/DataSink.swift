/// Where a DataFrame's rows go when written: files in DataFlowIO, database tables. A write runs the
/// plan's partitions concurrently; each partition's rows go through one `PartitionWriter`, and the
/// sink commits once every partition has succeeded (or aborts, leaving earlier output untouched).
public protocol DataSink: Sendable {
    /// Prepares a write of rows with `schema` split into `partitionCount` partitions.
    /// - Throws: when the target cannot be written (it exists in `error` mode, say).
    func begin(schema: Schema, partitionCount: Int) throws -> any SinkWriteJob
}

/// One write in progress.
public protocol SinkWriteJob: Sendable {
    /// A writer for partition `partition`; called once per partition, possibly concurrently.
    func writer(partition: Int) throws -> any PartitionWriter
    /// Makes the written partitions visible, atomically where the sink can; called once, after every
    /// partition writer has finished without error.
    func commit(_ results: [PartitionWriteResult]) throws
    /// Discards everything written; called when any partition failed.
    func abort()
}

/// Writes the batches of one partition.
public protocol PartitionWriter: AnyObject {
    /// Writes one batch.
    func write(_ batch: RecordBatch) throws
    /// Finishes the partition (flushes and closes files) and says what it wrote.
    func finish() throws -> PartitionWriteResult
}

/// What one partition writer produced.
public struct PartitionWriteResult: Sendable {
    /// Rows written.
    public var rows: Int
    /// Paths of the files written (relative to the job's staging location), if any.
    public var files: [String]
    /// Bytes written.
    public var bytes: Int

    /// Creates a result.
    public init(rows: Int, files: [String] = [], bytes: Int = 0) {
        self.rows = rows
        self.files = files
        self.bytes = bytes
    }
}

/// The outcome of a committed write.
public struct WriteSummary: Sendable {
    /// Rows written.
    public var rows: Int
    /// Files written, relative to the target directory (`k=a/part-00000-....parquet`); empty
    /// for database tables.
    public var files: [String]
    /// Bytes written.
    public var bytes: Int

    /// Creates a summary.
    public init(rows: Int, files: [String], bytes: Int) {
        self.rows = rows
        self.files = files
        self.bytes = bytes
    }
}

extension DataFrame {
    /// Runs the query and writes its rows into `sink`: partitions run concurrently, each through its
    /// own writer; the sink commits when all succeed, and aborts (and rethrows) when any fails.
    /// On a remote session the cluster runs the query and its rows come here, where the sink (a
    /// database this process writes) takes them as one partition.
    /// - Throws: the first error of any partition, or of the commit.
    public func write(to sink: any DataSink) throws -> WriteSummary { try settings.runner.write(self, to: sink) }
}

extension SinkWriteJob {
    /// Commits the job with the results `write` returns, or aborts it (and rethrows) when writing
    /// or committing fails.
    package func commit(_ write: () throws -> [PartitionWriteResult]) throws -> WriteSummary {
        do {
            let results = try write()
            try commit(results)
            return WriteSummary(rows: results.reduce(0) { $0 + $1.rows }, files: results.flatMap(\.files), bytes: results.reduce(0) { $0 + $1.bytes })
        } catch {
            abort()
            throw error
        }
    }
}
