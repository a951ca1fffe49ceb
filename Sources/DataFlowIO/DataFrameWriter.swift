import DataFlow

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
        try write(path, format: .csv(options))
    }

    /// Writes Parquet files (one per partition of the DataFrame and Hive directory) into the
    /// directory `path`: flat schemas of every DataFlow type, nullable columns with definition
    /// levels, dictionary or PLAIN pages, statistics, and the options' codec.
    /// - Throws: `DataFlowError` for an existing target (per the save mode), untyped null columns, or I/O failures.
    @discardableResult
    public func parquet(_ path: String, options: ParquetWriteOptions = ParquetWriteOptions()) throws -> WriteSummary {
        try write(path, format: .parquet(options))
    }

    /// Writes JSON lines files (one per partition of the DataFrame and Hive directory) into the
    /// directory `path`.
    @discardableResult
    public func jsonl(_ path: String, options: JSONOptions = JSONOptions()) throws -> WriteSummary {
        try write(path, format: .json(options))
    }

    /// Hands the write to the session's runner.
    private func write(_ path: String, format: FileWrite.Format) throws -> WriteSummary {
        try frame.settings.fileRunner.write(frame, FileWrite(path: path, format: format, mode: saveMode, partitionBy: partitionColumns,
                                                            partitionOverwrite: partitionOverwrite, namePrefix: namePrefix))
    }
}
