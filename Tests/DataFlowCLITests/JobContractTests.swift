import DataFlow
import DataFlowIO
import Foundation
import TestSupport
import Testing

/// The contract every job command keeps for the people who schedule it: exit codes, METRICS lines,
/// errors that name the argument as typed, nothing created by a typo.
@Suite("dataflow: the job contract")
struct JobContractTests {
    @Test("a missing --config exits 2 naming --config and the file, without a Foundation error dump")
    func missingConfig() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try dataflow(["migrate", "--config", "nope.yaml", "--quiet"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--config") && result.stderr.contains("nope.yaml"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("column"))
        #expect(result.metrics == [#"METRICS: job=migrate, status=failed, exit_code=2, error="[invalidArgument] --config: no configuration file 'nope.yaml' (file 'nope.yaml', argument '--config')""#])
    }

    @Test("a bad value is reported against the option as typed, whatever the configuration calls it")
    func optionsAsTyped() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let zone = try dataflow(["aggregate", "--output", "out", "--time-zone", "Mars/Olympus", "--quiet"], in: root)
        #expect(zone.status == 2 && zone.stderr.contains("--time-zone: unknown time zone 'Mars/Olympus'"), "\(zone.stderr)")
        let day = try dataflow(["consolidate", "--source", ".", "--output", "out", "--file-count", "2", "--compression", "snappy",
                                "--partition-date", "2025-13-45", "--quiet"], in: root)
        #expect(day.status == 2 && day.stderr.contains("--partition-date: '2025-13-45' is not a date"), "\(day.stderr)")
        let source = try dataflow(["consolidate", "--source", "landnig", "--output", "out", "--file-count", "2", "--compression", "snappy", "--quiet"], in: root)
        #expect(source.status == 2 && source.stderr.contains("--source: no directory 'landnig'"), "\(source.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)

        try Data(#"{"source": "exports", "output": "lake", "tables": {"dim_company": {"schema": "company_id BIGINT, created_date DATE"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: root + "/migrate.json"))
        try FileManager.default.createDirectory(atPath: root + "/exports", withIntermediateDirectories: true)
        let table = try dataflow(["migrate", "--config", "migrate.json", "--table", "nope", "--quiet"], in: root)
        #expect(table.status == 2 && table.stderr.contains("--table: 'nope' is not a configured table"), "\(table.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["exports", "migrate.json"])
    }

    @Test("consolidate says which options it needs, with its own usage line, and exits 2")
    func consolidateRequiredOptions() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try dataflow(["consolidate", "--source", "landing", "--output", "out"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--file-count, --compression are required"), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: dataflow consolidate"), "\(result.stderr)")
        let help = try dataflow(["consolidate", "--help"], in: root)
        #expect(help.status == 0 && help.stdout.contains("Required unless in --config"))
        #expect(try dataflow(["consolidate", "--no-such-option"], in: root).status == 2)
    }

    @Test("watch: a typo in --imports or --target exits 2 and creates nothing")
    func watchTyposCreateNothing() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/imports", withIntermediateDirectories: true)
        let typo = try dataflow(["watch", "--imports", "imprts", "--target", "w.db", "--once", "--quiet"], in: root)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("--imports") && typo.stderr.contains("imprts"), "\(typo.stderr)")
        let target = try dataflow(["watch", "--imports", "imports", "--target", root + "/nonexistent/dir/w.db", "--once", "--quiet"], in: root)
        #expect(target.status == 2)
        #expect(target.stderr.contains("--target"), "\(target.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["imports"])
    }

    @Test("watch --once: a METRICS line per file, a malformed file exits 3, --strict turns rejected rows into exit 4, --json is JSON")
    func watchReports() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/imports", withIntermediateDirectories: true)
        try Data("email,name\na@x.io,A\n,Nobody\n".utf8).write(to: URL(fileURLWithPath: root + "/imports/users.csv"))
        try Data("transaction_id,email\n1,a@x.io\n2,zed@x.io\n".utf8).write(to: URL(fileURLWithPath: root + "/imports/transactions.csv"))
        let waiting = try dataflow(["watch", "--target", "w.db", "--once", "--quiet"], in: root)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.metrics.count == 3)
        #expect(waiting.metrics[1] == "METRICS: job=watch, table=users, status=processed, file=users.csv, rows=2, inserted=1, updated=0, rejected=1")
        #expect(waiting.metrics[2] == "METRICS: job=watch, table=transactions, status=waiting, file=transactions.csv, missing_users=1")

        try Data().write(to: URL(fileURLWithPath: root + "/imports/orders.csv"))
        let failed = try dataflow(["watch", "--target", "w.db", "--once", "--quiet", "--foreign-key-timeout", "0"], in: root)
        #expect(failed.status == 3, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.metrics.contains { $0.hasPrefix(#"METRICS: job=watch, table=orders, status=failed, file=orders.csv, error="[parse] the file is empty"#) })
        #expect(FileManager.default.fileExists(atPath: root + "/failed/orders.csv.error.json"))
        #expect(failed.metrics.contains("METRICS: job=watch, table=transactions, status=processed, file=transactions.csv, rows=2, inserted=1, updated=0, rejected=1"))

        try Data("email,name\nb@x.io,B\n,Nobody\n".utf8).write(to: URL(fileURLWithPath: root + "/imports/users.csv"))
        let strict = try dataflow(["watch", "--target", "w.db", "--once", "--quiet", "--strict", "--json"], in: root)
        #expect(strict.status == 4)
        let report = try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any]
        let job = report?["job"] as? [String: Any], files = report?["files"] as? [[String: Any]]
        #expect(job?["files_processed"] as? Int == 1 && job?["rows_rejected"] as? Int == 1)
        #expect(files?.first?["file"] as? String == "users.csv")
    }

    @Test("ods-sync: arguments are checked before anything is created, and name what to give")
    func odsSyncArguments() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let noDirectory = try dataflow(["ods-sync", "--store", "nodir/x.db", "--quiet"], in: root)
        #expect(noDirectory.status == 2)
        #expect(noDirectory.stderr.contains("--store") && noDirectory.stderr.contains("nodir/x.db"), "\(noDirectory.stderr)")
        let noStore = try dataflow(["ods-sync", "--store", "x.db", "--quiet"], in: root)
        #expect(noStore.status == 2 && noStore.stderr.contains("no SQLite database 'x.db'"), "\(noStore.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)

        let generated = try dataflow(["generate", "ods", "--store", "ods.db", "--customers", "50"], in: root)
        #expect(generated.status == 0, "\(generated.stderr)")
        let empty = try dataflow(["ods-sync", "--store", "ods.db", "--tables", "", "--quiet"], in: root)
        #expect(empty.status == 2 && empty.stderr.contains("--tables"), "\(empty.stderr)")
        let unknown = try dataflow(["ods-sync", "--store", "ods.db", "--tables", "invoices", "--quiet"], in: root)
        #expect(unknown.status == 2 && unknown.stderr.contains("no source 'invoices'"), "\(unknown.stderr)")
        let dev = try dataflow(["ods-sync", "--env", "dev", "--quiet"], in: root, unset: ["DATAFLOW_PG_URL"])
        #expect(dev.status == 2 && dev.stderr.contains("--store: env 'dev' reads and writes PostgreSQL") && dev.stderr.contains("DATAFLOW_PG_URL"), "\(dev.stderr)")

        let first = try dataflow(["ods-sync", "--store", "ods.db", "--quiet"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.metrics.count == 6)
        #expect(first.metrics[0].hasPrefix("METRICS: job=ods-sync, status=succeeded, sources=5, rows_read="))
        #expect(first.metrics[5].hasPrefix("METRICS: job=ods-sync, table=maip-local-orders, status=succeeded, rows_read=25, inserted=25, updated=0"))
        let second = try dataflow(["ods-sync", "--store", "ods.db", "--quiet"], in: root)
        #expect(second.metrics.dropFirst().allSatisfy { $0.contains("rows_read=0, inserted=0, updated=0") }, "\(second.stdout)")
    }

    @Test("the README's ods-sync commands work in an empty folder")
    func readmeODSSync() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try dataflow(["generate", "ods", "--env", "local", "--customers", "40"], in: root).status == 0)
        let sync = try dataflow(["ods-sync", "--env", "local", "--tables", "orders,quotes", "--quiet"], in: root)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.metrics.count == 3 && sync.metrics[1].contains("table=maip-local-orders") && sync.metrics[2].contains("table=maip-local-quotes, status=succeeded, rows_read=30"))
    }

    @Test("head and convert: a CSV preset implies CSV, a target with an extension is one file, values with line breaks stay on one table line")
    func headAndConvert() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // UNLOAD's ESCAPE puts a backslash before a line break inside a value.
        try Data("1|Ada|two\\\nlines\n2|Bo|\\N\n".utf8).write(to: URL(fileURLWithPath: root + "/bookings_0000_part_00"))
        let head = try dataflow(["head", "bookings_0000_part_00", "--csv-preset", "redshift-unload", "--header", "false"], in: root)
        #expect(head.status == 0, "\(head.stderr)")
        #expect(head.stdout.contains(#"|  1|Ada|two\nlines|"#), "\(head.stdout)")
        #expect(head.stdout.split(separator: "\n").count == 6)

        let convert = try dataflow(["convert", "bookings_0000_part_00", "c.jsonl", "--csv-preset", "redshift-unload", "--header", "false"], in: root)
        #expect(convert.status == 0, "\(convert.stderr)")
        var isDirectory: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: root + "/c.jsonl", isDirectory: &isDirectory) && !isDirectory.boolValue)
        #expect(try String(contentsOfFile: root + "/c.jsonl", encoding: .utf8).split(separator: "\n").count == 2)
        #expect(try dataflow(["convert", "bookings_0000_part_00", "c.jsonl", "--csv-preset", "redshift-unload"], in: root).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["bookings_0000_part_00", "c.jsonl"])
        let overview = try dataflow(["generate", "--help"], in: root)
        #expect(overview.stdout.contains("reservations") && overview.stdout.contains("ods") && overview.stdout.contains("imports"))
    }
}
