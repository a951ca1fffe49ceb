import DataFlow
import DataFlowIO
import DataFlowPostgres
import Foundation
import TestSupport
import Testing

/// A table name no other test uses.
func uniqueTable(_ stem: String) -> String { stem + "_" + UUID().uuidString.prefix(8).lowercased() }

@Suite("PostgreSQL table store")
struct PostgresStoreTests {
    @Test("a server that is not there is named with the reason the socket gave, not a bare error code")
    func connectionRefused() throws {
        // Port 1 on loopback: nothing listens there.
        let store = try PostgresStore(url: "postgres://etl:secret@127.0.0.1:1/analytics")
        #expect { try store.tableExists("t") } throws: { error in
            let text = "\(error)"
            return text.contains("cannot connect to PostgreSQL at postgres://etl:***@127.0.0.1:1/analytics: connectionError")
                && text.lowercased().contains("refused") && !text.contains("secret")
        }
    }

    @Test("every type round-trips through COPY and back, in partitioned reads with pushed filters")
    func roundTrip() throws {
        let url = try testDatabaseURL()
        let session = Session(parallelism: 3)
        let table = uniqueTable("things")
        let frame = try session.createDataFrame(rows: EveryTypeRows.rows(1_000), schema: Schema(ddl: EveryTypeRows.ddl))
        #expect(try frame.write.postgres(url, table: table).rows == 1_000)
        let back = try session.read.postgres(url, table: table)
        #expect(back.schema.fields.map(\.type) == frame.schema.fields.map(\.type))
        #expect(Set(try back.collect().map(\.values)) == Set(try frame.collect().map(\.values)))
        let split = try session.read.postgres(url, table: table, options: PostgresReadOptions(partitionColumn: "i", lowerBound: -50, upperBound: 950, numPartitions: 4))
        #expect(try split.count() == 1_000)
        let condition = col("l") > lit(Scalar.int64(200 * 1_000_000_007)) && col("day") < lit(Scalar.date(10_000)) && col("ts") >= lit(Scalar.timestamp(0))
        #expect(Set(try split.filter(condition).select("i", "m").collect().map(\.values)) == Set(try frame.filter(condition).select("i", "m").collect().map(\.values)))
        try PostgresStore(url: url).execute([SQLStatement("DROP TABLE \"\(table)\"")])
    }

    @Test("tables made in PostgreSQL read with their types: smallint, numeric, varchar, uuid, json, jsonb, timestamp, bytea")
    func nativeTypes() throws {
        let url = try testDatabaseURL()
        let session = Session(parallelism: 2)
        let table = uniqueTable("native")
        let store = try PostgresStore(url: url)
        try store.execute([
            SQLStatement("CREATE TABLE \(table) (a smallint, n numeric(10,3), u numeric, v varchar(10), id uuid, j json, jb jsonb, t timestamp, tz timestamptz, raw bytea, c char(3))"),
            SQLStatement("INSERT INTO \(table) VALUES (-7, -12.345, 1.5, 'héllo', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": 1}', '{\"k\": [1, 2]}', '2025-03-09 02:30:00.123456', '2025-03-09 10:00:00+02', '\\xdeadbeef', 'ab')"),
            SQLStatement("INSERT INTO \(table) (a) VALUES (NULL)"),
        ])
        let frame = try session.read.postgres(url, query: "SELECT * FROM \(table) ORDER BY a NULLS LAST")
        #expect(frame.schema.fields.map(\.type) == [.int32, .decimal(precision: 10, scale: 3), .decimal(precision: 38, scale: 18), .string, .string, .string, .string,
                                                   .timestamp, .timestamp, .binary, .string])
        let row = try #require(try frame.collect().first).values
        #expect(row[0] == .int32(-7) && row[1] == .decimal(unscaled: -12_345, precision: 10, scale: 3) && row[2] == .decimal(unscaled: 1_500_000_000_000_000_000, precision: 38, scale: 18))
        #expect(row[3] == "héllo" && row[4] == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" && row[5] == "{\"k\": 1}" && row[6] == "{\"k\": [1, 2]}")
        #expect(row[7] == .timestamp(1_741_487_400_123_456) && row[8] == .timestamp(1_741_507_200_000_000) && row[9] == .binary([0xDE, 0xAD, 0xBE, 0xEF]) && row[10] == "ab ")
        try store.execute([SQLStatement("DROP TABLE \(table)")])
    }

    @Test("save modes, upsert and SCD2 merges in one transaction each; a failure changes nothing; passwords stay out of errors")
    func writes() throws {
        let url = try testDatabaseURL()
        let session = Session(parallelism: 2)
        let table = uniqueTable("people"), dimension = uniqueTable("dim_users")
        let schema = try Schema(ddl: "id BIGINT, name STRING, score INT")
        let frame = try session.createDataFrame(rows: [[1, "a", .int32(10)], [2, "b", .int32(20)]], schema: schema)
        try frame.write.postgres(url, table: table)
        #expect { try frame.write.postgres(url, table: table) } throws: { "\($0)".contains("already exists") }
        try frame.write.mode(.append).postgres(url, table: table)
        #expect(try session.read.postgres(url, table: table).count() == 4)
        try frame.limit(1).write.mode(.overwrite).postgres(url, table: table)
        #expect(try session.read.postgres(url, table: table).count() == 1)

        let summary = try session.createDataFrame(rows: [[1, "a2", .int32(11)], [3, "c", .int32(30)], [3, "c2", .int32(31)]], schema: schema).coalesce(1)
            .write.postgres(url).upsert(table: table, keys: ["id"])
        #expect(summary == TableMergeSummary(rowsStaged: 3, inserted: 1, updated: 1, deactivated: 0))
        #expect(try session.read.postgres(url, table: table).orderBy(col("id")).collect().map(\.values) == [[1, "a2", .int32(11)], [3, "c2", .int32(31)]])
        #expect { try session.createDataFrame(rows: [[.null, "x", .int32(1)]], schema: schema).write.postgres(url).upsert(table: table, keys: ["id"]) } throws: {
            "\($0)".contains("'id' has nulls")
        }
        #expect(try session.read.postgres(url, table: table).count() == 2)

        let users = try Schema(ddl: "email STRING, city STRING")
        let day = { (n: Double) in Date(timeIntervalSince1970: 1_760_000_000 + n * 86_400) }
        var merge = SCD2Merge(businessKeys: ["email"], trackedColumns: ["city"], deactivateMissing: true, asOf: day(0))
        #expect(try session.createDataFrame(rows: [["a@x", "Lisbon"], ["b@x", "Oslo"]], schema: users).write.postgres(url).scd2Merge(table: dimension, merge)
                == TableMergeSummary(rowsStaged: 2, inserted: 2, updated: 0, deactivated: 0))
        merge.asOf = day(1)
        let second = try session.createDataFrame(rows: [["b@x", "Bergen"], ["c@x", "Rome"]], schema: users)
        #expect(try second.write.postgres(url).scd2Merge(table: dimension, merge) == TableMergeSummary(rowsStaged: 2, inserted: 1, updated: 1, deactivated: 1))
        merge.asOf = day(2)
        #expect(try second.write.postgres(url).scd2Merge(table: dimension, merge) == TableMergeSummary(rowsStaged: 2, inserted: 0, updated: 0, deactivated: 0))
        let t = { (n: Double) in Scalar.timestamp(Int64(day(n).timeIntervalSince1970 * 1_000_000)) }
        #expect(try session.read.postgres(url, table: dimension).orderBy(col("email"), col("valid_from")).collect().map(\.values) == [
            ["a@x", "Lisbon", t(0), t(1), false], ["b@x", "Oslo", t(0), t(1), false], ["b@x", "Bergen", t(1), .null, true], ["c@x", "Rome", t(1), .null, true],
        ])

        var secret = try #require(URLComponents(string: url))
        secret.password = "hunter2-secret"
        secret.port = 1
        #expect { try session.read.postgres(secret.string, table: table) } throws: { !"\($0)".contains("hunter2") && "\($0)".contains("***") }
        try PostgresStore(url: url).execute([SQLStatement("DROP TABLE \(table)"), SQLStatement("DROP TABLE \(dimension)")])
    }
}
