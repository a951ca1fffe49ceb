import Foundation

extension MigrateJob {
    /// What one run read, rejected and wrote, per table.
    public struct Report: JobReport, Codable, Equatable {
        /// Snapshot or incremental.
        public var mode: MigrateMode
        /// Per table, by name.
        public var tables: [TableReport]
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// The job's line (mode, tables, totals), then one per table reconciling rows read,
        /// rejected and written.
        public var metrics: [MetricsLine] {
            var job = MetricsLine(job: MigrateJob.name)
            job.append("mode", mode.rawValue)
            job.append("tables", tables.count)
            job.append("rows_read", tables.reduce(0) { $0 + $1.rowsRead })
            job.append("rows_rejected", rejectedRecords)
            job.append("rows_written", tables.reduce(0) { $0 + $1.rowsWritten })
            job.append("duration_seconds", durationSeconds)
            return [job] + tables.map { table in
                var line = MetricsLine(job: MigrateJob.name, table: table.table)
                line.append("mode", mode.rawValue)
                line.append("files", table.files)
                line.append("rows_read", table.rowsRead)
                line.append("rows_rejected", table.rowsRejected)
                line.append("rows_written", table.rowsWritten)
                line.append("partitions", table.partitions.count)
                if let loaded = table.rowsLoaded { line.append("rows_loaded", loaded) }
                if !table.replacedPartitions.isEmpty {
                    line.append("partitions_replaced", table.replacedPartitions.count)
                    line.append("replaced", table.replacedPartitions.map { "\($0.partition):\($0.rowsBefore)->\($0.rowsAfter)" }.joined(separator: " "))
                }
                line.append("note", table.note)
                return line
            }
        }

        /// Records rejected over all tables.
        public var rejectedRecords: Int { tables.reduce(0) { $0 + $1.rowsRejected } }
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
        /// Why the table was skipped, when it was (an incremental run without an `incremental/` directory).
        public var note: String?
        /// The partitions an incremental run replaced, with their rows before and after.
        public var replacedPartitions: [PartitionChange] = []
    }

    /// A partition an incremental run replaced.
    public struct PartitionChange: Codable, Sendable, Equatable {
        /// The partition directory (`created_date=2025-11-02`).
        public var partition: String
        /// Its rows before the run and after it.
        public var rowsBefore: Int, rowsAfter: Int
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
