import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 001's snapshot generator: merges the Parquet files AWS DMS exports for a table (a full
/// load, then change files carrying `Op` and `cdc_timestamp`) into a snapshot of the table as of
/// the run date, registered in the catalog as `<database>.<table>_snapshot`.
///
/// The latest version of each primary key wins by (`cdc_timestamp`, file order, row order), so
/// changes with equal timestamps keep DMS's order; keys whose latest change is a delete (`D`)
/// disappear. The previous snapshot (the latest version committed for an earlier run date) is the
/// base, and only the change files after its run date are read; without one, or on the CDC start
/// date, the snapshot is rebuilt from the full load, whose rows count as the first version of
/// their key whatever their timestamp. Columns are cast to the configured schema strictly.
public struct CDCSnapshotJob: PipelineJob {
    public static let name = "cdc-snapshot"

    /// The run's settings.
    public let config: Config

    /// A job with `config`.
    public init(config: Config) { self.config = config }

    /// DMS's operation column and the change timestamp column (`timestampColumnName`).
    static let opColumn = "Op", timestampColumn = "cdc_timestamp"
    /// The hidden columns ordering versions: source (base, full load, change), file, row.
    static let sourceColumn = "_dataflow_source", fileColumn = "_dataflow_file", rowColumn = "_dataflow_row"

    /// Runs the job.
    /// - Parameters:
    ///   - session: the session to run in (its warehouse holds the catalog and the snapshots).
    ///   - progress: the terminal progress line, if any.
    /// - Throws: `DataFlowError` for a run date before the CDC start date, no files, a file
    ///   missing a column, a value that does not cast (naming file, row and column), or read and
    ///   write failures; a failed run leaves the catalog pointing at the previous snapshot.
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        let started = ContinuousClock.now
        let logger = Logger(label: "dataflow.cdc-snapshot")
        let source = config.source
        let schema = try source.enforcedSchema(table: config.table)
        guard config.runDate >= source.cdcStartDate else {
            throw DataFlowError.invalidArgument("run-date", "\(config.runDate) is before the table's cdc_start_date \(source.cdcStartDate)")
        }
        if config.partitioned && source.partitionDate == nil {
            throw DataFlowError.invalidArgument("partitioned", "table '\(config.table)' has no partition_date column configured")
        }
        let catalog = Catalog(warehouse: session.warehouse)
        return try withSpan("cdc-snapshot") { span in
            span.attributes["table"] = config.table
            span.attributes["run.date"] = config.runDate.description
            let existing = try catalog.lookup(TableName(config.snapshotTable))
            let base = config.runDate == source.cdcStartDate ? nil : previousVersion(existing)
            let files = try DMSFiles(path: source.path)
            let baseDate = base.flatMap { $0.properties["run_date"].flatMap(CalendarDate.init) }
            let changeFiles = files.changes.filter { file in
                file.day <= config.runDate && (baseDate.map { file.day > $0 } ?? (file.day >= source.cdcStartDate))
            }.map(\.path)
            let fullLoad = base == nil ? files.fullLoad : []
            guard base != nil || !(fullLoad + changeFiles).isEmpty else {
                throw DataFlowError(.io, "no DMS files up to \(config.runDate) and no previous snapshot", location: ErrorLocation(path: source.path))
            }
            progress?.update("listing", files: fullLoad.count + changeFiles.count)
            logger.debug("snapshot inputs", metadata: ["base": "\(base?.number ?? 0)", "full-load": "\(fullLoad.count)", "changes": "\(changeFiles.count)"])

            var versions: [DataFrame] = []
            if let base { versions.append(try baseRows(session, base: base, schema: schema)) }
            var operations = Operations()
            if !(fullLoad + changeFiles).isEmpty {
                let changes = try withSpan("read") { span in
                    let changes = try changeRows(session, files: fullLoad + changeFiles, changeFiles: Set(changeFiles), schema: schema)
                    operations = try count(changes)
                    span.attributes["record.count"] = operations.rows
                    return changes
                }
                versions.append(changes)
                progress?.update("read", rows: operations.rows)
            }
            let snapshot = try latest(versions.dropFirst().reduce(versions[0]) { try $0.union($1) }, schema: schema)
            let number = (existing?.version ?? 0) + 1
            let location = catalog.defaultLocation(try TableName(config.snapshotTable)) + String(format: "/v%04d", number)
            let summary = try withSpan("write") { span in
                var writer = snapshot.write.mode(.overwrite)
                if config.partitioned, let column = source.partitionDate {
                    // Rows of one date go to one task, so each date's directory gets one file.
                    writer = try snapshot.repartition(session.shufflePartitions, by: [column]).write.mode(.overwrite).partitionBy(column)
                }
                let summary = try writer.parquet(location)
                span.attributes["record.count"] = summary.rows
                return summary
            }
            progress?.update("wrote v\(number)", rows: summary.rows)
            let partitionColumns = config.partitioned ? source.partitionDate.map { [$0] } ?? [] : []
            let partitions = Set(summary.files.compactMap { file -> String? in
                let directory = (file as NSString).deletingLastPathComponent
                return directory.isEmpty ? nil : directory
            })
            let table = try catalog.commitVersion(config.snapshotTable, location: location, format: .parquet,
                                                  schema: Schema(schema.fields.filter { !partitionColumns.contains($0.name) } + schema.fields.filter { partitionColumns.contains($0.name) }),
                                                  partitionColumns: partitionColumns, partitions: Array(partitions),
                                                  properties: ["run_date": config.runDate.description, "writer": "dataflow cdc-snapshot"])
            let report = Report(table: config.snapshotTable, runDate: config.runDate.description, version: table.version, location: location,
                                baseVersion: base?.number, fullLoadFiles: fullLoad.count, changeFiles: changeFiles.count,
                                rowsRead: operations.rows, inserts: operations.inserts, updates: operations.updates, deletes: operations.deletes,
                                snapshotRows: summary.rows, files: summary.files.count, durationSeconds: (ContinuousClock.now - started).seconds)
            span.attributes["record.count"] = report.snapshotRows
            logger.info("\(report.summary)")
            progress?.finish()
            return report
        }
    }

    /// The latest version committed for a run date before this run's.
    private func previousVersion(_ table: CatalogTable?) -> CatalogTableVersion? {
        table?.versions.filter { version in
            version.properties["run_date"].flatMap(CalendarDate.init).map { $0 < config.runDate } ?? false
        }.max { ($0.properties["run_date"] ?? "", $0.number) < ($1.properties["run_date"] ?? "", $1.number) }
    }

    /// The previous snapshot's rows, ranked below every change.
    private func baseRows(_ session: Session, base: CatalogTableVersion, schema: Schema) throws -> DataFrame {
        var options = ParquetReadOptions()
        options.mergeSchema = true
        let previous = try session.read.parquet(base.location, options: options)
        return try previous.select(schema.fields.map { col($0.name).cast($0.type).alias($0.name) } + [
            lit(Scalar.null).cast(.string).alias(Self.opColumn), lit(Scalar.null).cast(.timestamp).alias(Self.timestampColumn),
            lit(0).alias(Self.sourceColumn), lit("").alias(Self.fileColumn), lit(Scalar.int64(0)).alias(Self.rowColumn),
        ])
    }

    /// The rows of the DMS files, cast to `schema`, with their operation, timestamp, source rank
    /// (1 for the full load, 2 for changes), file and row; read once and cached.
    /// - Throws: `DataFlowError` (`.schema`) naming the file and column when a file lacks a
    ///   configured column (or a change file lacks `Op` or `cdc_timestamp`), or naming the file,
    ///   row and column of the first value that does not cast.
    private func changeRows(_ session: Session, files: [String], changeFiles: Set<String>, schema: Schema) throws -> DataFrame {
        for file in files {
            let columns = Set(try session.read.parquet(file).columns)
            let required = schema.names + (changeFiles.contains(file) ? [Self.opColumn, Self.timestampColumn] : [])
            if let missing = required.first(where: { !columns.contains($0) }) {
                throw DataFlowError(.schema, "the DMS file has no column '\(missing)' (columns: \(columns.sorted().joined(separator: ", ")))",
                                    location: ErrorLocation(path: file, column: missing))
            }
        }
        var options = ParquetReadOptions()
        options.mergeSchema = true
        options.fileNameColumn = Self.fileColumn
        options.rowIndexColumn = Self.rowColumn
        let raw = try session.read.parquet(files, options: options).cache()
        try checkCasts(raw, schema: schema)
        let optional: (String, DataType) -> Expr = { name, type in
            raw.columns.contains(name) ? col(name).cast(type).alias(name) : lit(Scalar.null).cast(type).alias(name)
        }
        let fullLoad = changeFiles.isEmpty ? lit(true) : !col(Self.fileColumn).isin(changeFiles.sorted().map { lit($0) })
        return try raw.select(schema.fields.map { col($0.name).cast($0.type).alias($0.name) } + [
            optional(Self.opColumn, .string), optional(Self.timestampColumn, .timestamp),
            when(fullLoad, lit(1)).otherwise(lit(2)).alias(Self.sourceColumn), col(Self.fileColumn), col(Self.rowColumn),
        ]).cache()
    }

    /// Fails on the first value of a column whose file type differs from the schema's that does
    /// not cast, naming its file, row (1-based) and column.
    private func checkCasts(_ raw: DataFrame, schema: Schema) throws {
        let converted = schema.fields.filter { field in raw.schema.fields.first { $0.name == field.name }?.type != field.type }
        guard !converted.isEmpty else { return }
        let failures = converted.map { col($0.name).isNotNull() && col($0.name).cast($0.type).isNull() }
        let failed = try raw.filter(failures.dropFirst().reduce(failures[0]) { $0 || $1 })
            .select([col(Self.fileColumn), col(Self.rowColumn)] + converted.map { col($0.name).cast(.string).alias($0.name) })
            .orderBy(col(Self.fileColumn), col(Self.rowColumn)).limit(1).collect()
        guard let row = failed.first else { return }
        let file = row[0].formatted(), line = (row[1].integerValue ?? 0) + 1
        for (index, field) in converted.enumerated() {
            let value = row[2 + index]
            guard !value.isNull else { continue }
            let cast = try raw.session.createDataFrame(rows: [[value]], schema: Schema([Field("v", .string)])).select(col("v").cast(field.type)).collect()
            if cast.first?[0].isNull ?? false {
                throw DataFlowError(.schema, "value '\(value.formatted())' of column '\(field.name)' at row \(line) does not cast to \(field.type)",
                                    location: ErrorLocation(path: file, column: field.name, row: line))
            }
        }
    }

    /// Counts of rows and operations among the DMS rows (full-load rows count as inserts).
    private func count(_ changes: DataFrame) throws -> Operations {
        let rows = try changes.groupBy(coalesce(col(Self.opColumn), lit("I")).alias("op")).agg(Expr.count().alias("n")).collect()
        var operations = Operations()
        for row in rows {
            let count = row[1].integerValue ?? 0
            operations.rows += count
            switch row[0].formatted() {
            case "I": operations.inserts += count
            case "U": operations.updates += count
            case "D": operations.deletes += count
            default: break
            }
        }
        return operations
    }

    /// The snapshot: per primary key, the version ranked last by (source, timestamp, file, row),
    /// unless it is a delete; the schema's columns only.
    func latest(_ versions: DataFrame, schema: Schema) throws -> DataFrame {
        let newestFirst = Window.partitionBy(config.source.primaryKeys.map(col))
            .orderBy(col(Self.sourceColumn).desc(), col(Self.timestampColumn).desc(), col(Self.fileColumn).desc(), col(Self.rowColumn).desc())
        return try versions.withColumn("_dataflow_rank", Expr.rowNumber().over(newestFirst))
            .filter(col("_dataflow_rank") == 1 && (col(Self.opColumn).isNull() || col(Self.opColumn) != "D"))
            .select(schema.names.map(col))
    }

    /// Row and operation counts of the DMS rows read.
    private struct Operations {
        var rows = 0, inserts = 0, updates = 0, deletes = 0
    }
}
