import Foundation

extension CDCSnapshotJob {
    /// What one snapshot run read and committed.
    public struct Report: Codable, Sendable, Equatable {
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

        /// One line for logs and terminals.
        public var summaryLine: String {
            "SNAPSHOT: table=\(table), run_date=\(runDate), version=\(version), rows_read=\(rowsRead), inserts=\(inserts), updates=\(updates), " +
                "deletes=\(deletes), snapshot_rows=\(snapshotRows), duration_seconds=" + String(format: "%.2f", durationSeconds)
        }
    }
}
