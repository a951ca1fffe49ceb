import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 002's Glue job: consolidates a day of small landing-zone Parquet files
/// (`landing/chargebacks/YYYY/MM/DD/*.parquet`) into exactly `fileCount` files of
/// `consolidated/chargebacks/year=YYYY/month=MM/day=DD/`, after checking nulls and keeping the
/// latest version of each chargeback.
///
/// Each execution reads everything the day holds so far and atomically replaces that day's output
/// (the other days stay as they are), so reruns are idempotent. The latest version of a key is the
/// one with the greatest `updated_at`, or `event_timestamp` where `updated_at` is null; ties go to
/// the later file (by path), then the later row in it.
public struct ConsolidateJob: PipelineJob {
    public static let name = "consolidate"

    /// The arguments.
    public let config: Config

    /// A job with `config`.
    public init(config: Config) { self.config = config }

    /// The hidden columns that carry each row's file and position for the tie-breaks.
    static let fileColumn = "_dataflow_file", rowColumn = "_dataflow_row"

    /// Runs the job.
    /// - Parameters:
    ///   - session: the session to run in (its warehouse holds the catalog).
    ///   - progress: the terminal progress line, if any.
    /// - Throws: `DataFlowError` for invalid arguments, a missing partition (naming its path),
    ///   missing columns, nulls past `maxNullRatio`, or read and write failures; a failed run
    ///   leaves the previous output as it was.
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        try config.validate()
        // A local landing zone must exist (on a cluster the paths are the cluster's to check).
        if !session.isRemote { try requireDirectory(config.source, argument: "source") }
        let started = ContinuousClock.now
        let executionTime = try config.resolvedExecutionTime()
        let logger = Logger(label: "dataflow.consolidate")
        return try withSpan("consolidate") { span in
            let dataset = try session.read.dataset([config.source], extensions: ["parquet"], layout: config.sourceLayout)
            let days = try daysToConsolidate(dataset, executionTime: executionTime)
            span.attributes["partition.dates"] = days.map(\.description).joined(separator: ",")
            let sourceFiles = try dataset.files(matching: days.count == 1 ? dayFilters(days[0]) : []).count
            progress?.update("reading", files: sourceFiles)
            logger.debug("consolidating", metadata: ["days": "\(days)", "files": "\(sourceFiles)"])

            let input = try read(session, days: days)
            let quality = try withSpan("quality") { span in
                let quality = try check(input)
                span.attributes["record.count"] = quality.records
                return quality
            }
            progress?.update("checked", rows: quality.records)
            let latest = try latestVersions(input)
            var files: [String] = [], written = 0
            if !config.dryRun {
                try withSpan("write") { span in
                    let prefix = fileNamePrefix(executionTime)
                    for day in days {
                        let rows = days.count == 1 ? latest : try latest.filter(dayCondition(day))
                        let writer = try rows.drop("year", "month", "day").repartition(config.fileCount).write.mode(.overwrite)
                        // Spark names the files it writes itself.
                        let named = session.isRemote ? writer : try writer.fileNamePrefix(prefix)
                        let summary = try named.parquet(config.output + "/" + partitionPath(day), options: ParquetWriteOptions(compression: config.compression))
                        files += summary.files.map { partitionPath(day) + "/" + $0 }
                        written += summary.rows
                        progress?.update("wrote \(day)")
                    }
                    span.attributes["record.count"] = written
                    span.attributes["file.count"] = files.count
                }
                try register(session, schema: latest.schema, days: days)
            } else {
                written = try latest.count()
            }
            let report = Report(partitionDates: days.map(\.description), executionTime: ISO8601DateFormatter().string(from: executionTime),
                                executionSequence: config.executionSequence, totalExecutions: config.totalExecutions, sourceFiles: sourceFiles,
                                recordsProcessed: quality.records, nullCounts: quality.nullCounts, nullKeyRowsDropped: quality.nullKeys,
                                duplicatesRemoved: quality.records - quality.nullKeys - written, recordsWritten: written,
                                files: files.sorted(), compression: config.compression.rawValue, dryRun: config.dryRun,
                                durationSeconds: (ContinuousClock.now - started).seconds)
            if !config.dryRun { try writeReport(report, days: days) }
            span.attributes["record.count"] = report.recordsProcessed
            span.attributes["duplicates.removed"] = report.duplicatesRemoved
            logger.info("\(report.summary)")
            progress?.finish()
            return report
        }
    }

    /// The partition date alone, or (without the partition filter) every day the landing zone holds.
    /// - Throws: `DataFlowError` (`.io`) naming the day's directory when it holds no Parquet files.
    private func daysToConsolidate(_ dataset: Dataset, executionTime: Date) throws -> [CalendarDate] {
        if config.enablePartitionFilter {
            let day = try config.resolvedPartitionDate(executionTime: executionTime)
            guard !(try dataset.files(matching: dayFilters(day))).isEmpty else {
                throw DataFlowError(.io, "no data for partition \(day): no Parquet files under \(sourceDirectory(day))", location: ErrorLocation(path: sourceDirectory(day)))
            }
            return [day]
        }
        let positions = try ["year", "month", "day"].map { try dataset.partitionSchema.index(of: $0) }
        let days = Set(dataset.partitionValues.compactMap { values -> CalendarDate? in
            let parts = positions.map { values[$0].integerValue }
            guard let year = parts[0], let month = parts[1], let day = parts[2] else { return nil }
            return CalendarDate(String(format: "%04d-%02d-%02d", year, month, day))
        })
        guard !days.isEmpty else {
            throw DataFlowError(.io, "no Parquet files in the layout \(config.sourceLayout) under \(config.source)", location: ErrorLocation(path: config.source))
        }
        return days.sorted()
    }

    /// The landing rows of `days`, with each row's file and position, read once and cached.
    private func read(_ session: Session, days: [CalendarDate]) throws -> DataFrame {
        var options = ParquetReadOptions(partitionLayout: config.sourceLayout)
        options.fileNameColumn = Self.fileColumn
        options.rowIndexColumn = Self.rowColumn
        var input = try session.read.parquet(config.source, options: options)
        if days.count == 1 { input = try input.filter(dayCondition(days[0])) }
        for column in [config.keyColumn, config.updatedAtColumn, config.eventTimestampColumn] + config.requiredColumns
        where !input.columns.contains(column) {
            throw DataFlowError(.schema, "the landing files have no column '\(column)' (columns: \(input.columns.joined(separator: ", ")))",
                                location: ErrorLocation(path: config.source, column: column))
        }
        return try input.cache()
    }

    /// Null counts of the checked columns and the row count, in one pass (the distinct keys are the
    /// rows the deduplication keeps, so they need no pass of their own).
    /// - Throws: `DataFlowError` (`.dataCheck`) naming the column when its nulls pass `maxNullRatio`.
    private func check(_ input: DataFrame) throws -> Quality {
        let checked = [config.keyColumn] + config.requiredColumns.filter { $0 != config.keyColumn }
        let row = try input.agg([Expr.count().alias("rows")] +
                                checked.enumerated().map { Expr.count($1).alias("present_\($0)") }).collect()
        let records = row.first?[0].integerValue ?? 0
        let nullCounts = Dictionary(uniqueKeysWithValues: checked.enumerated().map { index, column in
            (column, records - (row.first?[1 + index].integerValue ?? 0))
        })
        for column in checked where records > 0 {
            let ratio = Double(nullCounts[column] ?? 0) / Double(records)
            if ratio > config.maxNullRatio {
                throw DataFlowError(.dataCheck, "\(nullCounts[column] ?? 0) of \(records) rows (\(String(format: "%.2f", ratio * 100))%) have a null '\(column)', more than max-null-ratio \(config.maxNullRatio)",
                                    location: ErrorLocation(path: config.source, column: column))
            }
        }
        return Quality(records: records, nullCounts: nullCounts, nullKeys: nullCounts[config.keyColumn] ?? 0)
    }

    /// One row per non-null key: the latest version, by (updated_at or else event_timestamp,
    /// file, row), without the hidden columns.
    func latestVersions(_ input: DataFrame) throws -> DataFrame {
        let version = coalesce(col(config.updatedAtColumn), col(config.eventTimestampColumn))
        let newestFirst = Window.partitionBy(config.keyColumn).orderBy(version.desc(), col(Self.fileColumn).desc(), col(Self.rowColumn).desc())
        return try input.filter(col(config.keyColumn).isNotNull())
            .withColumn("_dataflow_rank", Expr.rowNumber().over(newestFirst))
            .filter(col("_dataflow_rank") == 1)
            .drop("_dataflow_rank", Self.fileColumn, Self.rowColumn)
    }

    /// Registers the written days in the catalog table, when one is configured.
    private func register(_ session: Session, schema: Schema, days: [CalendarDate]) throws {
        guard let table = config.catalogTable else { return }
        let partitions = days.map(partitionPath)
        let fields = schema.fields.filter { !["year", "month", "day"].contains($0.name) } + ["year", "month", "day"].map { Field($0, .int32) }
        try Catalog(warehouse: session.warehouse).registerPartitions(table, location: config.output, format: .parquet, schema: Schema(fields),
                                                                      partitionColumns: ["year", "month", "day"], partitions: partitions,
                                                                      properties: ["writer": "dataflow consolidate"])
    }

    /// Writes the JSON report to `<output>/_reports/`, replacing a previous run's of the same execution.
    private func writeReport(_ report: Report, days: [CalendarDate]) throws {
        let name = "consolidate-\(days.count == 1 ? days[0].description : "all")-exec\(config.executionSequence)of\(config.totalExecutions).json"
        try JSONFiles.write(report, to: config.output + "/_reports/" + name, what: "the job report")
    }

    /// `exec<sequence>of<total>-<yyyyMMdd'T'HHmmss'Z'>`: the start of every output file's name.
    private func fileNamePrefix(_ executionTime: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "exec\(config.executionSequence)of\(config.totalExecutions)-" + formatter.string(from: executionTime)
    }

    private func dayFilters(_ day: CalendarDate) -> [PushedFilter] {
        [("year", day.year), ("month", day.month), ("day", day.day)].map { PushedFilter.compare(column: $0.0, op: .equal, value: .int64(Int64($0.1))) }
    }

    private func dayCondition(_ day: CalendarDate) -> Expr {
        col("year") == lit(day.year) && col("month") == lit(day.month) && col("day") == lit(day.day)
    }

    private func sourceDirectory(_ day: CalendarDate) -> String {
        config.source + "/" + config.sourceLayout
            .replacingOccurrences(of: "{year}", with: String(format: "%04d", day.year))
            .replacingOccurrences(of: "{month}", with: String(format: "%02d", day.month))
            .replacingOccurrences(of: "{day}", with: String(format: "%02d", day.day))
    }

    /// `year=YYYY/month=MM/day=DD`: the day's directory below the output.
    private func partitionPath(_ day: CalendarDate) -> String {
        String(format: "year=%04d/month=%02d/day=%02d", day.year, day.month, day.day)
    }

    /// The counts of the data-quality pass.
    private struct Quality {
        var records: Int
        var nullCounts: [String: Int]
        var nullKeys: Int
    }
}
