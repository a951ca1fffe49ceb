import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 003's two aggregations, finished: `hourly-space` (per space and wall-clock hour of the
/// reporting time zone) and `week-people-count` (per company and week from Monday), over the
/// reservations `migrate` put in the lake.
///
/// Each reservation's latest version wins (greatest `updated_at`; ties: the later row in input
/// order); one with `end_ts <= start_ts` is counted and left out. Both aggregations are range
/// joins of reservations against generated calendar buckets (`start < bucket_end AND end >
/// bucket_start`), computed in instants, so the machine's time zone never matters. Before
/// anything runs, the input must hold at least 95% of the previous successful run's distinct
/// company_ids and rows; otherwise the job fails, names what is missing, and writes nothing.
public struct AggregateJob: PipelineJob {
    public static let name = "aggregate"

    /// The settings.
    public let config: Config

    /// A job with `config`.
    public init(config: Config) { self.config = config }

    static let fileColumn = "_dataflow_file", rowColumn = "_dataflow_row"

    /// Runs the job.
    /// - Throws: `DataFlowError` for an unknown time zone, missing input tables or columns, a
    ///   failed data check (naming the missing companies and counts), or read and write failures.
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        let started = ContinuousClock.now
        let logger = Logger(label: "dataflow.aggregate")
        let zoned = try session.withTimeZone(config.timeZone)
        return try withSpan("aggregate") { span in
            span.attributes["time.zone"] = config.timeZone
            let reservations = try readReservations(zoned)
            let check = try withSpan("data-check") { _ in try dataCheck(reservations, logger: logger) }
            progress?.update("checked", rows: check.rows)

            let newestFirst = Window.partitionBy("reservation_id").orderBy(col("updated_at").desc(), col(Self.fileColumn).desc(), col(Self.rowColumn).desc())
            let latest = try reservations.withColumn("_dataflow_rank", Expr.rowNumber().over(newestFirst))
                .filter(col("_dataflow_rank") == 1).drop("_dataflow_rank", Self.fileColumn, Self.rowColumn)
            let isValid = col("start_ts").isNotNull() && col("end_ts").isNotNull() && col("end_ts") > col("start_ts")
            let valid = try latest.filter(isValid).cache()
            let latestCount = try latest.count(), validCount = try valid.count()
            progress?.update("deduplicated", rows: validCount)

            // The catalog must take every output before the first file is written.
            let catalog = Catalog(warehouse: zoned.warehouse)
            for aggregation in config.aggregations {
                try catalog.checkCanRegisterPartitions(config.database + "." + aggregation.tableName, location: config.output + "/" + aggregation.tableName,
                                                       partitionColumns: [aggregation.partitionColumn])
            }
            var outputRows: [String: Int] = [:]
            let bounds = try valid.agg(Expr.min("start_ts").alias("first"), Expr.max("end_ts").alias("last")).collect().first
            let first = bounds.flatMap { if case let .timestamp(value) = $0[0] { value } else { nil } }
            let last = bounds.flatMap { if case let .timestamp(value) = $0[1] { value } else { nil } }
            for aggregation in config.aggregations {
                let result: DataFrame
                switch aggregation {
                case .hourlySpace: result = try hourlySpace(valid, session: zoned, from: first ?? 0, to: last ?? 0)
                case .weekPeopleCount: result = try weekPeopleCount(valid, session: zoned, from: first ?? 0, to: last ?? 0)
                }
                outputRows[aggregation.rawValue] = try withSpan(aggregation.rawValue) { span in
                    let rows = try write(result, aggregation: aggregation, partitionColumn: aggregation.partitionColumn, session: zoned)
                    span.attributes["record.count"] = rows
                    return rows
                }
                progress?.update("wrote \(aggregation.rawValue)")
            }
            try AggregateState(companyIds: check.companyIds, rows: check.rows, completedAt: ISO8601DateFormatter().string(from: Date())).save(config.output)
            let report = Report(timeZone: config.timeZone, rowsRead: check.rows, versionsDropped: check.rows - latestCount,
                                invalidReservations: latestCount - validCount, validReservations: validCount, dataCheck: check.report,
                                outputRows: outputRows, durationSeconds: (ContinuousClock.now - started).seconds)
            span.attributes["record.count"] = report.rowsRead
            logger.info("\(report.summary)")
            progress?.finish()
            return report
        }
    }

    /// `fact_reservation` of the input database, with each row's file and position (the input
    /// order that breaks ties between versions).
    /// - Throws: `DataFlowError` when the table is not registered or lacks a column the job reads.
    private func readReservations(_ session: Session) throws -> DataFrame {
        let table = try Catalog(warehouse: session.warehouse).table(config.inputDatabase + ".fact_reservation")
        var options = ParquetReadOptions()
        options.fileNameColumn = Self.fileColumn
        options.rowIndexColumn = Self.rowColumn
        let reservations = try session.read.parquet(table.location, options: options)
        let needed = ["reservation_id", "company_id", "space_id", "person_id", "start_ts", "end_ts", "people_count", "updated_at"]
        if let missing = needed.first(where: { !reservations.columns.contains($0) }) {
            throw DataFlowError(.schema, "fact_reservation has no column '\(missing)' (columns: \(reservations.columns.joined(separator: ", ")))",
                                location: ErrorLocation(path: table.location, column: missing))
        }
        return try reservations.select((needed + [Self.fileColumn, Self.rowColumn]).map(col)).cache()
    }

    /// The input's distinct company_ids and rows, compared with the previous successful run's.
    private struct CheckedInput {
        var companyIds: [Int64]
        var rows: Int
        var report: DataCheck
    }

    /// Seed 003's PR #49: the distinct company_ids and the rows must each reach `minimumShare` of
    /// the previous successful run's.
    /// - Throws: `DataFlowError` (`.execution`) naming the shortfall and the missing companies,
    ///   unless `skipDataCheck` (then a warning is logged).
    private func dataCheck(_ reservations: DataFrame, logger: Logger) throws -> CheckedInput {
        let companyIds = try reservations.select("company_id").distinct().collect().compactMap { row -> Int64? in
            row[0].integerValue.map(Int64.init)
        }.sorted()
        let rows = try reservations.count()
        let previous = try AggregateState.load(config.output)
        let missing = previous.map { Set($0.companyIds).subtracting(companyIds).sorted() } ?? []
        var check = DataCheck(companies: companyIds.count, previousCompanies: previous?.companyIds.count, rows: rows, previousRows: previous?.rows,
                              missingCompanies: Array(missing.prefix(20)), passed: true, skipped: false)
        if let previous {
            check.passed = Double(companyIds.count) >= config.minimumShare * Double(previous.companyIds.count)
                && Double(rows) >= config.minimumShare * Double(previous.rows)
        }
        if !check.passed {
            let message = "data check failed: \(companyIds.count) distinct company_ids (previous run \(previous?.companyIds.count ?? 0)) and \(rows) rows " +
                "(previous run \(previous?.rows ?? 0)); each must be at least \(Int(config.minimumShare * 100))% of the previous run's" +
                (missing.isEmpty ? "" : "; missing company_ids: \(missing.prefix(20).map(String.init).joined(separator: ", "))\(missing.count > 20 ? ", ... (\(missing.count) in all)" : "")")
            guard config.skipDataCheck else {
                throw DataFlowError(.dataCheck, message + "; nothing was written (skip-data-check overrides)", location: ErrorLocation(path: AggregateState.path(config.output)))
            }
            logger.warning("\(message); going on because skip-data-check is set")
            check.skipped = true
        }
        return CheckedInput(companyIds: companyIds, rows: rows, report: check)
    }

    /// Per space and wall-clock hour that a valid reservation overlaps: `space_id`, `hour_start`,
    /// `reservations`, `people`, `occupied_seconds` (the overlaps' total), and the hour's local `date`.
    func hourlySpace(_ valid: DataFrame, session: Session, from: Int64, to: Int64) throws -> DataFrame {
        let hours = try buckets(CalendarBuckets.hours(from: from, to: to, zone: session.timeZone).map { ($0.start, $0.end, nil) },
                                names: ("hour_start", "hour_end", nil), session: session)
        let overlapStart = when(col("start_ts") > col("hour_start"), col("start_ts")).otherwise(col("hour_start"))
        let overlapEnd = when(col("end_ts") < col("hour_end"), col("end_ts")).otherwise(col("hour_end"))
        return try valid.join(hours, on: col("start_ts") < col("hour_end") && col("end_ts") > col("hour_start"))
            .groupBy("space_id", "hour_start")
            .agg(Expr.count().alias("reservations"), Expr.sum("people_count").alias("people"),
                 Expr.sum(Expr.unixMicros(overlapEnd) - Expr.unixMicros(overlapStart)).alias("occupied_micros"))
            .select(col("space_id"), col("hour_start"), col("reservations"), col("people"),
                    (col("occupied_micros").cast(.float64) / lit(1_000_000.0)).alias("occupied_seconds"),
                    Expr.toDate(col("hour_start")).alias("date"))
    }

    /// Per company and week (Monday 00:00 local time) that a valid reservation overlaps:
    /// `company_id`, `week_start` (the Monday), `people` (distinct person_id), `reservations`.
    func weekPeopleCount(_ valid: DataFrame, session: Session, from: Int64, to: Int64) throws -> DataFrame {
        let weeks = try buckets(CalendarBuckets.weeks(from: from, to: to, zone: session.timeZone).map { ($0.start, $0.end, $0.monday) },
                                names: ("week_start_ts", "week_end_ts", "week_start"), session: session)
        return try valid.join(weeks, on: col("start_ts") < col("week_end_ts") && col("end_ts") > col("week_start_ts"))
            .groupBy("company_id", "week_start")
            .agg(Expr.countDistinct("person_id").alias("people"), Expr.count().alias("reservations"))
            .select("company_id", "people", "reservations", "week_start")
    }

    /// The buckets as a DataFrame of two timestamps (and the day, when named).
    private func buckets(_ rows: [(start: Int64, end: Int64, day: CalendarDate?)], names: (String, String, String?), session: Session) throws -> DataFrame {
        var starts = ColumnBuilder(type: .timestamp, capacity: rows.count), ends = ColumnBuilder(type: .timestamp, capacity: rows.count)
        var days = ColumnBuilder(type: .date, capacity: rows.count)
        for row in rows {
            starts.appendFixed(row.start)
            ends.appendFixed(row.end)
            days.appendFixed(Int32(row.day?.daysSinceEpoch ?? 0))
        }
        var fields = [Field(names.0, .timestamp, nullable: false), Field(names.1, .timestamp, nullable: false)]
        var columns = [starts.finish(), ends.finish()]
        if let day = names.2 {
            fields.append(Field(day, .date, nullable: false))
            columns.append(days.finish())
        }
        return try session.createDataFrame(columns: columns, schema: Schema(fields))
    }

    /// Writes one aggregation as Parquet partitioned by `partitionColumn` (and as CSV when asked),
    /// replacing the previous output, and registers it in the catalog.
    /// - Returns: the rows written.
    private func write(_ result: DataFrame, aggregation: Aggregation, partitionColumn: String, session: Session) throws -> Int {
        let location = config.output + "/" + aggregation.tableName
        let summary = try result.write.mode(.overwrite).partitionBy(partitionColumn)
            .parquet(location, options: ParquetWriteOptions(compression: config.compression))
        if config.csv {
            // Wall-clock hours repeat when clocks fall back: the offset tells the two apart.
            var options = CSVOptions.rfc4180
            options.timestampFormat = "yyyy-MM-dd'T'HH:mm:ssXXX"
            try result.coalesce(1).write.mode(.overwrite).csv(config.output + "/csv/" + aggregation.tableName, options: options)
        }
        let partitions = Set(summary.files.map { ($0 as NSString).deletingLastPathComponent })
        try Catalog(warehouse: session.warehouse).registerPartitions(config.database + "." + aggregation.tableName, location: location, format: .parquet,
                                                                      schema: result.schema, partitionColumns: [partitionColumn],
                                                                      partitions: partitions.sorted(), replacing: true,
                                                                      properties: ["writer": "dataflow aggregate", "time_zone": config.timeZone])
        return summary.rows
    }
}
