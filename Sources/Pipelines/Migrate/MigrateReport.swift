import Foundation

extension MigrateJob {
    /// What one run read, rejected and wrote, per table.
    public struct Report: Codable, Sendable, Equatable {
        /// Snapshot or incremental.
        public var mode: MigrateMode
        /// Per table, by name.
        public var tables: [TableReport]
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// One line per table: `MIGRATE: table=..., files=..., rows_read=..., rows_rejected=..., rows_written=..., partitions=...`.
        public var summaryLines: [String] {
            tables.map { table in
                "MIGRATE: table=\(table.table), mode=\(mode.rawValue), files=\(table.files), rows_read=\(table.rowsRead), " +
                    "rows_rejected=\(table.rowsRejected), rows_written=\(table.rowsWritten), partitions=\(table.partitions.count)"
                    + (table.rowsLoaded.map { ", rows_loaded=\($0)" } ?? "")
            }
        }
    }

    /// One table's reconciliation: rows read = rows rejected + rows written.
    public struct TableReport: Codable, Sendable, Equatable {
        /// The table.
        public var table: String
        /// Export files read (0 when an incremental run found none new).
        public var files: Int
        /// Records read.
        public var rowsRead: Int
        /// Records rejected: malformed, or without a partition value.
        public var rowsRejected: Int
        /// Rows written.
        public var rowsWritten: Int
        /// The partitions written (`created_date=YYYY-MM-DD`), sorted.
        public var partitions: [String]
        /// The first rejects, with file and record; all of them are in the rejects file.
        public var rejects: [Reject]
        /// The JSON lines file listing every reject, relative to the output (nil when none).
        public var rejectsFile: String?
        /// Rows loaded from the lake into the `loadInto` database (nil when not asked).
        public var rowsLoaded: Int?
    }

    /// One rejected record.
    public struct Reject: Codable, Sendable, Equatable {
        /// The export file.
        public var file: String
        /// The record's number in its file, from 1.
        public var record: Int
        /// Why it was rejected.
        public var reason: String
    }
}
