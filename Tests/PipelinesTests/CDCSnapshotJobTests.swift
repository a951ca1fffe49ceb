import DataFlow
import DataFlowIO
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// DuckDB's independent snapshot of a DMS directory as of a run date, rebuilt from every file:
/// full-load rows first, then changes by (cdc_timestamp, file name, row); the last version of each
/// key wins and deletes drop it. Compared with the snapshot at `argv[3]`; prints
/// `expected missing extra`.
private let duckDBSnapshot = """
\(duckDBCompare)import sys, os, glob, duckdb
dms, run_date, snapshot = sys.argv[1], sys.argv[2].replace('-', ''), sys.argv[3]
load = sorted(glob.glob(dms + '/LOAD*.parquet'))
changes = sorted(f for f in glob.glob(dms + '/[0-9]*.parquet') if os.path.basename(f)[:8] <= run_date)
cols = 'emp_no, birth_date, first_name, last_name, gender, hire_date'
parts = [f"select {cols}, 'I' as op, 0 as src, null::timestamp as ts, '{f}' as file, file_row_number as r from read_parquet('{f}', file_row_number=true)" for f in load]
parts += [f"select {cols}, Op as op, 1 as src, cdc_timestamp::timestamp as ts, '{f}' as file, file_row_number as r from read_parquet('{f}', file_row_number=true)" for f in changes]
con = duckdb.connect()
con.execute('create view v as ' + ' union all '.join(parts))
con.execute(f'''create view expected as select {cols} from (select *, row_number() over (partition by emp_no
  order by src desc, ts desc nulls last, file desc, r desc) as rn from v) where rn = 1 and op <> 'D' ''')
con.execute(f"create view actual as select {cols} from read_parquet('{snapshot}/**/*.parquet', hive_partitioning=true, union_by_name=true)")
print(*compare('expected', 'actual'))
"""

@Suite("cdc-snapshot (seed 001)")
struct CDCSnapshotJobTests {
    static let start = CalendarDate(daysSinceEpoch: 18_579) // 2020-11-13

    /// Checks the snapshot `report` committed against DuckDB's rebuild from every file.
    static func expectMatchesDuckDB(_ report: CDCSnapshotJob.Report, dms: String) throws {
        let counts = try runPython(duckDBSnapshot, [dms, report.runDate, report.location]).split(separator: " ")
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [report.snapshotRows, 0, 0])
    }

    @Test("daily runs build on the previous snapshot and equal DuckDB's rebuild from every file; a rerun changes nothing")
    func dailyRuns() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let export = DMSExport(fullLoadRows: 4_000, changes: 3_000, days: 3, filesPerDay: 3, startDate: Self.start)
        try export.write(to: root + "/dms", session: session)
        let source = export.tableConfig(path: root + "/dms")
        var reports: [CDCSnapshotJob.Report] = []
        for day in 0..<3 {
            let report = try CDCSnapshotJob(config: .init(table: "employees", source: source, runDate: Self.start.adding(days: day))).run(session: session)
            try Self.expectMatchesDuckDB(report, dms: root + "/dms")
            reports.append(report)
        }
        #expect(reports.map(\.version) == [1, 2, 3])
        #expect(reports.map(\.baseVersion) == [nil, 1, 2])
        #expect(reports[0].fullLoadFiles == 1 && reports[1].fullLoadFiles == 0 && reports.allSatisfy { $0.changeFiles == 3 })
        #expect(reports[0].inserts >= 4_000 && reports.map(\.deletes).reduce(0, +) > 0 && reports.map(\.updates).reduce(0, +) > 0)

        let rerun = try CDCSnapshotJob(config: .init(table: "employees", source: source, runDate: Self.start.adding(days: 2))).run(session: session)
        #expect(rerun.version == 4 && rerun.baseVersion == 2 && rerun.snapshotRows == reports[2].snapshotRows)
        try Self.expectMatchesDuckDB(rerun, dms: root + "/dms")
        let table = try Catalog(warehouse: session.warehouse).table("default.employees_snapshot")
        #expect(table.version == 4 && table.location == rerun.location)
        #expect(try session.read.table("employees_snapshot").count() == rerun.snapshotRows)

        let partitioned = try CDCSnapshotJob(config: .init(table: "employees", source: source, runDate: Self.start.adding(days: 2),
                                                           partitioned: true, database: "hr")).run(session: session)
        try Self.expectMatchesDuckDB(partitioned, dms: root + "/dms")
        let partitions = try Catalog(warehouse: session.warehouse).table("hr.employees_snapshot").partitions
        #expect(!partitions.isEmpty && partitions.allSatisfy { $0.hasPrefix("hire_date=") && $0.count == "hire_date=2020-11-13".count })
    }

    @Test("on Spark through Spark Connect (--remote): two daily runs equal DuckDB's rebuild")
    func runsOnSpark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let export = DMSExport(fullLoadRows: 4_000, changes: 3_000, days: 2, filesPerDay: 3, startDate: Self.start)
        try export.write(to: root + "/dms", session: Session(warehouse: root + "/warehouse"))
        let spark = try sparkSession(warehouse: root + "/warehouse")
        for day in 0..<2 {
            let report = try CDCSnapshotJob(config: .init(table: "employees", source: export.tableConfig(path: root + "/dms"),
                                                          runDate: Self.start.adding(days: day))).run(session: spark)
            try Self.expectMatchesDuckDB(report, dms: root + "/dms")
            #expect(report.version == day + 1 && report.snapshotRows > 3_000)
        }
    }

    /// Writes a DMS file of (Op, cdc_timestamp as seconds after 2020-11-13 00:00, emp_no, last_name).
    static func dmsFile(_ session: Session, _ path: String, _ rows: [(op: String?, second: Int64, key: Int32, name: String)], withOp: Bool = true) throws {
        let schema = try Schema(ddl: (withOp ? "Op STRING, " : "") + "cdc_timestamp TIMESTAMP, emp_no INT, last_name STRING")
        let base = Int64(start.daysSinceEpoch) * 86_400_000_000
        let table = rows.map { row -> [Scalar] in
            (withOp ? [row.op.map(Scalar.string) ?? .null] : []) + [.timestamp(base + row.second * 1_000_000), .int32(row.key), .string(row.name)]
        }
        let written = try session.createDataFrame(rows: table, schema: schema).coalesce(1).write.mode(.overwrite).parquet(path + ".dir")
        try FileManager.default.moveItem(atPath: path + ".dir/" + (try #require(written.files.first)), toPath: path)
        try FileManager.default.removeItem(atPath: path + ".dir")
    }

    @Test("full-load rows come first whatever their timestamp; equal timestamps keep file then row order; deletes remove keys")
    func orderingEdgeCases() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let dms = root + "/dms"
        try FileManager.default.createDirectory(atPath: dms, withIntermediateDirectories: true)
        try Self.dmsFile(session, dms + "/LOAD00000001.parquet", [(nil, 43_200, 1, "load"), (nil, 43_200, 2, "load"), (nil, 43_200, 3, "load"), (nil, 43_200, 4, "load")], withOp: false)
        try Self.dmsFile(session, dms + "/20201113-010000000.parquet", [("U", 3_600, 1, "early-update"), ("U", 7_200, 2, "first"), ("U", 7_200, 2, "second"),
                                                                       ("U", 9_000, 3, "in-first-file"), ("D", 9_500, 4, "gone")])
        try Self.dmsFile(session, dms + "/20201113-020000000.parquet", [("U", 9_000, 3, "in-second-file"), ("I", 9_600, 5, "new"), ("D", 9_700, 5, "new")])
        try Self.dmsFile(session, dms + "/20201114-010000000.parquet", [("I", 90_000, 4, "back"), ("U", 90_000, 1, "day-two")])
        let source = CDCTableConfig(path: dms, primaryKeys: ["emp_no"], cdcStartDate: Self.start, schema: "emp_no BIGINT, last_name STRING")
        let first = try CDCSnapshotJob(config: .init(table: "people", source: source, runDate: Self.start)).run(session: session)
        func names(_ location: String) throws -> [String] {
            try session.read.parquet(location).orderBy(col("emp_no")).collect().map { "\($0[0].formatted())=\($0[1].formatted())" }
        }
        #expect(try names(first.location) == ["1=early-update", "2=second", "3=in-second-file"])
        #expect(first.rowsRead == 12 && first.deletes == 2 && first.inserts == 5)
        let second = try CDCSnapshotJob(config: .init(table: "people", source: source, runDate: Self.start.adding(days: 1))).run(session: session)
        #expect(try names(second.location) == ["1=day-two", "2=second", "3=in-second-file", "4=back"])
        #expect(second.rowsRead == 2 && second.baseVersion == 1)
    }

    @Test("the schema is enforced: a missing column names the file; a value that does not cast names file, row and column")
    func strictSchema() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let dms = root + "/dms"
        try FileManager.default.createDirectory(atPath: dms, withIntermediateDirectories: true)
        try Self.dmsFile(session, dms + "/LOAD00000001.parquet", [(nil, 0, 1, "a"), (nil, 0, 2, "b")], withOp: false)
        let missing = CDCTableConfig(path: dms, primaryKeys: ["emp_no"], cdcStartDate: Self.start, schema: "emp_no INT, last_name STRING, gender STRING")
        #expect { try CDCSnapshotJob(config: .init(table: "t", source: missing, runDate: Self.start)).run(session: session) } throws: { error in
            "\(error)".contains("gender") && "\(error)".contains("LOAD00000001.parquet")
        }
        try Self.dmsFile(session, dms + "/20201113-010000000.parquet", [("U", 10, 1, "x"), ("U", 11, 2, "not-a-number")])
        let uncastable = CDCTableConfig(path: dms, primaryKeys: ["emp_no"], cdcStartDate: Self.start, schema: "emp_no INT, last_name INT")
        #expect { try CDCSnapshotJob(config: .init(table: "t", source: uncastable, runDate: Self.start)).run(session: session) } throws: { error in
            let text = "\(error)"
            return text.contains("last_name") && text.contains("does not cast") && text.contains("row 1") && text.contains(".parquet")
        }
        #expect(try Catalog(warehouse: session.warehouse).lookup(TableName("t_snapshot")) == nil)
        #expect { try CDCSnapshotJob(config: .init(table: "t", source: missing, runDate: Self.start.adding(days: -1))).run(session: session) } throws: { error in
            "\(error)".contains("before")
        }
    }

    @Test("the sources file loads from YAML with the seed's snake_case keys")
    func sourcesFile() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let yaml = """
            tables:
              employees:
                path: dms/employees
                primary_keys: [emp_no]
                partition_date: hire_date
                cdc_start_date: 2020-11-13
                schema: "emp_no INT, hire_date DATE"
            """
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: root + "/sources.yaml"))
        let sources = try CDCSourcesFile.load(from: root + "/sources.yaml")
        #expect(sources.tables["employees"] == CDCTableConfig(path: "dms/employees", primaryKeys: ["emp_no"], partitionDate: "hire_date",
                                                              cdcStartDate: Self.start, schema: "emp_no INT, hire_date DATE"))
        try sources.save(to: root + "/sources.json")
        #expect(try CDCSourcesFile.load(from: root + "/sources.json").tables == sources.tables)
    }
}
