import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 003's migration: Redshift UNLOAD exports (`DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES
/// PARALLEL ON`, files such as `dim_company/snapshot/dim_company_0000_part_00`, optionally gzip or
/// zstd) become a Hive-partitioned Parquet lake registered in the catalog with its partitions.
///
/// Snapshot mode replaces each table; incremental mode takes the export files not migrated before
/// and replaces only the partitions they hold (dynamic partition overwrite). Every record is
/// reconciled: rows read = rows rejected (malformed, or no partition value; listed with file and
/// record) + rows written. All tables are read and checked before any is written, so a table whose
/// rejects pass `maxRejectRatio` fails the job with nothing written.
public struct MigrateJob: PipelineJob {
    public static let name = "migrate"

    /// The settings.
    public let config: Config

    /// A job with `config`.
    public init(config: Config) { self.config = config }

    /// Hidden columns: the raw text of a malformed record and why the reader found it malformed, its
    /// file, its number, the reject reason.
    static let corruptColumn = "_dataflow_corrupt", malformedColumn = "_dataflow_malformed", fileColumn = "_dataflow_file",
               recordColumn = "_dataflow_record", reasonColumn = "_dataflow_reject"
    /// Rejects listed in the report (the rejects file has them all).
    static let reportedRejects = 20

    /// Runs the job.
    /// - Throws: `DataFlowError` for invalid settings (`loadInto` on a remote session), a missing
    ///   export directory (naming it), a table past `maxRejectRatio` (naming it, its counts and its
    ///   first reject), or read and write failures; what was written before stays consistent
    ///   (each table's write is atomic).
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        let started = ContinuousClock.now
        let logger = Logger(label: "dataflow.migrate")
        let tables = try config.selectedTables()
        try requireDirectory(config.source, argument: "source")
        if session.isRemote, config.loadInto != nil {
            throw DataFlowError.invalidArgument("loadInto", "a migration on a cluster cannot load a database of this process (the database's writes would run here); migrate in an embedded session to load one")
        }
        let session = try session.withTimeZone(config.exportTimeZone)
        return try withSpan("migrate") { span in
            span.attributes["mode"] = config.mode.rawValue
            let staged = try withSpan("read") { span in
                let staged = try tables.map { try stage($0.name, $0.table, schema: $0.schema, session: session, progress: progress) }
                span.attributes["record.count"] = staged.reduce(0) { $0 + $1.rowsRead }
                return staged
            }
            let reports = try withSpan("write") { span in
                let reports = try staged.map { try write($0, session: session, progress: progress) }
                span.attributes["record.count"] = reports.reduce(0) { $0 + $1.rowsWritten }
                return reports
            }
            let report = Report(mode: config.mode, tables: reports, durationSeconds: (ContinuousClock.now - started).seconds)
            span.attributes["record.count"] = reports.reduce(0) { $0 + $1.rowsRead }
            logger.info("\(report.summary)")
            progress?.finish()
            return report
        }
    }

    /// A table read and checked, not yet written.
    private struct StagedTable {
        var name: String
        var table: MigrateTable
        var schema: Schema
        var files: [String]
        /// Every record, with the hidden columns (nil when there were no files).
        var rows: DataFrame?
        var rowsRead = 0, rowsRejected = 0
        var rejects: [Reject] = []
        /// Why the table was skipped, when it was.
        var note: String?
    }

    /// Reads a table's export files (all of a snapshot, the new ones of an incremental run), marks
    /// rejects and checks their share.
    private func stage(_ name: String, _ table: MigrateTable, schema: Schema, session: Session, progress: JobProgress?) throws -> StagedTable {
        guard let files = try exportFiles(name) else {
            var staged = StagedTable(name: name, table: table, schema: schema, files: [])
            staged.note = "no incremental/ directory: skipped"
            return staged
        }
        var staged = StagedTable(name: name, table: table, schema: schema, files: files)
        guard !files.isEmpty else { return staged }
        var options = CSVOptions.redshiftUnload
        options.columnNameOfCorruptRecord = Self.corruptColumn
        // DataFlow's reader says why a record is malformed; Spark's CSV source has no such column.
        let explained = !session.isRemote
        options.schema = Schema(schema.fields + [Field(Self.corruptColumn, .string)] + (explained ? [Field(Self.malformedColumn, .string)] : []))
        if explained { options.columnNameOfRejectReason = Self.malformedColumn }
        options.fileNameColumn = Self.fileColumn
        options.rowIndexColumn = Self.recordColumn
        // The reader's reason names the line, the column and what was expected.
        let reason = when(col(Self.corruptColumn).isNotNull(), explained ? Expr.coalesce(col(Self.malformedColumn), lit("malformed record")) : lit("malformed record"))
            .when(col(table.partitionColumn).isNull(), lit("\(table.partitionColumn) is null"))
        let rows = try session.read.csv(files, options: options).withColumn(Self.reasonColumn, reason).cache()
        let counts = try rows.agg(Expr.count().alias("rows"), Expr.count(Self.reasonColumn).alias("rejected")).collect()
        staged.rows = rows
        staged.rowsRead = counts.first?[0].integerValue ?? 0
        staged.rowsRejected = counts.first?[1].integerValue ?? 0
        if staged.rowsRejected > 0 {
            staged.rejects = try rows.filter(col(Self.reasonColumn).isNotNull())
                .select(col(Self.fileColumn), col(Self.recordColumn), col(Self.reasonColumn))
                .orderBy(col(Self.fileColumn), col(Self.recordColumn)).limit(Self.reportedRejects).collect()
                .map { Reject(file: $0[0].formatted(), record: ($0[1].integerValue ?? 0) + 1, reason: $0[2].formatted()) }
        }
        progress?.update("read \(name)", files: files.count, rows: staged.rowsRead)
        let ratio = staged.rowsRead == 0 ? 0 : Double(staged.rowsRejected) / Double(staged.rowsRead)
        if ratio > config.maxRejectRatio, let first = staged.rejects.first {
            throw DataFlowError(.dataCheck, "table \(name): \(staged.rowsRejected) of \(staged.rowsRead) records rejected, more than max-reject-ratio \(config.maxRejectRatio); " +
                                "first: record \(first.record) (\(first.reason)); nothing was written",
                                location: ErrorLocation(path: first.file, row: first.record))
        }
        return staged
    }

    /// Writes a staged table (its rejects to `_rejects/<table>`), registers its partitions and,
    /// in incremental mode, records the files taken.
    private func write(_ staged: StagedTable, session: Session, progress: JobProgress?) throws -> TableReport {
        var report = TableReport(table: staged.name, files: staged.files.count, rowsRead: staged.rowsRead, rowsRejected: staged.rowsRejected,
                                 rowsWritten: 0, partitions: [], rejects: staged.rejects, rejectsFile: nil, rowsLoaded: nil, note: staged.note)
        guard let rows = staged.rows else { return report }
        let location = config.output + "/" + staged.name
        let partitionColumn = staged.table.partitionColumn
        // Rows of one partition value go to one task, so each partition directory gets one file.
        let good = try rows.filter(col(Self.reasonColumn).isNull()).select(staged.schema.names.map(col))
            .repartition(session.shufflePartitions, by: [partitionColumn])
        if config.mode == .incremental {
            report.replacedPartitions = try replacedPartitions(good, location: location, column: partitionColumn, session: session)
        }
        var writer = good.write.mode(.overwrite).partitionBy(partitionColumn)
        if config.mode == .incremental { writer = writer.partitionOverwriteMode(.dynamic) }
        let summary = try writer.parquet(location, options: ParquetWriteOptions(compression: config.compression))
        report.rowsWritten = summary.rows
        report.partitions = Set(summary.files.map { ($0 as NSString).deletingLastPathComponent }).sorted()
        guard report.rowsRead == report.rowsRejected + report.rowsWritten else {
            throw DataFlowError.internalError("table \(staged.name): \(report.rowsRead) records read but \(report.rowsRejected) rejected and \(report.rowsWritten) written")
        }
        if staged.rowsRejected > 0 {
            report.rejectsFile = "_rejects/" + staged.name
            try rows.filter(col(Self.reasonColumn).isNotNull())
                .select(col(Self.fileColumn).alias("file"), (col(Self.recordColumn) + lit(1)).alias("record"),
                        col(Self.reasonColumn).alias("reason"), col(Self.corruptColumn).alias("raw"))
                .coalesce(1).write.mode(.overwrite).jsonl(config.output + "/_rejects/" + staged.name)
        }
        let fields = staged.schema.fields.filter { $0.name != partitionColumn } + staged.schema.fields.filter { $0.name == partitionColumn }
        try Catalog(warehouse: session.warehouse).registerPartitions(config.database + "." + staged.name, location: location, format: .parquet,
                                                                      schema: Schema(fields), partitionColumns: [partitionColumn],
                                                                      partitions: report.partitions, replacing: config.mode == .snapshot,
                                                                      properties: ["writer": "dataflow migrate"])
        if let target = config.loadInto {
            report.rowsLoaded = try load(staged, partitions: report.partitions, into: try Warehouse(target, argument: "loadInto"), session: session)
        }
        if config.mode == .incremental {
            var state = try MigrateState.load(output: config.output, table: staged.name, source: config.source)
            for file in staged.files { try state.insert(file, source: config.source) }
            try state.save(output: config.output, table: staged.name)
        }
        progress?.update("wrote \(staged.name)", rows: report.rowsWritten)
        return report
    }

    /// The partitions an incremental write replaces: for each partition value of `rows` that the
    /// lake at `location` holds already, its rows there now and its rows after the write.
    private func replacedPartitions(_ rows: DataFrame, location: String, column: String, session: Session) throws -> [PartitionChange] {
        guard try StoredFiles.exists(location) else { return [] }
        let incoming = try rows.groupBy(column).agg(Expr.count().alias("rows")).collect()
        guard !incoming.isEmpty else { return [] }
        let existing = try session.read.parquet(location).filter(col(column).isin(incoming.map { lit($0[0]) }))
            .groupBy(column).agg(Expr.count().alias("rows")).collect()
        let before = Dictionary(existing.map { ($0[0].formatted(), $0[1].integerValue ?? 0) }) { first, _ in first }
        return incoming.compactMap { row in
            let value = row[0].formatted()
            return before[value].map { PartitionChange(partition: "\(column)=\(value)", rowsBefore: $0, rowsAfter: row[1].integerValue ?? 0) }
        }.sorted { $0.partition < $1.partition }
    }

    /// Loads the table from the lake into `warehouse` (seed 003's Postgres migration, through the
    /// same sinks): a snapshot replaces the table, an incremental run the partitions it wrote.
    /// - Returns: the rows loaded.
    private func load(_ staged: StagedTable, partitions: [String], into warehouse: Warehouse, session: Session) throws -> Int {
        let column = staged.table.partitionColumn
        let type = staged.schema.fields.first { $0.name == column }?.type ?? .string
        let values = try partitions.map { partition -> Scalar in
            let text = String(partition.drop { $0 != "=" }.dropFirst())
            guard let value = Self.partitionValue(text, type) else {
                throw DataFlowError(.schema, "partition '\(partition)' does not hold a \(type) value", location: ErrorLocation(column: column))
            }
            return value
        }
        var lake = try session.read.parquet(config.output + "/" + staged.name)
        if config.mode == .incremental { lake = try lake.filter(col(column).isin(values.map(lit))) }
        let rows = try lake.select(staged.schema.fields.map { col($0.name).cast($0.type).alias($0.name) })
        let table = warehouse.table(staged.name, schema: config.loadSchema)
        if let schema = config.loadSchema { try warehouse.createSchemas([schema]) }
        let summary = config.mode == .snapshot ? try warehouse.replace(table, with: rows) : try warehouse.replaceRows(table, with: rows, where: column, in: values)
        return summary.rows
    }

    /// A partition directory's value as a value of the column's type.
    static func partitionValue(_ text: String, _ type: DataType) -> Scalar? {
        switch type {
        case .date: return CalendarDate(text).map { .date(Int32($0.daysSinceEpoch)) }
        case .int32: return Int32(text).map(Scalar.int32)
        case .int64: return Int64(text).map(Scalar.int64)
        case .string: return .string(text)
        default: return nil
        }
    }

    /// The export files of `table` to read: every file of `<source>/<table>/snapshot/`, or the files
    /// of `<source>/<table>/incremental/` not migrated as they are now; nil when an incremental run
    /// finds no `incremental/` directory (the table has had no changes exported).
    /// - Throws: `DataFlowError` (`.io`) naming the directory when a snapshot's does not exist.
    private func exportFiles(_ table: String) throws -> [String]? {
        let directory = config.source + "/" + table + "/" + config.mode.rawValue
        guard try StoredFiles.exists(directory) else {
            if config.mode == .incremental { return nil }
            throw DataFlowError(.io, "no \(config.mode.rawValue) export of table \(table): the directory does not exist", location: ErrorLocation(path: directory))
        }
        let files = try Dataset.discover([directory]).files.map(\.path)
        guard config.mode == .incremental else { return files }
        let state = try MigrateState.load(output: config.output, table: table, source: config.source)
        return try files.filter { try !state.contains($0, source: config.source) }
    }
}
