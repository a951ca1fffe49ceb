import DataFlow
import DataFlowIO
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// DuckDB's independent computation of a consolidation: reads the day's landing files with their
/// names and row numbers, keeps the latest version per chargeback_id, and compares it with the
/// consolidated files. Prints `records null_keys winners missing extra`.
private let duckDBConsolidation = """
\(duckDBCompare)import sys, duckdb
landing, output = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"create view src as select * from read_parquet('{landing}/*.parquet', filename=true, file_row_number=true)")
records, null_keys = con.execute("select count(*), count(*) - count(chargeback_id) from src").fetchone()
con.execute('''create view winners as select * exclude (filename, file_row_number, rn) from (
  select *, row_number() over (partition by chargeback_id
    order by coalesce(updated_at, event_timestamp) desc nulls last, filename desc, file_row_number desc) as rn
  from src where chargeback_id is not null) where rn = 1''')
con.execute(f"create view out as select * from read_parquet('{output}/*.parquet', hive_partitioning=false)")
print(records, null_keys, *compare('winners', 'out'))
"""

@Suite("consolidate (seed 002)")
struct ConsolidateJobTests {
    /// Three generated days of landing files under `root/landing`, a session whose warehouse is `root/warehouse`.
    static func landingZone(_ root: String, rowsPerDay: Int = 20_000) throws -> Session {
        let session = Session(warehouse: root + "/warehouse")
        let days = ["2025-11-01", "2025-11-02", "2025-11-03"].compactMap(CalendarDate.init)
        try ChargebackLandingZone(days: days, rowsPerDay: rowsPerDay, filesPerDay: 24, batchesPerDay: 3).write(to: root + "/landing", session: session)
        return session
    }

    static func config(_ root: String, sequence: Int = 2) -> ConsolidateJob.Config {
        var config = ConsolidateJob.Config(source: root + "/landing", output: root + "/consolidated/chargebacks", fileCount: 4, compression: .snappy)
        config.partitionDate = "2025-11-02"
        config.executionTime = "2025-11-03T0\(sequence):00:00Z"
        config.executionSequence = sequence
        config.catalogTable = "consolidated.chargebacks"
        return config
    }

    @Test("a day consolidates into exactly N files equal to DuckDB's dedup; other days are untouched; the catalog and report follow")
    func matchesDuckDB() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = try Self.landingZone(root)
        let report = try ConsolidateJob(config: Self.config(root)).run(session: session)

        let day = root + "/consolidated/chargebacks/year=2025/month=11/day=02"
        let files = try FileManager.default.contentsOfDirectory(atPath: day).filter { $0.hasSuffix(".parquet") }
        #expect(files.count == 4)
        #expect(files.allSatisfy { $0.hasPrefix("exec2of4-20251103T020000Z-") })
        #expect(report.outputFiles == 4 && report.sourceFiles == 24 && report.partitionDates == ["2025-11-02"])
        #expect(!FileManager.default.fileExists(atPath: root + "/consolidated/chargebacks/year=2025/month=11/day=01"))

        let counts = try runPython(duckDBConsolidation, [root + "/landing/2025/11/02", day]).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [report.recordsProcessed, report.nullKeyRowsDropped, report.recordsWritten, 0, 0])
        #expect(report.recordsProcessed == 20_000)
        #expect(report.duplicatesRemoved == report.recordsProcessed - report.nullKeyRowsDropped - report.recordsWritten)
        #expect(report.duplicatesRemoved > 100 && report.nullKeyRowsDropped > 0)
        #expect(report.summary.hasPrefix("METRICS: job=consolidate, status=succeeded, records_processed=20000, duplicates_removed=\(report.duplicatesRemoved), output_files=4, duration_seconds="))

        let table = try Catalog(warehouse: session.warehouse).table("consolidated.chargebacks")
        #expect(table.partitions == ["year=2025/month=11/day=02"] && table.partitionColumns == ["year", "month", "day"])
        #expect(try session.read.table("consolidated.chargebacks").count() == report.recordsWritten)
        let saved = try JSONDecoder().decode(ConsolidateJob.Report.self, from: Data(contentsOf: URL(fileURLWithPath:
            root + "/consolidated/chargebacks/_reports/consolidate-2025-11-02-exec2of4.json")))
        #expect(saved == report)
    }

    @Test("on Spark through Spark Connect (--remote): the same rows as DuckDB's dedup, the same report counts")
    func runsOnSpark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try Self.landingZone(root)
        let report = try ConsolidateJob(config: Self.config(root)).run(session: try sparkSession(warehouse: root + "/warehouse"))
        let day = root + "/consolidated/chargebacks/year=2025/month=11/day=02"
        let files = try FileManager.default.contentsOfDirectory(atPath: day).filter { $0.hasSuffix(".parquet") }
        #expect(files.count == 4)
        let counts = try runPython(duckDBConsolidation, [root + "/landing/2025/11/02", day]).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [report.recordsProcessed, report.nullKeyRowsDropped, report.recordsWritten, 0, 0])
        #expect(report.recordsProcessed == 20_000 && report.duplicatesRemoved > 100)
        #expect(try Catalog(warehouse: root + "/warehouse").table("consolidated.chargebacks").partitions == ["year=2025/month=11/day=02"])
    }

    @Test("a rerun and a later execution replace the day with the same rows; a dry run writes nothing")
    func rerunsAreIdempotent() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = try Self.landingZone(root, rowsPerDay: 5_000)
        let day = root + "/consolidated/chargebacks/year=2025/month=11/day=02"
        let first = try ConsolidateJob(config: Self.config(root)).run(session: session)
        let rows = try session.read.parquet(day).orderBy(col("chargeback_id")).collect()
        let again = try ConsolidateJob(config: Self.config(root, sequence: 3)).run(session: session)
        #expect(try session.read.parquet(day).orderBy(col("chargeback_id")).collect() == rows)
        #expect(again.recordsWritten == first.recordsWritten && again.duplicatesRemoved == first.duplicatesRemoved)
        let files = try FileManager.default.contentsOfDirectory(atPath: day).filter { $0.hasSuffix(".parquet") }
        #expect(files.count == 4 && files.allSatisfy { $0.hasPrefix("exec3of4-") })

        var dry = Self.config(root)
        dry.dryRun = true
        dry.output = root + "/dry"
        let report = try ConsolidateJob(config: dry).run(session: session)
        #expect(!FileManager.default.fileExists(atPath: root + "/dry"))
        #expect(report.recordsWritten == first.recordsWritten && report.outputFiles == 0 && report.dryRun)
    }

    @Test("without the partition filter every day present is consolidated, N files each")
    func everyDay() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = try Self.landingZone(root, rowsPerDay: 3_000)
        var config = Self.config(root)
        config.enablePartitionFilter = false
        let report = try ConsolidateJob(config: config).run(session: session)
        #expect(report.partitionDates == ["2025-11-01", "2025-11-02", "2025-11-03"])
        #expect(report.outputFiles == 12 && report.recordsProcessed == 9_000)
        for day in ["01", "02", "03"] {
            let directory = root + "/consolidated/chargebacks/year=2025/month=11/day=" + day
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".parquet") }.count == 4)
        }
        #expect(try Catalog(warehouse: session.warehouse).table("consolidated.chargebacks").partitions.count == 3)
    }

    @Test("ties: the later updated_at, else event_timestamp; then the later file; then the later row")
    func tieBreaks() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let schema = ChargebackLandingZone.schema
        func row(_ id: String?, _ status: String, event: Int64, updated: Int64?) -> [Scalar] {
            [id.map(Scalar.string) ?? .null, .int64(1), .decimal(unscaled: 100, precision: 18, scale: 2), "EUR", .string(status), .null,
             .timestamp(event), updated.map(Scalar.timestamp) ?? .null, .null]
        }
        let day = root + "/landing/2025/11/02"
        let fileA: [[Scalar]] = [row("a", "a-old", event: 10, updated: 50), row("b", "b-first-row", event: 10, updated: 70),
                                  row("b", "b-second-row", event: 10, updated: 70), row("c", "c-fallback-newer", event: 90, updated: nil),
                                  row("d", "d-in-a", event: 10, updated: 40)]
        let fileB: [[Scalar]] = [row("a", "a-new", event: 10, updated: 60), row("c", "c-updated-older", event: 10, updated: 80),
                                  row("d", "d-in-b", event: 10, updated: 40), row("b", "b-older", event: 10, updated: 65)]
        try session.createDataFrame(rows: fileA, schema: schema).coalesce(1).write.fileNamePrefix("a").parquet(day + "/a")
        try session.createDataFrame(rows: fileB, schema: schema).coalesce(1).write.fileNamePrefix("b").parquet(day + "/b")
        var config = ConsolidateJob.Config(source: root + "/landing", output: root + "/out", fileCount: 1, compression: .zstd)
        config.partitionDate = "2025-11-02"
        config.sourceLayout = "{year}/{month}/{day}"
        let report = try ConsolidateJob(config: config).run(session: session)
        let statuses = try session.read.parquet(root + "/out").orderBy(col("chargeback_id")).select("chargeback_id", "status").collect().map { $0[1].formatted() }
        #expect(statuses == ["a-new", "b-second-row", "c-fallback-newer", "d-in-b"])
        #expect(report.recordsProcessed == 9 && report.duplicatesRemoved == 5)
    }

    @Test("failures name what is wrong and leave the previous output as it was")
    func failures() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = try Self.landingZone(root, rowsPerDay: 2_000)
        let day = root + "/consolidated/chargebacks/year=2025/month=11/day=02"
        _ = try ConsolidateJob(config: Self.config(root)).run(session: session)
        let before = try FileManager.default.contentsOfDirectory(atPath: day).sorted()

        var missing = Self.config(root)
        missing.partitionDate = "2025-11-09"
        #expect { try ConsolidateJob(config: missing).run(session: session) } throws: { error in
            "\(error)".contains("2025-11-09") && "\(error)".contains("landing/2025/11/09")
        }

        try Data("PAR1 not really parquet".utf8).write(to: URL(fileURLWithPath: root + "/landing/2025/11/02/zz-corrupt.parquet"))
        #expect { try ConsolidateJob(config: Self.config(root, sequence: 3)).run(session: session) } throws: { error in
            "\(error)".contains("zz-corrupt.parquet")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: day).sorted() == before)
        try FileManager.default.removeItem(atPath: root + "/landing/2025/11/02/zz-corrupt.parquet")

        let nullKey: [Scalar] = [.null, .int64(1), .decimal(unscaled: 1, precision: 18, scale: 2), "EUR", "open", .null, .timestamp(0), .null, .null]
        try session.createDataFrame(rows: [nullKey], schema: ChargebackLandingZone.schema).write.parquet(root + "/landing/2025/11/02/null-key")
        var strict = Self.config(root, sequence: 3)
        strict.maxNullRatio = 0.0001
        #expect { try ConsolidateJob(config: strict).run(session: session) } throws: { error in
            "\(error)".contains("chargeback_id") && "\(error)".contains("max-null-ratio")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: day).sorted() == before)

        var badCount = Self.config(root)
        badCount.fileCount = 0
        #expect { try ConsolidateJob(config: badCount).run(session: session) } throws: { error in "\(error)".contains("file-count") }
    }

    @Test("configurations load from YAML and JSON with the seed's defaults")
    func configFiles() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("source: landing\noutput: out\nfileCount: 10\ncompression: gzip\ndryRun: true\n".utf8).write(to: URL(fileURLWithPath: root + "/job.yaml"))
        let yaml = try ConsolidateJob.Config.load(from: root + "/job.yaml")
        #expect(yaml.fileCount == 10 && yaml.compression == .gzip && yaml.dryRun && yaml.executionSequence == 1 && yaml.totalExecutions == 4)
        #expect(yaml.enablePartitionFilter && yaml.sourceLayout == "{year}/{month}/{day}" && yaml.partitionDate == nil)
        let executed = try #require(ISO8601DateFormatter().date(from: "2025-11-03T06:00:00Z"))
        #expect(try yaml.resolvedPartitionDate(executionTime: executed).description == "2025-11-02")
        try Data(#"{"source": "landing", "output": "out"}"#.utf8).write(to: URL(fileURLWithPath: root + "/job.json"))
        #expect { try ConsolidateJob.Config.load(from: root + "/job.json") } throws: { error in "\(error)".contains("fileCount") }
    }
}
