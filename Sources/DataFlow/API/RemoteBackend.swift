/// Where a remote session's queries run instead of DataFlow's own operators: a cluster reached
/// through a protocol (Spark Connect, in the `DataFlowSparkConnect` module). The core builds and
/// checks plans as usual; actions hand the analyzed logical plan to the backend, which translates
/// it, runs it remotely and returns the rows. Nothing of a remote session's queries runs locally.
package protocol RemoteBackend: Sendable {
    /// A short name of the backend and its address, for messages (`Spark Connect at sc://host:15002`).
    var name: String { get }
    /// The schema of files read by the cluster: `format` ("parquet", "csv", "json") over `paths`
    /// with reader `options` (Spark's option names), inferred by the cluster unless `schema` is given.
    func schema(ofFiles read: RemoteFileRead) throws -> Schema
    /// The data files of `path` on the cluster's file system, with their sizes: the file itself,
    /// or a directory's files at any depth without `_` and `.` names (`_SUCCESS`, `.crc`), paths
    /// spelled as DataFlow spells them (a local file's without `file:`).
    /// - Throws: `DataFlowError` when `path` does not exist.
    func listFiles(_ path: String) throws -> [(path: String, size: Int)]
    /// Runs `plan` and returns its rows, with `schema` (the plan's schema as DataFlow analyzed it).
    func collect(_ plan: LogicalPlan, schema: Schema) throws -> [RecordBatch]
    /// Runs `plan` and has the cluster write its rows; the summary holds what the cluster
    /// reported of the rows, files and bytes written.
    func write(_ plan: LogicalPlan, to target: RemoteFileWrite) throws -> WriteSummary
    /// Runs `plan` now and keeps its rows on the cluster (Spark's local checkpoint), as `cache()`
    /// keeps them in memory here: queries over the returned rows read that snapshot.
    func cache(_ plan: LogicalPlan) throws -> RemoteCachedRows
    /// The plan as the backend would run it, for `explain()`.
    func explain(_ plan: LogicalPlan) throws -> String
    /// The same backend with its remote session in `timeZone`.
    func withTimeZone(_ timeZone: SessionTimeZone) throws -> any RemoteBackend
}

/// Files a remote cluster reads: a data source format, paths on the cluster's file system, and
/// the reader's options by Spark's names.
package struct RemoteFileRead: Sendable, Equatable {
    /// Spark's name of the format: "parquet", "csv" or "json".
    package var format: String
    /// Files, directories or globs.
    package var paths: [String]
    /// Reader options by Spark's names (`header`, `sep`, ...).
    package var options: [String: String]
    /// A DDL schema (`a INT, b STRING`), when the reader has one instead of inferring it.
    package var schema: String?
    /// A string column holding each row's file path, when set.
    package var fileNameColumn: String?
    /// A bigint column holding each row's 0-based position in its file, when set.
    package var rowIndexColumn: String?

    package init(format: String, paths: [String], options: [String: String], schema: String? = nil,
                 fileNameColumn: String? = nil, rowIndexColumn: String? = nil) {
        self.format = format
        self.paths = paths
        self.options = options
        self.schema = schema
        self.fileNameColumn = fileNameColumn
        self.rowIndexColumn = rowIndexColumn
    }
}

/// A remote cluster's file write: format, target directory, save mode, Hive partition columns and
/// writer options by Spark's names.
package struct RemoteFileWrite: Sendable, Equatable {
    /// Spark's name of the format: "parquet", "csv" or "json".
    package var format: String
    /// The target directory.
    package var path: String
    /// Spark's save mode: "error", "overwrite", "append" or "ignore".
    package var mode: String
    /// Columns that become Hive directories.
    package var partitionBy: [String]
    /// Writer options by Spark's names.
    package var options: [String: String]

    package init(format: String, path: String, mode: String, partitionBy: [String], options: [String: String]) {
        self.format = format
        self.path = path
        self.mode = mode
        self.partitionBy = partitionBy
        self.options = options
    }
}

/// The leaf of a remote session's plan that reads files on the cluster. It has a schema (the
/// cluster's) but no partitions here: scanning it locally is an error, never a silent local read.
package struct RemoteFileSource: DataSource {
    /// What the cluster reads.
    package let read: RemoteFileRead
    package let schema: Schema
    /// The backend the read belongs to, for messages.
    let backendName: String

    package init(read: RemoteFileRead, schema: Schema, backendName: String) {
        self.read = read
        self.schema = schema
        self.backendName = backendName
    }

    package var description: String { "\(read.format) \(read.paths.joined(separator: ", ")) on \(backendName)" }

    package func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        throw DataFlowError(.invalidArgument, "\(description) is read by the cluster; a query over it runs only in its remote session")
    }
}

/// Rows a remote cluster keeps for a cached DataFrame, by the id the cluster gave them. They are
/// released on the cluster when the last DataFrame over them is gone, as a local cache is freed.
package final class RemoteCachedRows: Sendable {
    /// The cluster's id of the rows.
    package let id: String
    private let release: @Sendable () -> Void

    /// Rows known as `id`; `release` frees them on the cluster (errors are the cluster's to clean
    /// up when the session ends).
    package init(id: String, release: @escaping @Sendable () -> Void) {
        self.id = id
        self.release = release
    }

    deinit { release() }
}

/// The leaf of a remote session's plan that reads rows its cluster keeps for a cached DataFrame.
/// Like `RemoteFileSource`, it cannot be scanned here.
package struct RemoteCachedSource: DataSource {
    /// The rows on the cluster.
    package let rows: RemoteCachedRows
    package let schema: Schema
    /// The backend the rows belong to, for messages.
    let backendName: String

    package var description: String { "cached rows \(rows.id) on \(backendName)" }

    package func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        throw DataFlowError(.invalidArgument, "\(description) are kept by the cluster; a query over them runs only in its remote session")
    }
}
