import DataFlow
import DataFlowIO
import Foundation
@testable import Pipelines
import TestSupport
import Testing

/// Python's sqlite3 computes the expected target from the sources on its own and compares it with
/// the synced one: prints `expected missing extra`, then one row's attributes as parsed JSON.
private let sqliteExpected = """
import sys, sqlite3, json
c = sqlite3.connect(sys.argv[1])
specs = [('products', 'product_id', 'price', True), ('customers', 'customer_id', None, False), ('applications', 'application_id', 'requested_amount', False),
         ('quotes', 'quote_id', 'amount', True), ('orders', 'order_id', 'total', True)]
expected = set()
for name, key, amount, currency in specs:
    for row in c.execute(f'select merchant_id, {key}, updated_at, status, {amount or "null"}, {"currency" if currency else "null"} from "maip-local-{name}"'):
        expected.add((row[0], name, str(row[1]), row[2][:19], row[3], None if row[4] is None else f'{float(row[4]):.2f}', row[5]))
actual = set((r[0], r[1], r[2], r[3][:19], r[4], None if r[5] is None else f'{float(r[5]):.2f}', r[6]) for r in c.execute(
    'select merchant_id, entity_type, entity_id, event_time, status, amount, currency from "maip-local-merchant-analytics"'))
print(len(expected), len(expected - actual), len(actual - expected))
print(json.dumps(json.loads(c.execute('select attributes from "maip-local-merchant-analytics" where entity_type = ? and entity_id = ?', ('customers', '2')).fetchone()[0]), sort_keys=True))
"""

@Suite("ods-sync (seed 000)")
struct ODSSyncJobTests {
    static func sources(_ path: String, session: Session, day: Int64, customers: Int = 20) throws {
        let at = { (n: Int64) in Scalar.timestamp(1_760_000_000_000_000 + day * 86_400_000_000 + n * 1_000_000) }
        let tables: [(String, String, [[Scalar]])] = [
            ("products", "product_id BIGINT, merchant_id BIGINT, name STRING, price DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
             (1...10).map { [.int64($0), .int64($0 % 3), .string("Plan \"\($0)\""), .decimal(unscaled: Int128($0 * 1_999), precision: 12, scale: 2), "EUR", "active", at($0)] }),
            ("customers", "customer_id BIGINT, merchant_id BIGINT, email STRING, name STRING, status STRING, updated_at TIMESTAMP",
             (1...Int64(customers)).map { [.int64($0), .int64($0 % 3), .string("c\($0)@x.io"), .string("Line\nbreak \($0)"), "new", at($0)] }),
            ("applications", "application_id BIGINT, merchant_id BIGINT, customer_id BIGINT, product_id BIGINT, status STRING, requested_amount DOUBLE, updated_at TIMESTAMP",
             (1...15).map { [.int64($0), .int64($0 % 3), .int64($0), .int64($0 % 10 + 1), "submitted", .float64(Double($0) * 100.5), at($0)] }),
            ("quotes", "quote_id BIGINT, merchant_id BIGINT, application_id BIGINT, amount DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
             (1...12).map { [.int64($0), .int64($0 % 3), .int64($0), .decimal(unscaled: Int128($0 * 777), precision: 12, scale: 2), "USD", "offered", at($0)] }),
            ("orders", "order_id BIGINT, merchant_id BIGINT, quote_id BIGINT, total DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
             (1...8).map { [.int64($0), .int64($0 % 3), .int64($0), .decimal(unscaled: Int128($0 * 5_000), precision: 12, scale: 2), "USD", "paid", at($0)] }),
        ]
        for (name, ddl, rows) in tables {
            try session.createDataFrame(rows: rows, schema: Schema(ddl: ddl)).write.mode(.overwrite).sqlite(path, table: "maip-local-\(name)")
        }
    }

    @Test("on Spark (--remote) the sources travel to the cluster and the target lands as Python's own computation says")
    func runsOnSpark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/maip-local.db"
        try Self.sources(path, session: Session(), day: 0)
        let job = try ODSSyncJob(config: .init(store: path))
        let spark = try sparkSession()
        try Self.firstSyncMatchesPython(job, session: spark, path: path)
    }

    /// Syncs day 0's sources: every row inserted, the target as Python computes it; a rerun reads nothing.
    static func firstSyncMatchesPython(_ job: ODSSyncJob, session: Session, path: String) throws {
        let first = try job.run(session: session).tables
        #expect(first.map(\.rowsRead) == [10, 20, 15, 12, 8] && first.map(\.inserted) == [10, 20, 15, 12, 8])
        let check = try runPython(sqliteExpected, [path]).split(separator: "\n")
        #expect(check.first == "65 0 0")
        #expect(check.last == #"{"email": "c2@x.io", "name": "Line\nbreak 2"}"#)
        #expect(try job.run(session: session).tables.map(\.rowsRead) == [0, 0, 0, 0, 0])
    }

    @Test("every source lands in the target as Python's own computation says; reruns read only changed rows; --full reads all")
    func incremental() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/maip-local.db", session = Session(parallelism: 2)
        try Self.sources(path, session: session, day: 0)
        let job = try ODSSyncJob(config: .init(store: path))
        try Self.firstSyncMatchesPython(job, session: session, path: path)
        // A day later every customer changes and five more arrive; the others stay as they were.
        try session.createDataFrame(rows: (1...25).map { n -> [Scalar] in
            [.int64(n), .int64(n % 3), .string("c\(n)@x.io"), .string("Line\nbreak \(n)"), "active", .timestamp(1_760_086_400_000_000 + n * 1_000_000)]
        }, schema: Schema(ddl: "customer_id BIGINT, merchant_id BIGINT, email STRING, name STRING, status STRING, updated_at TIMESTAMP"))
            .write.mode(.overwrite).sqlite(path, table: "maip-local-customers")
        let second = try ODSSyncJob(config: .init(store: path, tables: ["customers"])).run(session: session).tables
        #expect(second == [ODSSyncJob.TableReport(source: "maip-local-customers", rowsRead: 25, inserted: 5, updated: 20, highWater: second.first?.highWater)])
        let check = try runPython(sqliteExpected, [path]).split(separator: "\n")
        #expect(check.first == "70 0 0")
        #expect(try ODSSyncJob(config: .init(store: path, full: true)).run(session: session).tables.map(\.rowsRead) == [10, 25, 15, 12, 8])
        #expect { try ODSSyncJob(config: .init(store: path, tables: ["invoices"])).run(session: session) } throws: { "\($0)".contains("tables: no source 'invoices'") }
        #expect { try ODSSyncJob(config: .init(env: "local", store: root + "/other.db", tables: ["orders"])).run(session: session) } throws: {
            "\($0)".contains("store: no SQLite database '\(root)/other.db'")
        }
    }

    @Test("a row stamped exactly at the high-water mark after a run is read by the next run, and only once")
    func rowsAtTheMark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/maip-local.db", session = Session(parallelism: 2)
        try Self.sources(path, session: session, day: 0)
        let job = try ODSSyncJob(config: .init(store: path, tables: ["orders"]))
        let first = try job.run(session: session).tables
        #expect(first.map(\.rowsRead) == [8])
        // Order 9 commits after the run with the same updated_at as order 8, the newest it read.
        let mark = Scalar.timestamp(1_760_000_000_000_000 + 8 * 1_000_000)
        try session.createDataFrame(rows: [[.int64(9), .int64(0), .int64(9), .decimal(unscaled: 123, precision: 12, scale: 2), "USD", "paid", mark]],
                                    schema: Schema(ddl: "order_id BIGINT, merchant_id BIGINT, quote_id BIGINT, total DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP"))
            .write.mode(.append).sqlite(path, table: "maip-local-orders")
        #expect(try job.run(session: session).tables.map { [$0.rowsRead, $0.inserted] } == [[1, 1]])
        #expect(try job.run(session: session).tables.map(\.rowsRead) == [0])
        // Amounts are numbers in SQLite: they sort as numbers.
        let amounts = try session.read.sqlite(path, query: "SELECT amount FROM \"maip-local-merchant-analytics\" ORDER BY amount").collect().map { $0[0].formatted() }
        #expect(amounts == ["1.23", "50.00", "100.00", "150.00", "200.00", "250.00", "300.00", "350.00", "400.00"])
    }

    @Test("a failure after some sources committed reports the committed ones")
    func partialFailure() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/maip-local.db", session = Session(parallelism: 2)
        try Self.sources(path, session: session, day: 0)
        try SQLiteStore(path: path).execute([SQLStatement("DROP TABLE \"maip-local-quotes\"")])
        #expect { try ODSSyncJob(config: .init(store: path, tables: ["orders", "quotes"])).run(session: session) } throws: { error in
            guard let failure = error as? JobFailure else { return false }
            return failure.committed.map { $0["table"] } == [.text("maip-local-orders")] && failure.error.message.contains("maip-local-quotes in \(path)")
        }
    }
}
