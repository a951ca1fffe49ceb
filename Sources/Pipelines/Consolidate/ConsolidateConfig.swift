import DataFlow
import DataFlowIO
import Foundation

extension ConsolidateJob {
    /// The job's arguments, named and defaulted as the seed's Glue job arguments (`--source`,
    /// `--output`, `--file-count`, `--compression`, ...), plus the landing zone's layout and the
    /// data-quality settings. Loads from JSON or YAML with the property names as keys; absent keys
    /// take the defaults.
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The landing zone's root (`landing/chargebacks`), holding `sourceLayout` directories.
        public var source: String
        /// The consolidated table's root: each day goes to `year=YYYY/month=MM/day=DD/` below it.
        public var output: String
        /// Output files per day (the seed's `OUTPUT_FILE_COUNT`).
        public var fileCount: Int
        /// The Parquet codec of the output (the seed's `COMPRESSION_CODEC`).
        public var compression: CompressionCodec
        /// The execution's time (ISO 8601); nil means now.
        public var executionTime: String? = nil
        /// Which execution of the day this is, from 1.
        public var executionSequence: Int = 1
        /// Executions per day.
        public var totalExecutions: Int = 4
        /// Whether only `partitionDate` is consolidated (default); when false, every day present is.
        public var enablePartitionFilter: Bool = true
        /// The day to consolidate (`YYYY-MM-DD`); nil means the day before the execution time, in UTC.
        public var partitionDate: String? = nil
        /// Compute and report everything, write nothing.
        public var dryRun: Bool = false
        /// The landing zone's directory layout below `source`, with `{year}`, `{month}` and `{day}`.
        public var sourceLayout: String = "{year}/{month}/{day}"
        /// The deduplication key: rows with a null key are dropped.
        public var keyColumn: String = "chargeback_id"
        /// The version column: the latest wins.
        public var updatedAtColumn: String = "updated_at"
        /// The version column used when `updatedAtColumn` is null.
        public var eventTimestampColumn: String = "event_timestamp"
        /// Columns whose nulls are counted and checked against `maxNullRatio` (as is the key).
        public var requiredColumns: [String] = ["merchant_id", "amount", "currency", "event_timestamp"]
        /// The job fails when the key or a required column is null in more than this share of the rows.
        public var maxNullRatio: Double = 0.01
        /// The catalog table (`database.table`) the written days are registered in; nil registers nothing.
        public var catalogTable: String? = nil

        /// A configuration with the seed's required arguments; the rest take their defaults.
        public init(source: String, output: String, fileCount: Int, compression: CompressionCodec = .snappy) {
            self.source = source
            self.output = output
            self.fileCount = fileCount
            self.compression = compression
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(source: try container.decode(String.self, forKey: .source), output: try container.decode(String.self, forKey: .output),
                      fileCount: try container.decode(Int.self, forKey: .fileCount),
                      compression: try container.decodeIfPresent(CompressionCodec.self, forKey: .compression) ?? .snappy)
            executionTime = try container.decodeIfPresent(String.self, forKey: .executionTime)
            executionSequence = try container.decodeIfPresent(Int.self, forKey: .executionSequence) ?? executionSequence
            totalExecutions = try container.decodeIfPresent(Int.self, forKey: .totalExecutions) ?? totalExecutions
            enablePartitionFilter = try container.decodeIfPresent(Bool.self, forKey: .enablePartitionFilter) ?? enablePartitionFilter
            partitionDate = try container.decodeIfPresent(String.self, forKey: .partitionDate)
            dryRun = try container.decodeIfPresent(Bool.self, forKey: .dryRun) ?? dryRun
            sourceLayout = try container.decodeIfPresent(String.self, forKey: .sourceLayout) ?? sourceLayout
            keyColumn = try container.decodeIfPresent(String.self, forKey: .keyColumn) ?? keyColumn
            updatedAtColumn = try container.decodeIfPresent(String.self, forKey: .updatedAtColumn) ?? updatedAtColumn
            eventTimestampColumn = try container.decodeIfPresent(String.self, forKey: .eventTimestampColumn) ?? eventTimestampColumn
            requiredColumns = try container.decodeIfPresent([String].self, forKey: .requiredColumns) ?? requiredColumns
            maxNullRatio = try container.decodeIfPresent(Double.self, forKey: .maxNullRatio) ?? maxNullRatio
            catalogTable = try container.decodeIfPresent(String.self, forKey: .catalogTable)
        }

        /// The execution time as an instant.
        /// - Throws: `DataFlowError` (`.invalidArgument`) naming `executionTime` when it is not ISO 8601.
        func resolvedExecutionTime(now: Date = Date()) throws -> Date {
            guard let text = executionTime else { return now }
            guard let date = ISO8601DateFormatter().date(from: text) ?? ISO8601DateFormatter.fractional.date(from: text) else {
                throw DataFlowError.invalidArgument("execution-time", "'\(text)' is not an ISO 8601 time such as 2025-11-03T06:00:00Z")
            }
            return date
        }

        /// The day to consolidate: `partitionDate`, or the UTC day before `executionTime`.
        /// - Throws: `DataFlowError` (`.invalidArgument`) naming `partitionDate` when it is not `YYYY-MM-DD`.
        func resolvedPartitionDate(executionTime: Date) throws -> CalendarDate {
            guard let text = partitionDate else { return CalendarDate(utc: executionTime).adding(days: -1) }
            guard let day = CalendarDate(text) else {
                throw DataFlowError.invalidArgument("partition-date", "'\(text)' is not a date of the form YYYY-MM-DD")
            }
            return day
        }

        /// Checks the arguments that need no file system.
        /// - Throws: `DataFlowError` (`.invalidArgument`) naming the argument.
        func validate() throws {
            if let partitionDate, CalendarDate(partitionDate) == nil {
                throw DataFlowError.invalidArgument("partition-date", "'\(partitionDate)' is not a date of the form YYYY-MM-DD")
            }
            guard fileCount >= 1 else { throw DataFlowError.invalidArgument("file-count", "must be at least 1 (got \(fileCount))") }
            guard totalExecutions >= 1, (1...totalExecutions).contains(executionSequence) else {
                throw DataFlowError.invalidArgument("execution-sequence", "must be between 1 and total-executions (\(totalExecutions)); got \(executionSequence)")
            }
            guard (0...1).contains(maxNullRatio) else { throw DataFlowError.invalidArgument("max-null-ratio", "must be between 0 and 1 (got \(maxNullRatio))") }
            let keys = try Dataset.layoutKeys(sourceLayout)
            guard Set(keys) == ["year", "month", "day"], keys.count == 3 else {
                throw DataFlowError.invalidArgument("source-layout", "'\(sourceLayout)' must name {year}, {month} and {day} once each")
            }
        }
    }
}

extension ISO8601DateFormatter {
    /// ISO 8601 with fractional seconds.
    static var fractional: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
