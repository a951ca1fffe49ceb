import DataFlow
import DataFlowIO
import Foundation

extension WatchJob {
    /// The watcher's settings, loadable from JSON or YAML (keys as the property names).
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The directory files are dropped into, or a prefix in an object store (`s3://bucket/imports`);
        /// a file's name names its table (`users.csv`).
        public var imports: String
        /// Where a file goes after its rows are committed (default: `processed` beside `imports`).
        public var processed: String?
        /// Where a file that cannot be loaded goes, with a JSON error report (default: `failed` beside `imports`).
        public var failed: String?
        /// The warehouse: a SQLite file (the default, embedded) or a `postgres://` URL.
        public var target: String
        /// Process what is there and return, instead of watching.
        public var once: Bool = false
        /// Seconds between looks at `imports`.
        public var pollSeconds: Double = 1
        /// A file is complete once its size and modification time have not changed for this long
        /// (files being written under a temporary name, `.part`, `.tmp` or a leading dot, are skipped
        /// until renamed into place). Objects in a store are complete once listed.
        public var stableSeconds: Double = 2
        /// How long a transactions file waits for the users it references before those rows are rejected.
        public var foreignKeyTimeoutSeconds: Double = 300
        /// The seed's `staging` and `datawarehouse` schemas (table-name prefixes in SQLite).
        public var stagingSchema: String = "staging", warehouseSchema: String = "datawarehouse"

        /// Settings watching `imports` and loading into the SQLite file `target`.
        public init(imports: String, target: String) {
            self.imports = imports
            self.target = target
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(imports: try container.decode(String.self, forKey: .imports), target: try container.decode(String.self, forKey: .target))
            processed = try container.decodeIfPresent(String.self, forKey: .processed)
            failed = try container.decodeIfPresent(String.self, forKey: .failed)
            once = try container.decodeIfPresent(Bool.self, forKey: .once) ?? once
            pollSeconds = try container.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? pollSeconds
            stableSeconds = try container.decodeIfPresent(Double.self, forKey: .stableSeconds) ?? stableSeconds
            foreignKeyTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .foreignKeyTimeoutSeconds) ?? foreignKeyTimeoutSeconds
            stagingSchema = try container.decodeIfPresent(String.self, forKey: .stagingSchema) ?? stagingSchema
            warehouseSchema = try container.decodeIfPresent(String.self, forKey: .warehouseSchema) ?? warehouseSchema
        }

        /// The processed directory.
        var processedDirectory: String { processed ?? StoredFiles.sibling("processed", of: imports) }
        /// The failed directory.
        var failedDirectory: String { failed ?? StoredFiles.sibling("failed", of: imports) }
    }

    /// What happened to one file.
    public enum Outcome: Sendable, Equatable {
        /// Committed and moved to `processed/`: rows staged, keys inserted and updated (new versions
        /// for users), rows rejected (null or duplicate keys, unknown users after the timeout).
        case processed(file: String, table: String, rows: Int, inserted: Int, updated: Int, rejected: Int)
        /// Already committed before a restart: moved to `processed/` without applying it again.
        case recovered(file: String)
        /// Left in `imports/`: it references users not loaded yet.
        case waiting(file: String, missingUsers: Int)
        /// Moved to `failed/` with a JSON report.
        case failed(file: String, error: String)

        /// The file's name.
        public var file: String {
            switch self {
            case let .processed(file, _, _, _, _, _), let .recovered(file), let .waiting(file, _), let .failed(file, _): return file
            }
        }

        /// What happened, as the METRICS lines say it: processed, recovered, waiting or failed.
        public var status: String {
            switch self {
            case .processed: return "processed"
            case .recovered: return "recovered"
            case .waiting: return "waiting"
            case .failed: return "failed"
            }
        }

        /// The file's line: `METRICS: job=watch, table=users, status=processed, file=users.csv, rows=5, ...`.
        public var metrics: MetricsLine {
            var table = WatchJob.table(of: file)
            if case let .processed(_, processedTable, _, _, _, _) = self { table = processedTable }
            var line = MetricsLine(job: WatchJob.name, table: table, status: status)
            line.append("file", file)
            switch self {
            case let .processed(_, _, rows, inserted, updated, rejected):
                line.append("rows", rows)
                line.append("inserted", inserted)
                line.append("updated", updated)
                line.append("rejected", rejected)
            case .recovered: break
            case let .waiting(_, missingUsers): line.append("missing_users", missingUsers)
            case let .failed(_, error): line.append("error", error)
            }
            return line
        }
    }

    /// What a watch handled: every file's outcome, in order.
    public struct Report: JobReport {
        /// The outcomes (a waiting file once, however many looks it waited through).
        public var outcomes: [Outcome]
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// The job's line (files by outcome, rows), then one line per file.
        public var metrics: [MetricsLine] {
            var job = MetricsLine(job: WatchJob.name, status: failedInputs > 0 ? "completed_with_failures" : "succeeded")
            let count = { (status: String) in outcomes.filter { $0.status == status }.count }
            job.append("files_processed", count("processed"))
            job.append("files_recovered", count("recovered"))
            job.append("files_waiting", count("waiting"))
            job.append("files_failed", failedInputs)
            job.append("rows_rejected", rejectedRecords)
            job.append("duration_seconds", durationSeconds)
            return [job] + outcomes.map(\.metrics)
        }

        /// Rows rejected by the processed files.
        public var rejectedRecords: Int {
            outcomes.reduce(0) { if case let .processed(_, _, _, _, _, rejected) = $1 { $0 + rejected } else { $0 } }
        }

        /// Files moved to `failed/`.
        public var failedInputs: Int { outcomes.filter { $0.status == "failed" }.count }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(metrics[0], forKey: .job)
            try container.encode(outcomes.map(\.metrics), forKey: .files)
        }

        private enum CodingKeys: String, CodingKey { case job, files }
    }
}
