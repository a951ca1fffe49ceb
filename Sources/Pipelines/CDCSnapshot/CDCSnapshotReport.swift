import Foundation

extension CDCSnapshotJob {
    /// What one snapshot run read and committed.
    public struct Report: JobReport, Codable, Equatable {
        /// The snapshot table (`database.table_snapshot`).
        public var table: String
        /// The run date (`YYYY-MM-DD`).
        public var runDate: String
        /// The version committed.
        public var version: Int
        /// Where the version's files are.
        public var location: String
        /// The previous snapshot's version used as the base, if any.
        public var baseVersion: Int?
        /// Full-load files read (only when rebuilding).
        public var fullLoadFiles: Int
        /// Change files read.
        public var changeFiles: Int
        /// DMS rows read.
        public var rowsRead: Int
        /// Inserts among them (full-load rows included).
        public var inserts: Int
        /// Updates among them.
        public var updates: Int
        /// Deletes among them.
        public var deletes: Int
        /// Rows in the snapshot.
        public var snapshotRows: Int
        /// Files written.
        public var files: Int
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// The snapshot's line: run date, version, DMS rows by operation, snapshot rows, files.
        public var metrics: [MetricsLine] {
            var line = MetricsLine(job: CDCSnapshotJob.name, table: table)
            line.append("run_date", runDate)
            line.append("version", version)
            line.append("rows_read", rowsRead)
            line.append("inserts", inserts)
            line.append("updates", updates)
            line.append("deletes", deletes)
            line.append("snapshot_rows", snapshotRows)
            line.append("files", files)
            line.append("duration_seconds", durationSeconds)
            return [line]
        }

        /// None: a row that does not fit the schema fails the run.
        public var rejectedRecords: Int { 0 }
    }
}
