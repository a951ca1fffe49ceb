import DataFlow

/// Files a remote cluster reads: a data source format, paths on the cluster's file system, and
/// the reader's options by Spark's names.
struct RemoteFileRead: Sendable, Equatable {
    /// Spark's name of the format: "parquet", "csv" or "json".
    var format: String
    /// Files, directories or globs.
    var paths: [String]
    /// Reader options by Spark's names (`header`, `sep`, ...).
    var options: [String: String]
    /// A DDL schema (`a INT, b STRING`), when the reader has one instead of inferring it.
    var schema: String?
    /// A string column holding each row's file path, when set.
    var fileNameColumn: String?
    /// A bigint column holding each row's 0-based position in its file, when set.
    var rowIndexColumn: String?

    init(format: String, paths: [String], options: [String: String], schema: String? = nil,
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
struct RemoteFileWrite: Sendable, Equatable {
    /// Spark's name of the format: "parquet", "csv" or "json".
    var format: String
    /// The target directory.
    var path: String
    /// Spark's save mode: "error", "overwrite", "append" or "ignore".
    var mode: String
    /// Columns that become Hive directories.
    var partitionBy: [String]
    /// Writer options by Spark's names.
    var options: [String: String]

    init(format: String, path: String, mode: String, partitionBy: [String], options: [String: String]) {
        self.format = format
        self.path = path
        self.mode = mode
        self.partitionBy = partitionBy
        self.options = options
    }
}

/// The leaf of a remote session's plan that reads files on the cluster. It has a schema (the
/// cluster's) but no partitions here: scanning it locally is an error, never a silent local read.
struct RemoteFileSource: DataSource {
    /// What the cluster reads.
    let read: RemoteFileRead
    let schema: Schema
    /// The backend the read belongs to, for messages.
    let backendName: String

    init(read: RemoteFileRead, schema: Schema, backendName: String) {
        self.read = read
        self.schema = schema
        self.backendName = backendName
    }

    var description: String { "\(read.format) \(read.paths.joined(separator: ", ")) on \(backendName)" }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        throw DataFlowError(.invalidArgument, "\(description) is read by the cluster; a query over it runs only in its remote session")
    }
}

/// Rows a remote cluster keeps for a cached DataFrame, by the id the cluster gave them. They are
/// released on the cluster when the last DataFrame over them is gone, as a local cache is freed.
final class RemoteCachedRows: Sendable {
    /// The cluster's id of the rows.
    let id: String
    private let release: @Sendable () -> Void

    /// Rows known as `id`; `release` frees them on the cluster (errors are the cluster's to clean
    /// up when the session ends).
    init(id: String, release: @escaping @Sendable () -> Void) {
        self.id = id
        self.release = release
    }

    deinit { release() }
}

/// The leaf of a remote session's plan that reads rows its cluster keeps for a cached DataFrame.
/// Like `RemoteFileSource`, it cannot be scanned here.
struct RemoteCachedSource: DataSource {
    /// The rows on the cluster.
    let rows: RemoteCachedRows
    let schema: Schema
    /// The backend the rows belong to, for messages.
    let backendName: String

    var description: String { "cached rows \(rows.id) on \(backendName)" }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        throw DataFlowError(.invalidArgument, "\(description) are kept by the cluster; a query over them runs only in its remote session")
    }
}
