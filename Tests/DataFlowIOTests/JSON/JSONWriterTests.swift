import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("JSON lines writing")
struct JSONWriterTests {
    static let schema = try! Schema(ddl: """
        id BIGINT, i INT, note STRING, amount DECIMAL(10,2), wide DECIMAL(30,5), day DATE, ts TIMESTAMP, ok BOOLEAN, ratio DOUBLE, bytes BINARY
        """)
    static let rows: [[Scalar]] = [
        [1, .int32(7), "plain", .decimal(unscaled: 1050, precision: 10, scale: 2), .decimal(unscaled: 123_456_789_012_345_678_901_234_567, precision: 30, scale: 5),
         .date(20_393), .timestamp(1_762_000_000_123_456), true, 1.5, .binary([0, 1, 2, 255])],
        [2, .int32(-7), "quote \" backslash \\ slash / newline\n tab\t cr\r bell\u{7} nul\u{0} é 😀 \u{2028}", .null, .null, .null, .null, false, 1e10, .binary([])],
        [3, .null, "", .decimal(unscaled: -5, precision: 10, scale: 2), .decimal(unscaled: -1, precision: 30, scale: 5), .date(-1), .timestamp(0), .null,
         .float64(.nan), .binary([0xFB, 0xFF])],
        [4, .int32(.max), .null, .decimal(unscaled: 0, precision: 10, scale: 2), .decimal(unscaled: 0, precision: 30, scale: 5), .date(0), .timestamp(-1), true,
         .float64(-.infinity), .null],
        [5, .int32(.min), "\\N", .decimal(unscaled: 1, precision: 10, scale: 2), .null, .date(1), .timestamp(1), false, .float64(.infinity), .binary([1])],
        [6, .null, "{\"not\": \"nested\"}", .null, .null, .null, .timestamp(253_402_300_799_999_999), .null, -0.0, .null],
        [7, .null, .null, .null, .null, .null, .null, .null, 1.0e-7, .null],
        [.int64(.min), .null, .null, .null, .null, .null, .null, .null, .float64(.leastNonzeroMagnitude), .null],
        [.int64(.max), .null, .null, .null, .null, .null, .null, .null, .float64(.greatestFiniteMagnitude), .null],
    ]

    static func frame(_ parallelism: Int = 2) throws -> DataFrame {
        try Session(parallelism: parallelism).createDataFrame(rows: rows, schema: schema)
    }

    /// Compares rows where NaN equals NaN.
    static func same(_ a: [[Scalar]], _ b: [[Scalar]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.count == y.count && zip(x, y).allSatisfy { u, v in
                if case let .float64(p) = u, case let .float64(q) = v, p.isNaN && q.isNaN { return true }
                return u == v
            }
        }
    }

    /// A double as the engine casts it to a string (the text the writer uses for finite doubles).
    static func doubleText(_ value: Double) -> String { Scalar.float64(value).formatted() }

    /// The lines of the data files under `directory`.
    static func lines(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
            .flatMap { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8).split(separator: "\n").map(String.init) }
    }

    @Test("every type round trips through write and read in any session time zone", arguments: ["UTC", "Asia/Kolkata"])
    func roundTrip(zone: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try Self.frame().write.jsonl(dir + "/out")
        #expect(summary.rows == Self.rows.count)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/_SUCCESS"))
        let back = try Session(timeZone: zone).read.jsonl(dir + "/out", options: JSONOptions(schema: Self.schema, mode: .failFast)).orderBy(col("id")).collect().map(\.values)
        let expected = Self.rows.sorted { a, b in
            guard case let .int64(x) = a[0], case let .int64(y) = b[0] else { return false }
            return x < y
        }
        #expect(Self.same(back, expected))
    }

    @Test("the text: keys in schema order, nulls left out (or written), strings escaped, numbers as Spark prints them")
    func text() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.frame(1).write.jsonl(dir + "/a")
        let lines = try Self.lines(dir + "/a")
        #expect(lines.count == Self.rows.count)
        #expect(lines[0] == #"{"id":1,"i":7,"note":"plain","amount":10.50,"wide":1234567890123456789012.34567,"day":"2025-11-01","ts":"2025-11-01T12:26:40.123456Z","ok":true,"ratio":1.5,"bytes":"AAEC/w=="}"#)
        #expect(lines[1] == #"{"id":2,"i":-7,"note":"quote \" backslash \\ slash / newline\n tab\t cr\r bell\u0007 nul\u0000 é 😀 "# + "\u{2028}" + #"","ok":false,"ratio":"# + Self.doubleText(1e10) + #","bytes":""}"#)
        #expect(lines[2] == #"{"id":3,"note":"","amount":-0.05,"wide":-0.00001,"day":"1969-12-31","ts":"1970-01-01T00:00:00.000000Z","ratio":"NaN","bytes":"+/8="}"#)
        #expect(lines[3].hasSuffix(#""ok":true,"ratio":"-Infinity"}"#))
        #expect(lines[6] == #"{"id":7,"ratio":1.0E-7}"#)
        #expect(lines[7] == #"{"id":-9223372036854775808,"ratio":"# + Self.doubleText(.leastNonzeroMagnitude) + "}")
        #expect(lines[8] == #"{"id":9223372036854775807,"ratio":1.7976931348623157E308}"#)
        #expect(Double(Self.doubleText(1e10)) == 1e10 && Double(Self.doubleText(.leastNonzeroMagnitude)) == .leastNonzeroMagnitude)
        try Self.frame(1).limit(1).select(col("id"), col("i"), col("note")).filter(col("id") == lit(7)).write.jsonl(dir + "/empty")
        try Self.frame(1).filter(col("id") == lit(7)).select(col("id"), col("i"), col("note")).write.jsonl(dir + "/nulls", options: JSONOptions(writeNulls: true))
        #expect(try Self.lines(dir + "/nulls") == [#"{"id":7,"i":null,"note":null}"#])
        #expect(try Self.lines(dir + "/empty") == [])
        // Time zones and patterns.
        try Session(parallelism: 1, timeZone: "Asia/Kolkata").createDataFrame(rows: [[.date(20_393), .timestamp(1_762_000_000_000_000)]], schema: try Schema(ddl: "d DATE, t TIMESTAMP"))
            .write.jsonl(dir + "/zone")
        #expect(try Self.lines(dir + "/zone") == [#"{"d":"2025-11-01","t":"2025-11-01T17:56:40.000000+05:30"}"#])
        try Session(parallelism: 1).createDataFrame(rows: [[.date(20_393), .timestamp(1_762_000_000_000_000)]], schema: try Schema(ddl: "d DATE, t TIMESTAMP"))
            .write.jsonl(dir + "/patterns", options: JSONOptions(dateFormat: "dd/MM/yyyy", timestampFormat: "yyyy-MM-dd HH:mm"))
        #expect(try Self.lines(dir + "/patterns") == [#"{"d":"01/11/2025","t":"2025-11-01 12:26"}"#])
    }

    @Test("arrays, maps and structs are written as JSON lists and objects, as to_json writes them")
    func nested() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frame = try Session(parallelism: 1).createDataFrame(rows: [
            [1, .array([1.5, .null]), .map(keys: ["k"], values: [.struct(names: ["a", "b"], values: ["x", .null])])],
            [2, .null, .map(keys: [], values: [])],
        ], schema: try Schema(ddl: "id bigint, xs array<double>, m map<string, struct<a: string, b: bigint>>"))
        try frame.write.jsonl(dir + "/out")
        #expect(try Self.lines(dir + "/out") == [#"{"id":1,"xs":[1.5,null],"m":{"k":{"a":"x"}}}"#, #"{"id":2,"m":{}}"#])
    }

    @Test("the API contract: write users, read them back with an inferred schema")
    func contract() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session()
        let users = try session.createDataFrame(rows: [[1, "ada", 36.5, true], [2, "grace", .null, false], [3, "linus", 2.0, .null]],
                                                schema: try Schema(ddl: "id BIGINT, name STRING, score DOUBLE, active BOOLEAN"))
        try users.write.mode(.overwrite).jsonl(dir + "/out/users_jsonl")
        try users.write.mode(.overwrite).jsonl(dir + "/out/users_jsonl")
        let events = try session.read.jsonl(dir + "/out/users_jsonl")
        #expect(events.columns == ["id", "name", "score", "active"])
        #expect(events.schema.fields.map(\.type) == [.int64, .string, .float64, .boolean])
        #expect(try events.orderBy(col("id")).collect().map(\.values) == [[1, "ada", 36.5, true], [2, "grace", .null, false], [3, "linus", 2.0, .null]])
    }

    @Test("modes, and a failing write leaves the previous output untouched")
    func modes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/t"
        let options = JSONOptions(schema: Self.schema)
        try Self.frame().write.jsonl(target)
        #expect(throws: DataFlowError.self) { try Self.frame().write.jsonl(target) }
        #expect(try Self.frame().write.mode(.ignore).jsonl(target).rows == 0)
        try Self.frame().write.mode(.append).jsonl(target)
        #expect(try Session().read.jsonl(target, options: options).count() == 2 * Self.rows.count)
        let failing = try Session(parallelism: 2, ansiMode: true).createDataFrame(rows: [["1"], ["x"]], schema: try Schema(ddl: "s STRING"))
            .select(col("s").cast(.int64).alias("n"))
        #expect(throws: DataFlowError.self) { try failing.write.mode(.overwrite).jsonl(target) }
        #expect(try Session().read.jsonl(target, options: options).count() == 2 * Self.rows.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t"])
    }

    @Test("partitionBy writes Hive directories; gzip and zstd outputs read back", arguments: FileCompression.allCases)
    func partitionsAndCompression(compression: FileCompression) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.frame().write.partitionBy("ok").jsonl(dir + "/p", options: JSONOptions(compression: compression))
        let directories = try FileManager.default.contentsOfDirectory(atPath: dir + "/p").filter { $0.hasPrefix("ok=") }.sorted()
        #expect(directories == ["ok=__HIVE_DEFAULT_PARTITION__", "ok=false", "ok=true"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/p/ok=true")
        #expect(!files.isEmpty && files.allSatisfy { $0.hasSuffix(".json" + compression.fileExtension) })
        let back = try Session().read.jsonl(dir + "/p")
        // Partition values are typed by inference, where booleans stay strings (as in Spark).
        #expect(back.columns.last == "ok" && back.schema.fields.last?.type == .string)
        let expected = Self.rows.map { row -> [Scalar] in [row[0], row[2], row[7].isNull ? .null : .string(row[7].description)] }
        #expect(try back.orderBy(col("id")).select(col("id"), col("note"), col("ok")).collect().map(\.values) == expected.sorted { a, b in
            guard case let .int64(x) = a[0], case let .int64(y) = b[0] else { return false }
            return x < y
        })
    }
}
