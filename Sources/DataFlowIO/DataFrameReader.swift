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
        guard let remote = session.remote else { return try Dataset.discover(paths, extensions: extensions, layout: layout) }
        return try Dataset.discover(paths, extensions: extensions, layout: layout, listing: remote.listFiles)
    }

    /// CSV files, directories or globs.
    public func csv(_ paths: [String], options: CSVOptions = CSVOptions()) throws -> DataFrame {
        if session.isRemote {
            return try remote("csv", paths, options: try SparkFileOptions.read(options), schema: options.schema, layout: options.partitionLayout,
                              fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn)
        }
        let dataset = try Dataset.discover(paths, layout: options.partitionLayout)
        return session.read(try CSVSource(dataset: dataset, options: options, timeZone: session.timeZone))
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
        if session.isRemote {
            let frame = try remote("parquet", paths, options: SparkFileOptions.read(options), schema: nil, layout: options.partitionLayout,
                                   extensions: ["parquet"], fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn)
            return try options.columns.map { try frame.select($0.map(col)) } ?? frame
        }
        let dataset = try Dataset.discover(paths, extensions: ["parquet"], layout: options.partitionLayout)
        return session.read(try ParquetSource(dataset: dataset, options: options))
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
        if session.isRemote {
            return try remote("json", paths, options: try SparkFileOptions.read(options), schema: options.schema, layout: options.partitionLayout)
        }
        let dataset = try Dataset.discover(paths, layout: options.partitionLayout)
        return session.read(try JSONSource(dataset: dataset, options: options, timeZone: session.timeZone))
    }
}

extension DataFrame {
    /// Writes this DataFrame to files: `df.write.mode(.overwrite).csv("out/")`, `df.write.jsonl("out/")`.
    public var write: DataFrameWriter { DataFrameWriter(frame: self) }
}

/// The entry point of file writes. Writes are atomic: the files appear only when every task has
/// succeeded, with a `_SUCCESS` marker; a failed write leaves the previous output untouched. On a
/// remote session the cluster runs the query and writes the files, with Spark's commit protocol.
public struct DataFrameWriter: Sendable {
    package let frame: DataFrame
    package var saveMode: SaveMode = .error
    var partitionColumns: [String] = []
    var partitionOverwrite: PartitionOverwriteMode = .static
    var namePrefix = "part"

    /// The same writer with `mode` for an existing target (default `.error`).
    public func mode(_ mode: SaveMode) -> DataFrameWriter {
        var writer = self
        writer.saveMode = mode
        return writer
    }

    /// The same writer with `mode` deciding what `overwrite` replaces in a `partitionBy` output:
    /// everything (`.static`, the default) or only the partitions written (`.dynamic`), as Spark's
    /// `partitionOverwriteMode`.
    public func partitionOverwriteMode(_ mode: PartitionOverwriteMode) -> DataFrameWriter {
        var writer = self
        writer.partitionOverwrite = mode
        return writer
    }

    /// The same writer naming its files `<prefix>-<task>-<job id>.<extension>` instead of
    /// `part-...` (a job's run, say, so that the files tell which execution wrote them).
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an empty prefix or one holding `/`, or
    ///   starting with `.` or `_` (names readers skip).
    public func fileNamePrefix(_ prefix: String) throws -> DataFrameWriter {
        guard !prefix.isEmpty, !prefix.contains("/"), !prefix.hasPrefix("."), !prefix.hasPrefix("_") else {
            throw DataFlowError.invalidArgument("fileNamePrefix", "'\(prefix)' cannot start a file name: it must be non-empty, hold no '/' and not start with '.' or '_'")
        }
        var writer = self
        writer.namePrefix = prefix
        return writer
    }

    /// The same writer putting rows into Hive directories by the values of `columns`.
    public func partitionBy(_ columns: String...) -> DataFrameWriter {
        partitionBy(columns)
    }

    /// Partitions the output by the values of `columns` (an array form of `partitionBy(_:)`).
    public func partitionBy(_ columns: [String]) -> DataFrameWriter {
        var writer = self
        writer.partitionColumns = columns
        return writer
    }

    /// Writes CSV files (one per partition of the DataFrame and Hive directory) into the directory `path`.
    @discardableResult
    public func csv(_ path: String, options: CSVOptions = CSVOptions()) throws -> WriteSummary {
        if frame.session.isRemote { return try remote("csv", path, options: try SparkFileOptions.write(options)) }
        return try write(path, format: CSVFormat(options: options, timeZone: frame.session.timeZone))
    }

    /// Writes Parquet files (one per partition of the DataFrame and Hive directory) into the
    /// directory `path`: flat schemas of every DataFlow type, nullable columns with definition
    /// levels, dictionary or PLAIN pages, statistics, and the options' codec.
    /// - Throws: `DataFlowError` for an existing target (per the save mode), untyped null columns, or I/O failures.
    @discardableResult
    public func parquet(_ path: String, options: ParquetWriteOptions = ParquetWriteOptions()) throws -> WriteSummary {
        if frame.session.isRemote { return try remote("parquet", path, options: SparkFileOptions.write(options)) }
        return try write(path, format: ParquetFormat(options: options))
    }

    /// Writes JSON lines files (one per partition of the DataFrame and Hive directory) into the
    /// directory `path`.
    @discardableResult
    public func jsonl(_ path: String, options: JSONOptions = JSONOptions()) throws -> WriteSummary {
        if frame.session.isRemote { return try remote("json", path, options: SparkFileOptions.write(options)) }
        return try write(path, format: JSONFormat(options: options, timeZone: frame.session.timeZone))
    }

    func write(_ path: String, format: any OutputFileFormat) throws -> WriteSummary {
        if saveMode == .ignore && FileWriteJob.existsWithContent(path) { return WriteSummary(rows: 0, files: [], bytes: 0) }
        return try frame.write(to: FileSink(path: path, mode: saveMode, format: format, partitionBy: partitionColumns,
                                              partitionOverwrite: partitionOverwrite, namePrefix: namePrefix))
    }
}
