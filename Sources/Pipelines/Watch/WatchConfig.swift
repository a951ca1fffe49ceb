import DataFlow
import Foundation

extension WatchJob {
    /// The watcher's settings, loadable from JSON or YAML (keys as the property names).
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The directory files are dropped into; a file's name names its table (`users.csv`).
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
        /// until renamed into place).
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
        var processedDirectory: String { processed ?? ((imports as NSString).deletingLastPathComponent as NSString).appendingPathComponent("processed") }
        /// The failed directory.
        var failedDirectory: String { failed ?? ((imports as NSString).deletingLastPathComponent as NSString).appendingPathComponent("failed") }
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
    }
}
