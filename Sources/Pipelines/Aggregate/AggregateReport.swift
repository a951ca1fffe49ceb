import Foundation

extension AggregateJob {
    /// What one run checked, dropped and wrote.
    public struct Report: JobReport, Codable, Equatable {
        /// The reporting time zone.
        public var timeZone: String
        /// Reservation rows read (every version).
        public var rowsRead: Int
        /// Older versions dropped (the latest updated_at of each reservation wins).
        public var versionsDropped: Int
        /// Reservations excluded because `end_ts <= start_ts` (or either is null).
        public var invalidReservations: Int
        /// Reservations aggregated.
        public var validReservations: Int
        /// The data check against the previous run.
        public var dataCheck: DataCheck
        /// Rows written per aggregation (`hourly-space`, `week-people-count`).
        public var outputRows: [String: Int]
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// The job's line (rows read, versions dropped, invalid reservations, the data check), then
        /// one line per aggregation written with its rows.
        public var metrics: [MetricsLine] {
            var job = MetricsLine(job: AggregateJob.name)
            job.append("time_zone", timeZone)
            job.append("rows_read", rowsRead)
            job.append("versions_dropped", versionsDropped)
            job.append("invalid", invalidReservations)
            job.append("data_check", dataCheck.passed ? "passed" : dataCheck.skipped ? "failed_skipped" : "failed")
            job.append("duration_seconds", durationSeconds)
            return [job] + outputRows.sorted { $0.key < $1.key }.map { aggregation, rows in
                var line = MetricsLine(job: AggregateJob.name, table: aggregation.replacingOccurrences(of: "-", with: "_"))
                line.append("rows_written", rows)
                return line
            }
        }

        /// Reservations excluded because they end before they start.
        public var rejectedRecords: Int { invalidReservations }
    }

    /// The comparison with the previous successful run (seed 003's PR #49).
    public struct DataCheck: Codable, Sendable, Equatable {
        /// Distinct company_ids now and in the previous run (nil on a first run).
        public var companies: Int, previousCompanies: Int?
        /// Reservation rows now and in the previous run.
        public var rows: Int, previousRows: Int?
        /// Company ids the previous run had and this one lacks (at most 20 listed).
        public var missingCompanies: [Int64]
        /// Whether the check passed (or there was nothing to compare with).
        public var passed: Bool
        /// Whether a failed check was overridden with `skipDataCheck`.
        public var skipped: Bool
    }
}
