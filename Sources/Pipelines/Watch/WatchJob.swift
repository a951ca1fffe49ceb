import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 004's directory watcher: CSV files dropped into `imports/` are loaded into a warehouse (an
/// embedded SQLite file by default, or PostgreSQL), the file name naming the table.
///
/// - `users.csv`: emails trimmed and lower-cased, rows without one rejected, the last row of a
///   duplicated email kept, `user_id` a UUID derived from the email's hash; staged in
///   `staging_users`, then merged into `datawarehouse_users` as SCD type 2 keyed by email.
/// - `transactions.csv`: `transaction_id` required (the last row of a duplicate kept), the user by
///   `email` (or `user_id`) checked against the current users. A file referencing users not loaded
///   yet waits for them; after `foreignKeyTimeoutSeconds` its rows with known users are loaded and
///   the others rejected into a report. Upserted into `datawarehouse_transactions`.
/// - Any other name is staged (`staging_<name>`) for review.
///
/// The rows and a record of the file (name and content fingerprint) commit in one transaction;
/// then the file moves to `processed/` (never deleted) and the record notes the move. A file whose
/// record is there but not moved (a crash came between the commit and the move) is only moved, so
/// a restart applies nothing twice; the same bytes dropped again after a move are new data and load
/// again. A file that cannot be loaded goes to `failed/` with a JSON report beside it.
///
/// The directories may be prefixes in an object store (`s3://bucket/imports`): the watcher polls
/// the listing, takes an object as soon as it is listed (uploads appear whole), and moves files by
/// copying then deleting them.
public struct WatchJob: PipelineJob {
    public static let name = "watch"

    /// The settings.
    public let config: Config
    /// Where the tables are loaded.
    let warehouse: Warehouse

    /// A watcher with `config`.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a malformed PostgreSQL target or a SQLite
    ///   target in a directory that does not exist.
    public init(config: Config) throws {
        self.config = config
        warehouse = try Warehouse(config.target, argument: "target")
    }

    /// The table a file loads into: its name without extension, lower-cased.
    static func table(of file: String) -> String {
        ((file as NSString).deletingPathExtension as NSString).lastPathComponent.lowercased()
    }

    /// The table recording committed files, in the warehouse schema.
    var importsTable: String { warehouse.quoted(warehouse.table("dataflow_imports", schema: config.warehouseSchema)) }
    private static let rowColumn = "_dataflow_row"

    /// Watches `imports/` until `shouldStop` says so (or, with `once`, handles what is there),
    /// calling `onOutcome` as each file is handled (a waiting file once, when it starts waiting).
    /// - Returns: what happened to each file handled.
    /// - Throws: `DataFlowError` when the directories or the warehouse cannot be used (a bad file
    ///   only fails that file).
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        try run(session: session, progress: progress, shouldStop: { false }, onOutcome: { _ in })
    }

    /// Runs as `run(session:progress:)`, asking `shouldStop` between polls and telling
    /// `onOutcome` each file as it is handled.
    public func run(session: Session, progress: JobProgress? = nil, shouldStop: @Sendable () -> Bool,
                    onOutcome: (Outcome) -> Void = { _ in }) throws -> Report {
        let logger = Logger(label: "dataflow.watch")
        let started = ContinuousClock.now
        var tracker = FileTracker()
        var outcomes: [Outcome] = []
        var waiting: Set<String> = []
        try prepare(session)
        repeat {
            for outcome in try pass(session: session, tracker: &tracker, afterCommit: { _ in }) {
                if case .waiting = outcome {
                    guard waiting.insert(outcome.file).inserted else { continue }
                } else {
                    waiting.remove(outcome.file)
                }
                logger.info("\(outcome.metrics)")
                progress?.update(outcome.file, files: 1)
                onOutcome(outcome)
                outcomes.append(outcome)
            }
            if config.once { break }
            Thread.sleep(forTimeInterval: config.pollSeconds)
        } while !shouldStop()
        progress?.finish()
        return Report(outcomes: outcomes, durationSeconds: (ContinuousClock.now - started).seconds)
    }

    /// Checks that `imports/` exists (a typo never creates a folder to watch; in an object store,
    /// that its bucket can be listed) and creates the imports record table; `processed/` and `failed/` are made when the first file goes there.
    func prepare(_ session: Session) throws {
        if ObjectStores.isObjectPath(config.imports) {
            // A prefix exists once a file is dropped under it: listing it checks the bucket and the credentials.
            _ = try StoredFiles.files(in: config.imports)
        } else {
            try requireDirectory(config.imports, argument: "imports")
        }
        try warehouse.createSchemas([config.stagingSchema, config.warehouseSchema])
        try warehouse.execute([SQLStatement(
            "CREATE TABLE IF NOT EXISTS \(importsTable) (file TEXT NOT NULL, fingerprint TEXT NOT NULL, table_name TEXT, rows BIGINT, processed_at TIMESTAMP, moved_at TIMESTAMP, PRIMARY KEY (file, fingerprint))")])
        // Records of an older release have no moved_at: their files were moved when they committed.
        try warehouse.addColumnIfMissing(warehouse.table("dataflow_imports", schema: config.warehouseSchema), column: "moved_at", type: "TIMESTAMP",
                                         backfill: [SQLStatement("UPDATE \(importsTable) SET moved_at = processed_at")], session: session)
    }

    /// The size, modification time and first sighting of the files in `imports/`.
    struct FileTracker {
        var seen: [String: (size: Int, modified: Date, first: Date)] = [:]
    }

    /// One look at `imports/`: handles every complete file, users before transactions, others by name.
    /// `afterCommit` runs between a file's commit and its move (a test's simulated crash).
    func pass(session: Session, tracker: inout FileTracker, afterCommit: (String) throws -> Void) throws -> [Outcome] {
        let files: [StoredFile]
        do {
            files = try StoredFiles.files(in: config.imports)
        } catch {
            throw DataFlowError(.io, "cannot list the imports directory", location: ErrorLocation(path: config.imports), underlying: DescribedError(error))
        }
        // An object appears whole when its upload completes: seen is complete.
        let appearsWhole = ObjectStores.isObjectPath(config.imports)
        let now = Date()
        var ready: [(name: String, first: Date)] = []
        for file in files where !file.name.hasPrefix(".") && !file.name.hasPrefix("_") && !file.name.hasSuffix(".part") && !file.name.hasSuffix(".tmp") {
            let modified = file.modified ?? now
            let previous = tracker.seen[file.name]
            let first = previous?.first ?? now
            tracker.seen[file.name] = (file.size, modified, first)
            let stable = previous.map { $0.size == file.size && $0.modified == modified } ?? false
            if config.once || appearsWhole || (stable && now.timeIntervalSince(modified) >= config.stableSeconds) { ready.append((file.name, first)) }
        }
        let order = { (name: String) in name.lowercased().hasPrefix("users") ? 0 : name.lowercased().hasPrefix("transactions") ? 2 : 1 }
        var outcomes: [Outcome] = []
        for file in ready.sorted(by: { (order($0.name), $0.name) < (order($1.name), $1.name) }) {
            let outcome = try handle(file.name, session: session, waitedSince: file.first, afterCommit: afterCommit)
            if case .waiting = outcome {} else { tracker.seen[file.name] = nil }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Loads one file, records it and moves it; a bad file goes to `failed/`.
    private func handle(_ name: String, session: Session, waitedSince: Date, afterCommit: (String) throws -> Void) throws -> Outcome {
        let path = config.imports + "/" + name
        let table = Self.table(of: name)
        let fingerprint = try Self.fingerprint(path)
        if try isCommittedNotMoved(name, fingerprint: fingerprint) {
            try moveProcessed(path, name: name, fingerprint: fingerprint)
            return .recovered(file: name)
        }
        // The same bytes again after an earlier load: the record is renewed in the load's transaction.
        let record = SQLStatement("INSERT INTO \(importsTable) (file, fingerprint, table_name, rows, processed_at, moved_at) VALUES (?, ?, ?, ?, ?, NULL) " +
                                  "ON CONFLICT (file, fingerprint) DO UPDATE SET table_name = excluded.table_name, rows = excluded.rows, " +
                                  "processed_at = excluded.processed_at, moved_at = NULL",
                                  [.string(name), .string(fingerprint), .string(table), .null, .timestamp(Int64(Date().timeIntervalSince1970 * 1_000_000))])
        let outcome: Outcome
        do {
            outcome = try withSpan("watch.\(table)") { span in
                let outcome: Outcome
                switch table {
                case "users": outcome = try loadUsers(path, name: name, session: session, record: record)
                case "transactions": outcome = try loadTransactions(path, name: name, session: session, record: record, waitedSince: waitedSince)
                default: outcome = try stage(path, name: name, table: table, session: session, record: record)
                }
                if case let .processed(_, _, rows, _, _, _) = outcome { span.attributes["record.count"] = rows }
                return outcome
            }
        } catch let error as DataFlowError {
            try fail(path, name: name, table: table, error: error)
            return .failed(file: name, error: error.description)
        }
        if case .waiting = outcome { return outcome }
        try afterCommit(name)
        try moveProcessed(path, name: name, fingerprint: fingerprint)
        return outcome
    }

    /// Moves a committed file to `processed/` and notes the move in its record.
    private func moveProcessed(_ path: String, name: String, fingerprint: String) throws {
        try StoredFiles.move(path, into: config.processedDirectory)
        try warehouse.execute([SQLStatement("UPDATE \(importsTable) SET moved_at = ? WHERE file = ? AND fingerprint = ?",
                                            [.timestamp(Int64(Date().timeIntervalSince1970 * 1_000_000)), .string(name), .string(fingerprint)])])
    }

    /// The file's CSV rows (header, inferred types) with their position.
    /// - Throws: `DataFlowError` (`.parse`) naming the file when it is empty.
    private func readCSV(_ path: String, session: Session) throws -> DataFrame {
        if try StoredFiles.stamp(path)?.size == 0 {
            throw DataFlowError(.parse, "the file is empty: a CSV file with a header row is expected", location: ErrorLocation(path: path))
        }
        var options = CSVOptions(header: true, inferSchema: true)
        options.rowIndexColumn = Self.rowColumn
        options.mode = .failFast
        return try session.read.csv(path, options: options)
    }

    /// Rows with a non-null `key` after normalizing it, the last of each key kept.
    private func latestPerKey(_ frame: DataFrame, key: String) throws -> DataFrame {
        let newestFirst = Window.partitionBy(key).orderBy(col(Self.rowColumn).desc())
        return try frame.filter(col(key).isNotNull())
            .withColumn("_dataflow_rank", Expr.rowNumber().over(newestFirst)).filter(col("_dataflow_rank") == 1)
            .drop("_dataflow_rank", Self.rowColumn)
    }

    private func require(_ columns: [String], in frame: DataFrame, file: String) throws {
        if let missing = columns.first(where: { !frame.columns.contains($0) }) {
            throw DataFlowError(.schema, "the file has no '\(missing)' column (columns: \(frame.columns.filter { $0 != Self.rowColumn }.joined(separator: ", ")))",
                                location: ErrorLocation(path: file, column: missing))
        }
    }

    private func loadUsers(_ path: String, name: String, session: Session, record: SQLStatement) throws -> Outcome {
        let raw = try readCSV(path, session: session)
        try require(["email"], in: raw, file: path)
        let normalized = try raw.withColumn("email", Expr.nullIf(Expr.lower(Expr.trim(col("email").cast(.string))), lit("")))
        let users = try latestPerKey(normalized, key: "email").withColumn("user_id", Expr.uuidFromHash(col("email"))).cache()
        let rows = try raw.count(), kept = try users.count()
        try warehouse.replace(warehouse.table("users", schema: config.stagingSchema), with: users)
        let tracked = users.columns.filter { $0 != "email" && $0 != "user_id" }
        let summary = try warehouse.scd2Merge(users, into: warehouse.table("users", schema: config.warehouseSchema),
                                              SCD2Merge(businessKeys: ["email"], trackedColumns: tracked), also: [recorded(record, rows: rows)])
        return .processed(file: name, table: "users", rows: rows, inserted: summary.inserted, updated: summary.updated, rejected: rows - kept)
    }

    private func loadTransactions(_ path: String, name: String, session: Session, record: SQLStatement, waitedSince: Date) throws -> Outcome {
        let raw = try readCSV(path, session: session)
        try require(["transaction_id"], in: raw, file: path)
        var transactions = try latestPerKey(raw, key: "transaction_id")
        if transactions.columns.contains("email") {
            transactions = try transactions.withColumn("email", Expr.lower(Expr.trim(col("email").cast(.string))))
                .withColumn("user_id", Expr.uuidFromHash(col("email")))
        }
        try require(["user_id"], in: transactions, file: path)
        transactions = try transactions.cache()
        let users = try currentUserIds(session)
        let known = try transactions.join(users, on: "user_id", how: .leftSemi)
        let unknown = try transactions.join(users, on: "user_id", how: .leftAnti)
        let missing = try unknown.count()
        if missing > 0 && Date().timeIntervalSince(waitedSince) < config.foreignKeyTimeoutSeconds {
            return .waiting(file: name, missingUsers: try unknown.select("user_id").distinct().count())
        }
        let rows = try raw.count()
        if missing > 0 {
            try unknown.coalesce(1).write.mode(.overwrite).jsonl(config.failedDirectory + "/" + name + ".rejected")
        }
        try warehouse.replace(warehouse.table("transactions", schema: config.stagingSchema), with: transactions)
        let summary = try warehouse.upsert(known, into: warehouse.table("transactions", schema: config.warehouseSchema), keys: ["transaction_id"],
                                           also: [recorded(record, rows: rows)])
        return .processed(file: name, table: "transactions", rows: rows, inserted: summary.inserted, updated: summary.updated,
                          rejected: rows - summary.rowsStaged)
    }

    /// Any other table: its rows staged for review, replacing the previous staging table.
    private func stage(_ path: String, name: String, table: String, session: Session, record: SQLStatement) throws -> Outcome {
        let rows = try readCSV(path, session: session).drop(Self.rowColumn)
        let written = try warehouse.replace(warehouse.table(table, schema: config.stagingSchema), with: rows)
        try warehouse.execute([recorded(record, rows: written.rows)])
        return .processed(file: name, table: table, rows: written.rows, inserted: written.rows, updated: 0, rejected: 0)
    }

    /// The current users' ids (none before the first users file).
    private func currentUserIds(_ session: Session) throws -> DataFrame {
        let table = warehouse.table("users", schema: config.warehouseSchema)
        guard try warehouse.tableExists(table) else {
            return try session.createDataFrame(rows: [], schema: Schema([Field("user_id", .string)]))
        }
        return try warehouse.read(session, query: "SELECT DISTINCT user_id FROM \(warehouse.quoted(table)) WHERE is_current = TRUE")
    }

    /// `record` with the file's row count.
    private func recorded(_ record: SQLStatement, rows: Int) -> SQLStatement {
        var record = record
        record.values[3] = .int64(Int64(rows))
        return record
    }

    /// Whether the file's rows committed but the file was not moved (a crash between the two).
    private func isCommittedNotMoved(_ name: String, fingerprint: String) throws -> Bool {
        try warehouse.count("SELECT count(*) FROM \(importsTable) WHERE file = ? AND fingerprint = ? AND moved_at IS NULL",
                            [.string(name), .string(fingerprint)]) > 0
    }

    /// The file's size and a 64-bit hash of its bytes, as text.
    static func fingerprint(_ path: String) throws -> String {
        guard let data = try StoredFiles.read(path, mapped: true) else {
            throw DataFlowError(.io, "the file is gone", location: ErrorLocation(path: path))
        }
        let hash = data.withUnsafeBytes { hashBytes($0) }
        return "\(data.count)-" + String(hash, radix: 16)
    }

    /// Moves a file that could not be loaded to `failed/` with `<moved name>.error.json` beside it,
    /// so a second failure of the same name keeps the first one's report.
    private func fail(_ path: String, name: String, table: String, error: DataFlowError) throws {
        let moved = try StoredFiles.move(path, into: config.failedDirectory)
        let report: [String: String] = ["file": name, "table": table, "error": error.description, "failed_at": ISO8601DateFormatter().string(from: Date())]
        try JSONFiles.write(report, to: moved + ".error.json", what: "the error report")
    }
}
