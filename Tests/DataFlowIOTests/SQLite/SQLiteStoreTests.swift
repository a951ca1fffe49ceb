import DataFlow
import DataFlowIO
import Foundation
import TestSupport
import Testing

@Suite("SQLite table store")
struct SQLiteStoreTests {
    @Test("every type round-trips through a table, in parallel rowid ranges, with pushed filters and projections")
    func roundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 3)
        let frame = try session.createDataFrame(rows: EveryTypeRows.rows(500), schema: Schema(ddl: EveryTypeRows.ddl))
        let written = try frame.write.sqlite(dir + "/w.db", table: "things")
        #expect(written.rows == 500)
        let back = try session.read.sqlite(dir + "/w.db", table: "things")
        #expect(back.schema.fields.map(\.type) == frame.schema.fields.map(\.type))
        #expect(Set(try back.collect().map(\.values)) == Set(try frame.collect().map(\.values)))
        let filtered = try back.filter(col("l") > lit(Scalar.int64(200 * 1_000_000_007)) && col("s").isNotNull() && col("day") < lit(Scalar.date(10_000))).select("i", "ts")
        let expected = try frame.filter(col("l") > lit(Scalar.int64(200 * 1_000_000_007)) && col("s").isNotNull() && col("day") < lit(Scalar.date(10_000))).select("i", "ts")
        #expect(Set(try filtered.collect().map(\.values)) == Set(try expected.collect().map(\.values)))
        #expect(try back.count() == 500)
        #expect(try session.read.sqlite(dir + "/w.db", query: "SELECT count(*) AS n, sum(i) AS total FROM things").collect().first?.values == [.int64(500), .int64(try frame.agg(Expr.sum("i")).collect()[0][0].integerValue.map(Int64.init) ?? 0)])

        // What other tools see: Python's sqlite3 reads the stored text and numbers.
        let seen = try runPython("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute('select m, day, ts, b from things where i = -49').fetchone())", [dir + "/w.db"])
        #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == "('122.46', '1961-11-21', '1969-12-26 06:06:40.000123', 0)")
    }

    @Test("decimals of up to 15 digits are stored as numbers, so SQL sorts and compares them as numbers, and read back exactly")
    func numericDecimals() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let values: [Int128] = [1_000, 123, -50, 99_999_999_999_999, 5, 0]
        let frame = try session.createDataFrame(rows: values.map { [.decimal(unscaled: $0, precision: 15, scale: 2)] }, schema: Schema(ddl: "amount DECIMAL(15,2)"))
        try frame.write.sqlite(dir + "/n.db", table: "amounts")
        let sorted = try session.read.sqlite(dir + "/n.db", query: "SELECT amount FROM amounts ORDER BY amount").collect().map { $0[0] }
        #expect(sorted == values.sorted().map { .decimal(unscaled: $0, precision: 15, scale: 2) })
        #expect(try session.read.sqlite(dir + "/n.db", query: "SELECT count(*) FROM amounts WHERE amount > 9.99").collect()[0][0] == .int64(2))
        let seen = try runPython("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint([type(r[0]).__name__ for r in c.execute('select amount from amounts order by amount')])", [dir + "/n.db"])
        // In amount order: the two partitions insert their rows in either order.
        #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == "['float', 'int', 'float', 'float', 'int', 'float']")
    }

    @Test("save modes: error, append, overwrite and ignore; a failed write leaves the table as it was")
    func saveModes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let path = dir + "/m.db"
        let frame = try session.createDataFrame(rows: [[1, "a"], [2, "b"]], schema: Schema(ddl: "id BIGINT, name STRING"))
        try frame.write.sqlite(path, table: "t")
        #expect { try frame.write.sqlite(path, table: "t") } throws: { "\($0)".contains("already exists") }
        try frame.write.mode(.append).sqlite(path, table: "t")
        #expect(try session.read.sqlite(path, table: "t").count() == 4)
        try frame.write.mode(.ignore).sqlite(path, table: "t")
        #expect(try session.read.sqlite(path, table: "t").count() == 4)
        try frame.limit(1).write.mode(.overwrite).sqlite(path, table: "t")
        #expect(try session.read.sqlite(path, table: "t").count() == 1)
        let wrong = try session.createDataFrame(rows: [[3, "c", 1.5]], schema: Schema(ddl: "id BIGINT, name STRING, extra DOUBLE"))
        #expect { try wrong.write.mode(.append).sqlite(path, table: "t") } throws: { "\($0)".contains("extra") }
        #expect(try session.read.sqlite(path, table: "t").count() == 1)
        #expect { try session.read.sqlite(path, table: "nope") } throws: { "\($0)".contains("'nope'") && "\($0)".contains("t") }
        #expect(try SQLiteStore(path: path).tableNames() == ["t"])
    }

    @Test("upsert inserts new keys, updates existing ones (the last input row of a key wins), and changes nothing on failure")
    func upsert() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let path = dir + "/u.db"
        let schema = try Schema(ddl: "id BIGINT, name STRING, score INT")
        let summary = try session.createDataFrame(rows: [[1, "a", 10], [2, "b", 20]], schema: schema).write.sqlite(path).upsert(table: "people", keys: ["id"])
        #expect(summary == TableMergeSummary(rowsStaged: 2, inserted: 2, updated: 0, deactivated: 0))
        let again = try session.createDataFrame(rows: [[2, "b2", 21], [3, "c", 30], [2, "b3", 22]], schema: schema).coalesce(1)
            .write.sqlite(path).upsert(table: "people", keys: ["id"])
        #expect(again == TableMergeSummary(rowsStaged: 3, inserted: 1, updated: 1, deactivated: 0))
        let rows = try session.read.sqlite(path, table: "people").orderBy(col("id")).collect().map { $0.values }
        #expect(rows == [[1, "a", .int32(10)], [2, "b3", .int32(22)], [3, "c", .int32(30)]])
        #expect { try session.createDataFrame(rows: [[.null, "x", 1]], schema: schema).write.sqlite(path).upsert(table: "people", keys: ["id"]) } throws: {
            "\($0)".contains("'id' has nulls")
        }
        #expect(try session.read.sqlite(path, table: "people").count() == 3)
    }

    @Test("SCD type 2: unchanged rows untouched, changed rows closed and re-inserted, new keys inserted, missing keys deactivated; a second identical merge changes nothing")
    func scd2() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let path = dir + "/d.db"
        let schema = try Schema(ddl: "email STRING, name STRING, city STRING, visits INT")
        let day = { (n: Double) in Date(timeIntervalSince1970: 1_760_000_000 + n * 86_400) }
        let load1 = try session.createDataFrame(rows: [["a@x", "Ana", "Lisbon", 1], ["b@x", "Bo", "Oslo", 2], ["c@x", "Cy", .null, 3]], schema: schema)
        var merge = SCD2Merge(businessKeys: ["email"], trackedColumns: ["name", "city"], deactivateMissing: true, asOf: day(0))
        #expect(try load1.write.sqlite(path).scd2Merge(table: "users", merge) == TableMergeSummary(rowsStaged: 3, inserted: 3, updated: 0, deactivated: 0))

        // Bo moves, Cy's city goes from null to a value, Ana only changes an untracked column, Di is new, nobody leaves.
        let load2 = try session.createDataFrame(rows: [["a@x", "Ana", "Lisbon", 9], ["b@x", "Bo", "Bergen", 2], ["c@x", "Cy", "Rome", 3], ["d@x", "Di", "Nice", 1]], schema: schema)
        merge.asOf = day(1)
        #expect(try load2.write.sqlite(path).scd2Merge(table: "users", merge) == TableMergeSummary(rowsStaged: 4, inserted: 1, updated: 2, deactivated: 0))
        merge.asOf = day(2)
        #expect(try load2.write.sqlite(path).scd2Merge(table: "users", merge) == TableMergeSummary(rowsStaged: 4, inserted: 0, updated: 0, deactivated: 0))

        // A full load without Ana closes her current version.
        merge.asOf = day(3)
        let load3 = try load2.filter(col("email") != "a@x")
        #expect(try load3.write.sqlite(path).scd2Merge(table: "users", merge) == TableMergeSummary(rowsStaged: 3, inserted: 0, updated: 0, deactivated: 1))

        let history = try session.read.sqlite(path, table: "users").orderBy(col("email"), col("valid_from"))
            .select(col("email"), col("city"), col("visits"), col("valid_from"), col("valid_to"), col("is_current")).collect().map(\.values)
        let t = { (n: Double) in Scalar.timestamp(Int64(day(n).timeIntervalSince1970 * 1_000_000)) }
        #expect(history == [
            ["a@x", "Lisbon", .int32(1), t(0), t(3), false],
            ["b@x", "Oslo", .int32(2), t(0), t(1), false], ["b@x", "Bergen", .int32(2), t(1), .null, true],
            ["c@x", .null, .int32(3), t(0), t(1), false], ["c@x", "Rome", .int32(3), t(1), .null, true],
            ["d@x", "Nice", .int32(1), t(1), .null, true],
        ])
        #expect { try load3.write.sqlite(path).scd2Merge(table: "users", SCD2Merge(businessKeys: ["nope"], trackedColumns: [])) } throws: { "\($0)".contains("'nope'") }
    }
}
