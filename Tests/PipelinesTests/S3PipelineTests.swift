import DataFlow
@testable import DataFlowIO
import DataFlowS3
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// The pipelines with their inputs, outputs and warehouse (catalog included) in the tests'
/// SeaweedFS bucket, compared with the same jobs on local files.
@Suite("pipelines on s3://")
struct S3PipelineTests {
    /// A fresh directory in the test bucket, `s3://` paths registered with the test identity.
    static func bucketDirectory() throws -> String {
        let server = try testS3Server()
        S3ObjectStore.register(options: S3Options(endpoint: server.endpoint, region: "us-east-1",
                                                  credentials: S3Credentials(accessKeyID: server.accessKey, secretAccessKey: server.secretKey)))
        return "s3://dataflow-test/pipelines/\(UUID().uuidString.lowercased())"
    }

    /// Copies every file under the local directory `local` to the same relative keys under `remote`.
    static func upload(_ local: String, to remote: String) throws {
        let files = FileManager.default.enumerator(atPath: local)?.allObjects as? [String] ?? []
        for relative in files.sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: local + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try StoredFiles.write(try Data(contentsOf: URL(fileURLWithPath: local + "/" + relative)), to: remote + "/" + relative)
        }
    }

    /// The rows of a DataFrame as sorted text, to compare outputs whatever their file layout.
    static func rows(_ frame: DataFrame) throws -> [String] {
        try frame.collect().map { $0.values.map { $0.formatted() }.joined(separator: "|") }.sorted()
    }

    @Test("consolidate reads a landing zone in the bucket and writes the day, the report and the catalog there, equal to the local run")
    func consolidate() throws {
        let local = try temporaryDirectory(), remote = try Self.bucketDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let localSession = try ConsolidateJobTests.landingZone(local, rowsPerDay: 5_000)
        let expected = try ConsolidateJob(config: ConsolidateJobTests.config(local)).run(session: localSession)
        try Self.upload(local + "/landing", to: remote + "/landing")

        let session = Session(warehouse: remote + "/warehouse")
        let report = try ConsolidateJob(config: ConsolidateJobTests.config(remote)).run(session: session)
        #expect(report.recordsProcessed == expected.recordsProcessed && report.recordsWritten == expected.recordsWritten)
        #expect(report.duplicatesRemoved == expected.duplicatesRemoved && report.outputFiles == 4 && report.sourceFiles == 24)
        let day = "/consolidated/chargebacks/year=2025/month=11/day=02"
        #expect(try Self.rows(session.read.parquet(remote + day)) == Self.rows(localSession.read.parquet(local + day)))
        #expect(try session.read.table("consolidated.chargebacks").count() == report.recordsWritten)
        let saved = try #require(try StoredFiles.read(remote + "/consolidated/chargebacks/_reports/consolidate-2025-11-02-exec2of4.json"))
        #expect(try JSONDecoder().decode(ConsolidateJob.Report.self, from: saved) == report)
        // A rerun replaces the day with the same rows, and the replaced files go.
        _ = try ConsolidateJob(config: ConsolidateJobTests.config(remote, sequence: 3)).run(session: session)
        #expect(try Self.rows(session.read.parquet(remote + day)) == Self.rows(localSession.read.parquet(local + day)))
        #expect(try Dataset.discover([remote + day]).files.count == 4)
    }

    @Test("cdc-snapshot builds daily snapshots from DMS files in the bucket, with the catalog's versions there, equal to the local run")
    func cdcSnapshot() throws {
        let local = try temporaryDirectory(), remote = try Self.bucketDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let localSession = Session(warehouse: local + "/warehouse"), session = Session(warehouse: remote + "/warehouse")
        let export = DMSExport(fullLoadRows: 2_000, changes: 1_500, days: 2, filesPerDay: 2, startDate: CDCSnapshotJobTests.start)
        try export.write(to: local + "/dms", session: localSession)
        try Self.upload(local + "/dms", to: remote + "/dms")
        for day in 0..<2 {
            let runDate = CDCSnapshotJobTests.start.adding(days: day)
            let expected = try CDCSnapshotJob(config: .init(table: "employees", source: export.tableConfig(path: local + "/dms"), runDate: runDate)).run(session: localSession)
            let report = try CDCSnapshotJob(config: .init(table: "employees", source: export.tableConfig(path: remote + "/dms"), runDate: runDate)).run(session: session)
            #expect(report.version == day + 1 && report.snapshotRows == expected.snapshotRows)
            #expect(report.inserts == expected.inserts && report.updates == expected.updates && report.deletes == expected.deletes)
            #expect(report.location.hasPrefix(remote + "/warehouse/"))
            #expect(try Self.rows(session.read.table("employees_snapshot")) == Self.rows(localSession.read.table("employees_snapshot")))
        }
        #expect(try Catalog(warehouse: remote + "/warehouse").table("default.employees_snapshot").versions.count == 2)
    }

    @Test("migrate turns UNLOAD exports in the bucket into a partitioned lake there, equal to the local run; incremental runs replace their partitions and take each file once")
    func migrate() throws {
        let local = try temporaryDirectory(), remote = try Self.bucketDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let localSession = Session(warehouse: local + "/warehouse"), session = Session(warehouse: remote + "/warehouse")
        try ReservationExport(reservationRows: 5_000, startDate: MigrateJobTests.start, days: 10, files: 3, malformedRecords: 2)
            .write(to: local + "/exports", session: localSession)
        try Self.upload(local + "/exports", to: remote + "/exports")
        let expected = try MigrateJob(config: MigrateJob.Config(source: local + "/exports", output: local + "/lake", tables: ReservationExport.tables)).run(session: localSession)
        let report = try MigrateJob(config: MigrateJob.Config(source: remote + "/exports", output: remote + "/lake", tables: ReservationExport.tables)).run(session: session)
        #expect(report.tables.map(\.rowsWritten) == expected.tables.map(\.rowsWritten))
        #expect(report.tables.map(\.rowsRejected) == expected.tables.map(\.rowsRejected))
        for table in ["dim_company", "fact_reservation"] {
            #expect(try Self.rows(session.read.table(table)) == Self.rows(localSession.read.table(table)))
        }

        // New rows for a day the lake holds and a new day, exported incrementally.
        let schema = try Schema(ddl: ReservationExport.tables["fact_reservation"]?.schema ?? "")
        let rows: [[Scalar]] = (0..<10).map { index in
            let day = MigrateJobTests.start.adding(days: index < 6 ? 4 : 45)
            let start = Int64(day.daysSinceEpoch) * 86_400_000_000 + Int64(index) * 3_600_000_000
            return [.int64(Int64(900_000 + index)), .int64(1), .int64(1), .int64(1), .timestamp(start), .timestamp(start + 3_600_000_000),
                    .int32(2), .timestamp(start), .date(Int32(day.daysSinceEpoch))]
        }
        try ReservationExport.writeExport(try localSession.createDataFrame(rows: rows, schema: schema), table: "fact_reservation",
                                          mode: .incremental, root: local + "/exports", files: 2, prefix: "fact_reservation_batch1")
        try Self.upload(local + "/exports/fact_reservation/incremental", to: remote + "/exports/fact_reservation/incremental")
        func incremental(_ root: String) -> MigrateJob.Config {
            var config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
            config.only = ["fact_reservation"]
            config.mode = .incremental
            return config
        }
        let expectedIncrement = try MigrateJob(config: incremental(local)).run(session: localSession)
        let increment = try MigrateJob(config: incremental(remote)).run(session: session)
        #expect(increment.tables.first?.files == 2 && increment.tables.first?.partitions == ["created_date=2025-03-05", "created_date=2025-04-15"])
        #expect(increment.tables.first?.replacedPartitions == expectedIncrement.tables.first?.replacedPartitions)
        #expect(try Self.rows(session.read.table("fact_reservation")) == Self.rows(localSession.read.table("fact_reservation")))
        let rerun = try MigrateJob(config: incremental(remote)).run(session: session)
        #expect(rerun.tables.first?.files == 0 && rerun.tables.first?.rowsWritten == 0)
    }

    @Test("aggregate reads a lake migrated into the bucket through the catalog there and writes both aggregations and their CSV there, equal to the local run")
    func aggregate() throws {
        let local = try temporaryDirectory(), remote = try Self.bucketDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let localSession = Session(warehouse: local + "/warehouse"), session = Session(warehouse: remote + "/warehouse")
        try ReservationExport(companies: 20, reservationRows: 3_000, startDate: MigrateJobTests.start, days: 12, files: 2)
            .write(to: local + "/exports", session: localSession)
        try Self.upload(local + "/exports", to: remote + "/exports")
        func run(_ root: String, _ session: Session) throws -> AggregateJob.Report {
            _ = try MigrateJob(config: MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)).run(session: session)
            var config = AggregateJob.Config(output: root + "/out")
            config.timeZone = "America/New_York"
            config.csv = true
            return try AggregateJob(config: config).run(session: session)
        }
        let expected = try run(local, localSession), report = try run(remote, session)
        #expect(report.outputRows == expected.outputRows && report.rowsRead == 3_000)
        #expect(report.versionsDropped == expected.versionsDropped && report.invalidReservations == expected.invalidReservations)
        for table in ["hourly_space", "week_people_count"] {
            #expect(try Self.rows(session.read.table(table)) == Self.rows(localSession.read.table(table)))
            let remoteTable = try Catalog(warehouse: remote + "/warehouse").table(table), localTable = try Catalog(warehouse: local + "/warehouse").table(table)
            #expect(remoteTable.location.hasPrefix(remote + "/out/") && remoteTable.partitions == localTable.partitions)
        }
        #expect(try Self.rows(session.read.csv(remote + "/out/csv/hourly_space", options: CSVOptions(header: true)))
            == Self.rows(localSession.read.csv(local + "/out/csv/hourly_space", options: CSVOptions(header: true))))
        // The second run checks its input against the first run's state, kept in the bucket.
        #expect(try run(remote, session).dataCheck.previousRows == 3_000)
    }

    @Test("watch takes CSV files dropped under a bucket prefix as soon as they are listed, loads them as from a local directory, and moves them to processed/ and failed/ in the bucket")
    func watch() throws {
        let local = try temporaryDirectory(), remote = try Self.bucketDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let job = try WatchJob(config: WatchJob.Config(imports: remote + "/imports", target: local + "/warehouse.db")), session = Session(parallelism: 2)
        #expect(job.config.processedDirectory == remote + "/processed" && job.config.failedDirectory == remote + "/failed")
        try job.prepare(session)
        var tracker = WatchJob.FileTracker()
        func drop(_ name: String, _ text: String) throws { try StoredFiles.write(Data(text.utf8), to: remote + "/imports/" + name) }
        func pass(afterCommit: (String) throws -> Void = { _ in }) throws -> [WatchJob.Outcome] {
            try job.pass(session: session, tracker: &tracker, afterCommit: afterCommit)
        }

        try drop("users.csv", WatchJobTests.users)
        try drop("users.csv.part", "email\n")
        #expect(try pass() == [.processed(file: "users.csv", table: "users", rows: 5, inserted: 3, updated: 0, rejected: 2)])
        #expect(try StoredFiles.files(in: remote + "/imports").map(\.name) == ["users.csv.part"])
        #expect(try StoredFiles.read(remote + "/processed/users.csv") == Data(WatchJobTests.users.utf8))
        try drop("transactions.csv", "transaction_id,email,amount\n1,ana@x.io,10.5\n2,BO@x.io,20\n2,bo@x.io,21\n")
        #expect(try pass() == [.processed(file: "transactions.csv", table: "transactions", rows: 3, inserted: 2, updated: 0, rejected: 1)])
        #expect(try session.read.sqlite(local + "/warehouse.db", query: "SELECT amount FROM datawarehouse_transactions ORDER BY transaction_id")
            .collect().map { $0[0] } == [.float64(10.5), .float64(21)])

        // A crash between the commit and the move: the restart only moves the file, beside the first one.
        try drop("users.csv", "email,name,city\ncy@x.io,Cy,Milan\n")
        #expect(throws: WatchJobTests.Crash.self) { try pass(afterCommit: { _ in throw WatchJobTests.Crash() }) }
        #expect(try pass() == [.recovered(file: "users.csv")])
        #expect(try StoredFiles.files(in: remote + "/processed").count == 3)
        #expect(try session.read.sqlite(local + "/warehouse.db", query: "SELECT count(*) FROM datawarehouse_users").collect()[0][0] == .int64(4))

        // A file that cannot be loaded goes to failed/ with its report.
        try drop("users.csv", "name\nAna\n")
        let failed = try pass()
        #expect(failed.count == 1 && failed.first?.status == "failed")
        let report = try JSONDecoder().decode([String: String].self, from: try #require(try StoredFiles.read(remote + "/failed/users.csv.error.json")))
        #expect(report["table"] == "users" && report["error"]?.contains("email") == true)
        #expect(try StoredFiles.read(remote + "/failed/users.csv") == Data("name\nAna\n".utf8))
    }

    @Test("moving an object whose copy is already there with the same bytes (a move cut short before its delete) deletes it and copies nothing")
    func interruptedMove() throws {
        let remote = try Self.bucketDirectory()
        try StoredFiles.write(Data("a\n1\n".utf8), to: remote + "/imports/notes.csv")
        try StoredFiles.write(Data("a\n1\n".utf8), to: remote + "/processed/notes.csv")
        #expect(try StoredFiles.move(remote + "/imports/notes.csv", into: remote + "/processed") == remote + "/processed/notes.csv")
        #expect(try StoredFiles.files(in: remote + "/imports").isEmpty && StoredFiles.files(in: remote + "/processed").map(\.name) == ["notes.csv"])
        // Other bytes under the name: the moved file gets a suffixed name.
        try StoredFiles.write(Data("a\n2\n".utf8), to: remote + "/imports/notes.csv")
        let moved = try StoredFiles.move(remote + "/imports/notes.csv", into: remote + "/processed")
        #expect(moved != remote + "/processed/notes.csv" && moved.hasPrefix(remote + "/processed/notes-") && moved.hasSuffix(".csv"))
        #expect(try StoredFiles.read(moved) == Data("a\n2\n".utf8) && StoredFiles.files(in: remote + "/processed").count == 2)
    }

    @Test("watching a bucket that does not exist fails naming it and S3's code")
    func watchMissingBucket() throws {
        _ = try Self.bucketDirectory()
        let local = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: local) }
        let job = try WatchJob(config: WatchJob.Config(imports: "s3://no-such-bucket-dataflow/imports", target: local + "/warehouse.db"))
        let error = try #require(throws: DataFlowError.self) { try job.prepare(Session(parallelism: 1)) }
        #expect(error.description.contains("s3://no-such-bucket-dataflow/") && error.description.contains("NoSuchBucket"))
        #expect(!FileManager.default.fileExists(atPath: local + "/warehouse.db"))
    }
}
