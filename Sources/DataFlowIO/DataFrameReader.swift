import DataFlow

extension Session {
    /// Reads files into DataFrames: `session.read.csv("exports/", options: .redshiftUnload)`,
    /// `session.read.jsonl("events/")`.
    public var read: DataFrameReader { DataFrameReader(session: self) }
}

/// The entry point of file reads (CSV, Parquet, JSON lines). On a remote session the cluster
/// reads the files (paths are the cluster's) and tells their schema.
public struct DataFrameReader: Sendable {
    /// The session the DataFrames belong to.
    public let session: Session

    /// CSV files, directories (read recursively) or globs, in `options`' dialect.
    /// - Throws: `DataFlowError` for missing paths, an invalid dialect, or a schema that cannot be found.
    public func csv(_ paths: String..., options: CSVOptions = CSVOptions()) throws -> DataFrame {
        try csv(paths, options: options)
    }

    /// The files a read of `paths` (files, directories read recursively, globs) finds, with the
    /// partition values of their directories (Hive `key=value`, or a `layout` such as
    /// `{year}/{month}/{day}`), keeping files with one of `extensions` from directories and globs:
    /// listed here, or on the cluster in a remote session.
    /// - Throws: `DataFlowError` (`.io`) for a path that does not exist or a file outside the layout.
    public func dataset(_ paths: [String], extensions: [String]? = nil, layout: String? = nil) throws -> Dataset {
        try session.fileRunner.dataset(paths, extensions: extensions, layout: layout)
    }

    /// CSV files, directories or globs.
    public func csv(_ paths: [String], options: CSVOptions = CSVOptions()) throws -> DataFrame {
        try session.fileRunner.read(FileRead(paths: paths, format: .csv(options)), in: session)
    }

    /// Parquet files, directories (read recursively, `.parquet` files) or globs; Hive partition
    /// directories become columns.
    /// - Throws: `DataFlowError` for missing paths, files that are not Parquet, or requested columns
    ///   that are nested or of unsupported types (`.notImplemented`).
    public func parquet(_ paths: String..., options: ParquetReadOptions = ParquetReadOptions()) throws -> DataFrame {
        try parquet(paths, options: options)
    }

    /// Parquet files, directories or globs.
    public func parquet(_ paths: [String], options: ParquetReadOptions = ParquetReadOptions()) throws -> DataFrame {
        try session.fileRunner.read(FileRead(paths: paths, format: .parquet(options)), in: session)
    }

    /// JSON lines files (one object per line; `.gz` and `.zst` by extension), directories (read
    /// recursively, with Hive partition columns) or globs.
    /// - Throws: `DataFlowError` for missing paths, invalid options, or (in fail-fast mode) a
    ///   malformed line met while inferring the schema.
    public func jsonl(_ paths: String..., options: JSONOptions = JSONOptions()) throws -> DataFrame {
        try jsonl(paths, options: options)
    }

    /// JSON lines files, directories or globs.
    public func jsonl(_ paths: [String], options: JSONOptions = JSONOptions()) throws -> DataFrame {
        try session.fileRunner.read(FileRead(paths: paths, format: .json(options)), in: session)
    }
}
