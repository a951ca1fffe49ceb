import DataFlow

/// A query runner that also reads and writes files: locally with DataFlowIO's sources and sinks
/// (`LocalQueryRunner`), or on a cluster, whose paths and file system they are (Spark Connect).
/// `DataFrameReader` and `DataFrameWriter` hand every file read and write to the session's.
package protocol FileQueryRunner: QueryRunner {
    /// The files `paths` name (files, directories read recursively, globs), with the partition values
    /// of their directories (Hive `key=value`, or a `layout` such as `{year}/{month}/{day}`),
    /// keeping files with one of `extensions` from directories and globs.
    func dataset(_ paths: [String], extensions: [String]?, layout: String?) throws -> Dataset
    /// A DataFrame of `session` over the files of `read`.
    func read(_ read: FileRead, in session: Session) throws -> DataFrame
    /// Runs `frame`'s query and writes its rows as `write` says.
    func write(_ frame: DataFrame, _ write: FileWrite) throws -> WriteSummary
}

/// A read of files: where they are, and their format with its options.
package struct FileRead: Sendable {
    /// A format with the options of its reader.
    package enum Format: Sendable {
        case csv(CSVOptions)
        case parquet(ParquetReadOptions)
        case json(JSONOptions)
    }

    /// Files, directories or globs.
    package var paths: [String]
    /// What they hold.
    package var format: Format
}

/// A write of files: the target directory, the format with its options, and the writer's settings.
package struct FileWrite: Sendable {
    /// A format with the options of its writer.
    package enum Format: Sendable {
        case csv(CSVOptions)
        case parquet(ParquetWriteOptions)
        case json(JSONOptions)
    }

    /// The target directory.
    package var path: String
    /// What to write.
    package var format: Format
    /// What happens to an existing target.
    package var mode: SaveMode
    /// Columns whose values become Hive directories.
    package var partitionBy: [String]
    /// What an overwrite of a partitioned target replaces.
    package var partitionOverwrite: PartitionOverwriteMode
    /// The file names' prefix (`part`).
    package var namePrefix: String
}

extension SessionSettings {
    /// The settings' runner, which reads and writes files.
    /// - Throws: `DataFlowError` (`.notImplemented`) for a runner that has no file access.
    package var fileRunner: any FileQueryRunner {
        get throws {
            guard let runner = runner as? any FileQueryRunner else {
                throw DataFlowError(.notImplemented, "\(runner.name) does not read or write files")
            }
            return runner
        }
    }
}

extension Session {
    /// The runner of the session's current settings, which reads and writes files.
    /// - Throws: `DataFlowError` (`.notImplemented`) for a runner that has no file access.
    package var fileRunner: any FileQueryRunner { get throws { try settings.fileRunner } }
}
