import DataFlow
import DataFlowIO
import DataFlowPostgres
import Foundation
@testable import Pipelines
import TestSupport
import Testing

@Suite("watch (seed 004)")
struct WatchJobTests {
    struct Crash: Error {}

    static func setUp(_ root: String, timeout: Double = 300) throws -> (WatchJob, Session) {
        var config = WatchJob.Config(imports: root + "/imports", target: root + "/warehouse.db")
        config.once = true
        config.foreignKeyTimeoutSeconds = timeout
        return (try WatchJob(config: config), Session(parallelism: 2))
    }

    static func drop(_ root: String, _ name: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/imports", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/imports/" + name))
    }

    static func pass(_ job: WatchJob, _ session: Session, afterCommit: (String) throws -> Void = { _ in }) throws -> [WatchJob.Outcome] {
        try job.prepare(session)
        var tracker = WatchJob.FileTracker()
        return try job.pass(session: session, tracker: &tracker, afterCommit: afterCommit)
    }

    static let users = "email,name,city\n ana@x.io ,Ana,Lisbon\nbo@x.io,Bo,Oslo\nBO@x.io,Bo,Bergen\n,Nobody,Nowhere\ncy@x.io,Cy,Rome\n"

    @Test("users become an SCD2 dimension keyed by email with a UUID user_id; transactions load against them; files move to processed")
    func lifecycle() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (job, session) = try Self.setUp(root)
        try Self.drop(root, "users.csv", Self.users)
        #expect(try Self.pass(job, session) == [.processed(file: "users.csv", table: "users", rows: 5, inserted: 3, updated: 0, rejected: 2)])
        let warehouse = root + "/warehouse.db"
        let current = try session.read.sqlite(warehouse, query: "SELECT email, city, user_id FROM datawarehouse_users WHERE is_current = 1 ORDER BY email").collect()
        #expect(current.map { $0[0].formatted() + "/" + $0[1].formatted() } == ["ana@x.io/Lisbon", "bo@x.io/Bergen", "cy@x.io/Rome"])
        let expectedId = try session.createDataFrame(rows: [["ana@x.io"]], schema: Schema(ddl: "e STRING")).select(Expr.uuidFromHash(col("e"))).collect()[0][0]
        #expect(current[0][2] == expectedId)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/imports").isEmpty)
        #expect(FileManager.default.fileExists(atPath: root + "/processed/users.csv"))

        try Self.drop(root, "transactions.csv", "transaction_id,email,amount\n1,ana@x.io,10.5\n2,BO@x.io,20\n2,bo@x.io,21\n")
        #expect(try Self.pass(job, session) == [.processed(file: "transactions.csv", table: "transactions", rows: 3, inserted: 2, updated: 0, rejected: 1)])
        #expect(try session.read.sqlite(warehouse, query: "SELECT amount FROM datawarehouse_transactions ORDER BY transaction_id").collect().map { $0[0] } == [.float64(10.5), .float64(21)])

        // An update: Cy moves; the same name again lands next to the first file in processed/.
        try Self.drop(root, "users.csv", "email,name,city\ncy@x.io,Cy,Milan\nana@x.io,Ana,Lisbon\n")
        #expect(try Self.pass(job, session) == [.processed(file: "users.csv", table: "users", rows: 2, inserted: 0, updated: 1, rejected: 0)])
        #expect(try session.read.sqlite(warehouse, query: "SELECT count(*) FROM datawarehouse_users").collect()[0][0] == .int64(4))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/processed").count == 3)
    }

    @Test("on Spark (--remote) users, transactions and other files load into the same warehouse rows as embedded")
    func runsOnSpark() throws {
        func run(_ session: Session) throws -> (outcomes: [WatchJob.Outcome], tables: [[String]], rejected: [String]) {
            let root = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let (job, _) = try Self.setUp(root, timeout: 0)
            try Self.drop(root, "users.csv", Self.users)
            try Self.drop(root, "transactions.csv", "transaction_id,email,amount\n1,ana@x.io,10.5\n2,BO@x.io,20\n2,bo@x.io,21\n3,zed@x.io,1\n")
            try Self.drop(root, "stores.csv", "store,opened\nLisbon,2024-05-01\nOslo,\n")
            var outcomes = try Self.pass(job, session)
            try Self.drop(root, "users.csv", "email,name,city\ncy@x.io,Cy,Milan\nana@x.io,Ana,Lisbon\n")
            outcomes += try Self.pass(job, session)
            let queries = ["SELECT email, name, city, user_id, is_current FROM datawarehouse_users ORDER BY email, is_current",
                           "SELECT transaction_id, email, user_id, amount FROM datawarehouse_transactions ORDER BY transaction_id",
                           "SELECT store, opened FROM staging_stores ORDER BY store"]
            let tables = try queries.map { query in
                try Session().read.sqlite(root + "/warehouse.db", query: query).collect().map { row in row.values.map { $0.formatted() }.joined(separator: "|") }
            }
            let rejected = try Session().read.jsonl(root + "/failed/transactions.csv.rejected").select("transaction_id").collect().map { $0[0].formatted() }
            return (outcomes, tables, rejected)
        }
        let embedded = try run(Session(parallelism: 2))
        let remote = try run(try sparkSession())
        #expect(remote.outcomes == embedded.outcomes)
        #expect(remote.tables == embedded.tables)
        #expect(remote.rejected == embedded.rejected && embedded.rejected == ["3"])
        #expect(embedded.tables[0].count == 4 && embedded.tables[1].count == 2 && embedded.tables[2].count == 2)
    }

    @Test("a transactions file waits for its users, then loads; after the timeout unknown users' rows are rejected with a report")
    func ordering() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (job, session) = try Self.setUp(root)
        try Self.drop(root, "transactions.csv", "transaction_id,email,amount\n1,ana@x.io,5\n2,zed@x.io,7\n")
        #expect(try Self.pass(job, session) == [.waiting(file: "transactions.csv", missingUsers: 2)])
        try Self.drop(root, "users.csv", Self.users)
        let outcomes = try Self.pass(job, session)
        #expect(outcomes.first == .processed(file: "users.csv", table: "users", rows: 5, inserted: 3, updated: 0, rejected: 2))
        #expect(outcomes.last == .waiting(file: "transactions.csv", missingUsers: 1))

        let (impatient, _) = try Self.setUp(root, timeout: 0)
        #expect(try Self.pass(impatient, session) == [.processed(file: "transactions.csv", table: "transactions", rows: 2, inserted: 1, updated: 0, rejected: 1)])
        #expect(try session.read.jsonl(root + "/failed/transactions.csv.rejected").select("transaction_id").collect().map { $0[0].formatted() } == ["2"])
    }

    @Test("a malformed file goes to failed/ with a JSON report; a crash between commit and move applies nothing twice")
    func failures() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (job, session) = try Self.setUp(root)
        try Self.drop(root, "users.csv", "name,city\nAna,Lisbon\n")
        let failed = try Self.pass(job, session)
        #expect(failed.count == 1 && { if case let .failed(file, error) = failed[0] { file == "users.csv" && error.contains("email") } else { false } }())
        let report = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: root + "/failed/users.csv.error.json")))
        #expect(report["table"] == "users" && report["error"]?.contains("email") == true)

        try Self.drop(root, "users.csv", Self.users)
        #expect(throws: Crash.self) { try Self.pass(job, session, afterCommit: { _ in throw Crash() }) }
        #expect(FileManager.default.fileExists(atPath: root + "/imports/users.csv"))
        #expect(try Self.pass(job, session) == [.recovered(file: "users.csv")])
        #expect(try session.read.sqlite(root + "/warehouse.db", query: "SELECT count(*) FROM datawarehouse_users").collect()[0][0] == .int64(3))
        #expect(FileManager.default.fileExists(atPath: root + "/processed/users.csv"))

        // The same bytes dropped again after they were moved are the newest data: loaded, not skipped.
        try Self.drop(root, "users.csv", "email,name,city\nana@x.io,Ana,Porto\n")
        #expect(try Self.pass(job, session) == [.processed(file: "users.csv", table: "users", rows: 1, inserted: 0, updated: 1, rejected: 0)])
        try Self.drop(root, "users.csv", Self.users)
        #expect(try Self.pass(job, session) == [.processed(file: "users.csv", table: "users", rows: 5, inserted: 0, updated: 1, rejected: 2)])
        #expect(try session.read.sqlite(root + "/warehouse.db", query: "SELECT city FROM datawarehouse_users WHERE email = 'ana@x.io' AND is_current = 1")
            .collect().map { $0[0] } == ["Lisbon"])

        // A second failure of the same name keeps the first one's report; an empty file says so.
        try Self.drop(root, "users.csv", "")
        let empty = try Self.pass(job, session)
        #expect({ if case let .failed(_, error) = empty.first { error.contains("the file is empty") && !error.contains("CSVOptions") } else { false } }())
        let reports = try FileManager.default.contentsOfDirectory(atPath: root + "/failed").filter { $0.hasSuffix(".error.json") }
        #expect(reports.count == 2 && reports.contains("users.csv.error.json"))
    }

    @Test("a run reports each file once, a waiting one too, and calls back as it goes")
    func runReport() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (job, session) = try Self.setUp(root)
        try Self.drop(root, "transactions.csv", "transaction_id,email,amount\n1,ana@x.io,5\n")
        try Self.drop(root, "notes.csv", "a\n1\n")
        let seen = Seen()
        let report = try job.run(session: session, shouldStop: { false }, onOutcome: { seen.files.append($0.file) })
        #expect(report.outcomes.map(\.file) == ["notes.csv", "transactions.csv"] && seen.files == ["notes.csv", "transactions.csv"])
        #expect(report.metrics.map(\.description) == [
            "METRICS: job=watch, status=succeeded, files_processed=1, files_recovered=0, files_waiting=1, files_failed=0, rows_rejected=0, duration_seconds=\(String(format: "%.2f", report.durationSeconds))",
            "METRICS: job=watch, table=notes, status=processed, file=notes.csv, rows=1, inserted=1, updated=0, rejected=0",
            "METRICS: job=watch, table=transactions, status=waiting, file=transactions.csv, missing_users=1",
        ])
    }

    /// The files a run called back with.
    final class Seen: @unchecked Sendable { // appended to by the run's callback on the test's thread only
        var files: [String] = []
    }

    @Test("without --once a file is taken only when its size and time have held still")
    func completeFilesOnly() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = WatchJob.Config(imports: root + "/imports", target: root + "/warehouse.db")
        config.stableSeconds = 0
        let job = try WatchJob(config: config), session = Session(parallelism: 2)
        try Self.drop(root, "notes.csv", "a,b\n1,2\n")
        try job.prepare(session)
        try Self.drop(root, "users.csv.part", "email\n")
        var tracker = WatchJob.FileTracker()
        #expect(try job.pass(session: session, tracker: &tracker, afterCommit: { _ in }).isEmpty)
        #expect(try job.pass(session: session, tracker: &tracker, afterCommit: { _ in }) == [.processed(file: "notes.csv", table: "notes", rows: 1, inserted: 1, updated: 0, rejected: 0)])
        #expect(try session.read.sqlite(root + "/warehouse.db", table: "staging_notes").count() == 1)
        #expect(FileManager.default.fileExists(atPath: root + "/imports/users.csv.part"))
    }

    @Test("into PostgreSQL the watcher creates its schemas and keeps the same lifecycle")
    func postgresTarget() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let url = try testDatabaseURL()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var config = WatchJob.Config(imports: root + "/imports", target: url)
        config.once = true
        config.stagingSchema = "staging_" + suffix
        config.warehouseSchema = "datawarehouse_" + suffix
        let job = try WatchJob(config: config), session = Session(parallelism: 2)
        try Self.drop(root, "users.csv", Self.users)
        try Self.drop(root, "transactions.csv", "transaction_id,email,amount\n1,ana@x.io,10.5\n")
        #expect(try Self.pass(job, session) == [
            .processed(file: "users.csv", table: "users", rows: 5, inserted: 3, updated: 0, rejected: 2),
            .processed(file: "transactions.csv", table: "transactions", rows: 1, inserted: 1, updated: 0, rejected: 0),
        ])
        try Self.drop(root, "users.csv", "email,name,city\ncy@x.io,Cy,Milan\n")
        #expect(try Self.pass(job, session) == [.processed(file: "users.csv", table: "users", rows: 1, inserted: 0, updated: 1, rejected: 0)])
        let dimension = "\"datawarehouse_\(suffix)\".users"
        #expect(try session.read.postgres(url, query: "SELECT count(*) AS n FROM \(dimension)").collect()[0][0] == .int64(4))
        #expect(try session.read.postgres(url, query: "SELECT count(*) AS n FROM \"staging_\(suffix)\".users").collect()[0][0] == .int64(1))
        try PostgresStore(url: url).execute([SQLStatement("DROP SCHEMA \"staging_\(suffix)\" CASCADE"), SQLStatement("DROP SCHEMA \"datawarehouse_\(suffix)\" CASCADE")])
    }
}
