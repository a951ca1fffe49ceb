import Foundation

extension ConsolidateJob {
    /// What one execution of `consolidate` read, checked, removed and wrote. Encoded as the JSON
    /// report written under the output's `_reports/`.
    public struct Report: JobReport, Codable, Equatable {
        /// The days consolidated (`YYYY-MM-DD`).
        public var partitionDates: [String]
        /// The execution's time (ISO 8601, UTC).
        public var executionTime: String
        /// Which execution of the day this was.
        public var executionSequence: Int
        /// Executions per day.
        public var totalExecutions: Int
        /// Landing files read.
        public var sourceFiles: Int
        /// Rows read (the seed's `records_processed`).
        public var recordsProcessed: Int
        /// Nulls per checked column (the key and the required columns).
        public var nullCounts: [String: Int]
        /// Rows dropped because their key was null.
        public var nullKeyRowsDropped: Int
        /// Rows removed as older versions of a key (`duplicates_removed`).
        public var duplicatesRemoved: Int
        /// Rows in the consolidated output (one per key).
        public var recordsWritten: Int
        /// The files written, relative to the output (none in a dry run).
        public var files: [String]
        /// The output's Parquet codec.
        public var compression: String
        /// Whether nothing was written.
        public var dryRun: Bool
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// Output files written (`output_files`).
        public var outputFiles: Int { files.count }

        /// The seed's metrics after the job and status: `records_processed`, `duplicates_removed`,
        /// `output_files`, `duration_seconds`, then the days and the rows dropped for a null key.
        public var metrics: [MetricsLine] {
            var line = MetricsLine(job: ConsolidateJob.name, status: dryRun ? "dry_run" : "succeeded")
            line.append("records_processed", recordsProcessed)
            line.append("duplicates_removed", duplicatesRemoved)
            line.append("output_files", outputFiles)
            line.append("duration_seconds", durationSeconds)
            line.append("partition_dates", partitionDates.joined(separator: " "))
            line.append("null_key_rows_dropped", nullKeyRowsDropped)
            return [line]
        }

        /// Rows dropped because their key was null.
        public var rejectedRecords: Int { nullKeyRowsDropped }
    }
}
