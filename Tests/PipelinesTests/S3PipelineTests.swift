import DataFlow
@testable import DataFlowIO
import DataFlowS3
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// The consolidate, cdc-snapshot and migrate pipelines with their inputs, outputs and warehouse
/// (catalog included) in the tests' SeaweedFS bucket, compared with the same jobs on local files.
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
}
