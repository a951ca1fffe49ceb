import DataFlow
import DataFlowIO
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// DuckDB reads the UNLOAD files itself (skipping broken lines) and compares them with the lake's
/// reservations; prints `expected missing extra`.
private let duckDBMigration = """
\(duckDBCompare)import sys, duckdb
exports, lake = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET TimeZone='UTC'")
cols = "reservation_id, company_id, space_id, person_id, epoch_us(start_ts) s, epoch_us(end_ts) e, people_count, epoch_us(updated_at) u, created_date"
names = ['reservation_id', 'company_id', 'space_id', 'person_id', 'start_ts', 'end_ts', 'people_count', 'updated_at', 'created_date']
types = ['BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'TIMESTAMP', 'TIMESTAMP', 'INTEGER', 'TIMESTAMP', 'DATE']
varchar = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
null = chr(92) + 'N'
typed = ", ".join(f"try_cast(nullif({n}, '{null}') as {t}) as {n}" for n, t in zip(names, types))
con.execute(f'''create view raw as select * from read_csv('{exports}/*', delim='|', quote='"', escape='{chr(92)}', header=false,
  ignore_errors=true, columns={{{varchar}}})''')
con.execute(f"create view src as select {typed} from raw where try_cast(reservation_id as bigint) is not null")
con.execute(f"create view expected as select {cols} from src")
con.execute(f"create view actual as select {cols} from read_parquet('{lake}/**/*.parquet', hive_partitioning=true)")
print(*compare('expected', 'actual'))
"""

@Suite("migrate (seed 003)")
struct MigrateJobTests {
    static let start = CalendarDate(daysSinceEpoch: 20_148) // 2025-03-01

    static func export(_ root: String, session: Session, malformed: Int = 3) throws {
        try ReservationExport(reservationRows: 20_000, startDate: start, days: 30, files: 4, malformedRecords: malformed)
            .write(to: root + "/exports", session: session)
    }

    @Test("a snapshot becomes a partitioned Parquet lake equal to DuckDB's reading of the exports, with every record reconciled")
    func snapshot() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.export(root, session: session)
        let config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
        let report = try MigrateJob(config: config).run(session: session)
        let facts = try #require(report.tables.first { $0.table == "fact_reservation" })
        #expect(facts.files == 4 && facts.rowsRead == 20_003 && facts.rowsRejected == 3 && facts.rowsWritten == 20_000)
        #expect(facts.rejects.count == 3 && facts.rejects.allSatisfy { $0.file.hasSuffix("fact_reservation_0003_part_00") && $0.record > 0 })
        #expect(facts.rejectsFile == "_rejects/fact_reservation")
        #expect(try session.read.jsonl(root + "/lake/_rejects/fact_reservation").count() == 3)
        #expect(report.tables.map(\.table) == ["dim_company", "dim_space", "fact_reservation"])
        #expect(report.tables.first { $0.table == "dim_company" }?.rowsWritten == 50)

        let counts = try runPython(duckDBMigration, [root + "/exports/fact_reservation/snapshot", root + "/lake/fact_reservation"])
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [20_000, 0, 0])

        let table = try Catalog(warehouse: session.warehouse).table("default.fact_reservation")
        #expect(table.partitionColumns == ["created_date"] && table.partitions == facts.partitions && facts.partitions.count == 30)
        #expect(try session.read.table("fact_reservation").count() == 20_000)
        #expect(report.metrics.last?.description == "METRICS: job=migrate, table=fact_reservation, status=succeeded, mode=snapshot, files=4, rows_read=20003, rows_rejected=3, rows_written=20000, partitions=30")

        let again = try MigrateJob(config: config).run(session: session)
        #expect(again.tables.map(\.rowsWritten) == report.tables.map(\.rowsWritten))
        #expect(try session.read.table("fact_reservation").count() == 20_000)
    }

    @Test("on Spark (--remote) a snapshot reads, rejects, reconciles and writes as the embedded run does")
    func runsOnSpark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.export(root, session: Session())
        let config = { (output: String) in MigrateJob.Config(source: root + "/exports", output: root + "/" + output, tables: ReservationExport.tables) }
        let embedded = try MigrateJob(config: config("lake")).run(session: Session(warehouse: root + "/warehouse"))
        let remote = try MigrateJob(config: config("remote-lake")).run(session: try sparkSession(warehouse: root + "/remote-warehouse"))
        #expect(remote.tables.map(\.table) == embedded.tables.map(\.table))
        for (spark, local) in zip(remote.tables, embedded.tables) {
            #expect(spark.rowsRead == local.rowsRead && spark.rowsRejected == local.rowsRejected && spark.rowsWritten == local.rowsWritten, "\(spark.table)")
            #expect(spark.partitions == local.partitions && spark.rejectsFile == local.rejectsFile, "\(spark.table)")
            // The same records rejected, named by file and record number; Spark's CSV source cannot say
            // why, DataFlow's names the line and the column or field count.
            #expect(spark.rejects.map { "\($0.file):\($0.record)" } == local.rejects.map { "\($0.file):\($0.record)" }, "\(spark.table)")
            #expect(spark.rejects.allSatisfy { $0.reason == "malformed record" } && local.rejects.allSatisfy { $0.reason.hasPrefix("line \($0.record): ") })
        }
        let facts = try #require(remote.tables.first { $0.table == "fact_reservation" })
        #expect(facts.rowsRejected == 3 && facts.rowsWritten == 20_000 && facts.partitions.count == 30)
        let counts = try runPython(duckDBMigration, [root + "/exports/fact_reservation/snapshot", root + "/remote-lake/fact_reservation"])
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [20_000, 0, 0])
        #expect(try Catalog(warehouse: root + "/remote-warehouse").table("default.fact_reservation").partitions == facts.partitions)
        #expect(try Session().read.jsonl(root + "/remote-lake/_rejects/fact_reservation").count() == 3)
    }

    @Test("incremental runs replace only the partitions their new files hold, and take each file once")
    func incremental() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.export(root, session: session, malformed: 0)
        var config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
        config.only = ["fact_reservation"]
        _ = try MigrateJob(config: config).run(session: session)
        let before = try session.read.table("fact_reservation").groupBy("created_date").agg(Expr.count().alias("n")).orderBy(col("created_date")).collect()

        // New rows for 2025-03-05 (replacing that day) and 2025-04-15 (a new day).
        let schema = try Schema(ddl: ReservationExport.tables["fact_reservation"]?.schema ?? "")
        let rows: [[Scalar]] = (0..<10).map { index in
            let day = index < 6 ? Self.start.adding(days: 4) : Self.start.adding(days: 45)
            let start = Int64(day.daysSinceEpoch) * 86_400_000_000 + Int64(index) * 3_600_000_000
            return [.int64(Int64(900_000 + index)), .int64(1), .int64(1), .int64(1), .timestamp(start), .timestamp(start + 3_600_000_000),
                    .int32(2), .timestamp(start), .date(Int32(day.daysSinceEpoch))]
        }
        try ReservationExport.writeExport(try session.createDataFrame(rows: rows, schema: schema), table: "fact_reservation",
                                          mode: .incremental, root: root + "/exports", files: 2, prefix: "fact_reservation_batch1")
        config.mode = .incremental
        let report = try MigrateJob(config: config).run(session: session)
        #expect(report.tables.first?.files == 2 && report.tables.first?.partitions == ["created_date=2025-03-05", "created_date=2025-04-15"])
        // The replaced day had its own rows before; the line says how many, and how many now.
        let replacedBefore = before.first { $0[0].formatted() == "2025-03-05" }?[1].integerValue ?? -1
        #expect(report.tables.first?.replacedPartitions == [MigrateJob.PartitionChange(partition: "created_date=2025-03-05", rowsBefore: replacedBefore, rowsAfter: 6)])
        #expect(report.metrics.last?["replaced"] == .text("created_date=2025-03-05:\(replacedBefore)->6"))
        let after = try session.read.table("fact_reservation").groupBy("created_date").agg(Expr.count().alias("n")).orderBy(col("created_date")).collect()
        let changed = Set(after).subtracting(before).map { $0[0].formatted() }.sorted()
        #expect(changed == ["2025-03-05", "2025-04-15"])
        #expect(after.count == before.count + 1)
        #expect(try session.read.table("fact_reservation").filter(col("created_date") == lit(Scalar.date(Int32(Self.start.adding(days: 4).daysSinceEpoch)))).count() == 6)
        #expect(try Catalog(warehouse: session.warehouse).table("fact_reservation").partitions.count == 31)

        let rerun = try MigrateJob(config: config).run(session: session)
        #expect(rerun.tables.first?.files == 0 && rerun.tables.first?.rowsWritten == 0)
        #expect(try session.read.table("fact_reservation").groupBy("created_date").agg(Expr.count().alias("n")).orderBy(col("created_date")).collect() == after)

        // The same exports by another spelling of their root take nothing again.
        var respelled = config
        respelled.source = root + "/./exports/../exports"
        #expect(try MigrateJob(config: respelled).run(session: session).tables.first?.files == 0)
        // A snapshot in between keeps what the incremental runs took.
        var snapshot = config
        snapshot.mode = .snapshot
        _ = try MigrateJob(config: snapshot).run(session: session)
        #expect(try MigrateJob(config: config).run(session: session).tables.first?.files == 0)
    }

    @Test("a rejected record says its record number, its line, the column and why")
    func rejectReasons() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let directory = root + "/exports/dim_company/snapshot"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Record 2 spans lines 2 and 3 (an escaped line break); records 3 to 5 are broken three ways.
        try Data("1|Acme|2025-03-01\n2|Multi\\\nline|2025-03-02\n3|Short\n4|Bad date|2025-13-01\n5|\"Open|2025-03-03\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/dim_company_0000_part_00"))
        var config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
        config.only = ["dim_company"]
        config.maxRejectRatio = 1
        let report = try MigrateJob(config: config).run(session: session)
        #expect(report.tables.first?.rowsRejected == 3 && report.rejectedRecords == 3)
        #expect(report.tables.first?.rejects.map { "\($0.record) \($0.reason)" } == [
            "3 line 4: expected 3 fields, found 2",
            "4 line 5: column 'created_date': '2025-13-01' is not a date",
            "5 line 6: unterminated quote",
        ])
    }

    @Test("too many rejects fail the job before anything is written; a missing export is named")
    func failures() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.export(root, session: session)
        var config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
        config.maxRejectRatio = 0.0001
        #expect { try MigrateJob(config: config).run(session: session) } throws: { error in
            let text = "\(error)"
            return text.contains("fact_reservation") && text.contains("3 of 20003") && text.contains("fact_reservation_0003_part_00") && text.contains("nothing was written")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/lake"))
        config.mode = .incremental
        let skipped = try MigrateJob(config: config).run(session: session)
        #expect(skipped.tables.map(\.note) == Array(repeating: "no incremental/ directory: skipped", count: 3))
        #expect(skipped.metrics[1]["note"] == .text("no incremental/ directory: skipped"))
        #expect(!FileManager.default.fileExists(atPath: root + "/lake"))
        config.only = ["nope"]
        #expect { try MigrateJob(config: config).run(session: session) } throws: { error in "\(error)".contains("'nope'") }
    }

    @Test("--to loads the lake into a database: a snapshot replaces each table, an incremental run only its partitions", arguments: ["sqlite", "postgres"])
    func loadInto(kind: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.export(root, session: session, malformed: 0)
        let schema = "migrated_" + UUID().uuidString.prefix(8).lowercased()
        let target = kind == "sqlite" ? root + "/target.db" : try testDatabaseURL()
        var config = MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)
        config.only = ["fact_reservation"]
        config.loadInto = target
        config.loadSchema = schema
        #expect(try MigrateJob(config: config).run(session: session).tables.first?.rowsLoaded == 20_000)
        let warehouse = try Warehouse(target, argument: "to")
        let table = warehouse.quoted(warehouse.table("fact_reservation", schema: schema))
        #expect(try warehouse.count("SELECT count(*) FROM \(table)") == 20_000)

        let rows: [[Scalar]] = (0..<3).map { index in
            let start = Int64(Self.start.adding(days: 4).daysSinceEpoch) * 86_400_000_000 + Int64(index) * 3_600_000_000
            return [.int64(Int64(800_000 + index)), .int64(1), .int64(1), .int64(1), .timestamp(start), .timestamp(start + 3_600_000_000), .int32(2), .timestamp(start),
                    .date(Int32(Self.start.adding(days: 4).daysSinceEpoch))]
        }
        try ReservationExport.writeExport(try session.createDataFrame(rows: rows, schema: Schema(ddl: ReservationExport.tables["fact_reservation"]?.schema ?? "")),
                                          table: "fact_reservation", mode: .incremental, root: root + "/exports", files: 1, prefix: "batch")
        config.mode = .incremental
        #expect(try MigrateJob(config: config).run(session: session).tables.first?.rowsLoaded == 3)
        let lakeCount = try session.read.parquet(root + "/lake/fact_reservation").count()
        #expect(try warehouse.count("SELECT count(*) FROM \(table)") == lakeCount)
        #expect(try warehouse.count("SELECT count(*) FROM \(table) WHERE reservation_id >= 800000") == 3)
        if kind == "postgres" { try warehouse.execute([SQLStatement("DROP SCHEMA \"\(schema)\" CASCADE")]) }
    }
}
