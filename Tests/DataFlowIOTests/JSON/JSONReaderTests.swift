import DataFlow
import DataFlowIO
import Foundation
import Testing

/// Writes raw bytes (for input that is not valid UTF-8).
func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Whether `error` is a parse `DataFlowError` naming a file ending in `file` and line `line`.
func isParseError(_ error: any Error, file: String, line: Int, column: String? = nil) -> Bool {
    guard let error = error as? DataFlowError else { return false }
    return error.category == .parse && error.location?.path?.hasSuffix(file) == true && error.location?.row == line
        && (column == nil || error.location?.column == column)
}

@Suite("JSON lines reading")
struct JSONReaderTests {
    @Test("string escapes, \\u escapes with surrogate pairs, a lone surrogate, raw UTF-8, escaped keys")
    func escapes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/e.json", #"""
        {"s": "q\"b\\s\/f\bf\fn\nr\rt\tu\u00e9 \ud83d\ude00 é 😀", "k\u0041y": 1}
        {"s": "lone \ud800 high, lone \udc00 low, \u0000 nul", "kAy": 2}
        {"s": "", "kAy": -3}
        """#)
        let frame = try Session().read.jsonl(dir + "/e.json")
        #expect(frame.columns == ["s", "kAy"])
        #expect(frame.schema.fields.map(\.type) == [.string, .int64])
        #expect(try frame.collect().map(\.values) == [
            ["q\"b\\s/f\u{8}f\u{C}n\nr\rt\tué 😀 é 😀", 1],
            ["lone \u{FFFD} high, lone \u{FFFD} low, \u{0} nul", 2],
            ["", -3],
        ])
    }

    @Test("invalid UTF-8 makes a line malformed, never a crash")
    func invalidUTF8() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array(#"{"a": 1, "s": "ok"}"#.utf8) + [0x0A]
        bytes += Array(#"{"a": 2, "s": "bad "#.utf8) + [0xFF, 0xC3] + Array(#""}"#.utf8) + [0x0A]
        bytes += Array(#"{"a": 3, "s": "cut "#.utf8) + [0xE2, 0x82] + [0x0A]
        bytes += Array(#"{"a": 4, "s": "surrogate "#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8) + [0x0A]
        bytes += Array(#"{"a": 5, "s": "fine é"}"#.utf8) + [0x0A]
        try writeBytes(dir + "/u.json", bytes)
        var options = JSONOptions(schema: try Schema(ddl: "a BIGINT, s STRING, _corrupt_record STRING"))
        let rows = try Session().read.jsonl(dir + "/u.json", options: options).collect().map(\.values)
        #expect(rows.map { $0[0] } == [1, .null, .null, .null, 5])
        #expect(rows.map { $0[1] } == ["ok", .null, .null, .null, "fine é"])
        #expect(rows.map { $0[2].isNull } == [true, false, false, false, true])
        options.mode = .failFast
        #expect { try Session().read.jsonl(dir + "/u.json", options: options).collect() } throws: { isParseError($0, file: "u.json", line: 2) }
    }

    @Test("null and missing keys both read as null; unknown keys are ignored")
    func nullsAndMissing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/n.json", """
        {"a": 1, "b": null, "extra": [1, 2]}
        {"a": 2}
        {"b": "x", "a": null}
        {}
        """)
        let inferred = try Session().read.jsonl(dir + "/n.json")
        #expect(inferred.columns == ["a", "b", "extra"])
        #expect(inferred.schema.fields.map(\.type) == [.int64, .string, .string])
        #expect(try inferred.collect().map(\.values) == [[1, .null, "[1, 2]"], [2, .null, .null], [.null, "x", .null], [.null, .null, .null]])
        let explicit = try Session().read.jsonl(dir + "/n.json", options: JSONOptions(schema: try Schema(ddl: "b STRING, missing INT, a INT")))
        #expect(try explicit.collect().map(\.values) == [[.null, .null, .int32(1)], [.null, .null, .int32(2)], ["x", .null, .null], [.null, .null, .null]])
    }

    @Test("keys match columns exactly first, then ignoring case")
    func keyCase() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/k.json", """
        {"name": "lower", "NAME": "upper"}
        {"NAME": "upper", "name": "lower"}
        {"Name": "mixed"}
        """)
        let two = try Session().read.jsonl(dir + "/k.json", options: JSONOptions(schema: Schema([Field("NAME", .string), Field("name", .string)])))
        #expect(try two.collect().map(\.values) == [["upper", "lower"], ["upper", "lower"], ["mixed", .null]])
        let one = try Session().read.jsonl(dir + "/k.json", options: JSONOptions(schema: try Schema(ddl: "`NAME` STRING")))
        #expect(try one.collect().map(\.values) == [["upper"], ["upper"], ["mixed"]])
        // Inference keeps the first spelling.
        #expect(try Session().read.jsonl(dir + "/k.json").columns == ["name"])
    }

    @Test("nested objects and arrays as raw JSON text, or flattened into dotted columns")
    func nested() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/n.json", """
        {"id": 1, "address": {"city": "Oslo", "geo": {"lat": 59.9, "lon": 10}}, "tags": ["a", {"b": [1]}]}
        {"id": 2, "address": {"city": "Bergen", "zip": "5003"}, "tags": []}
        {"id": 3, "address": null}
        """)
        let raw = try Session().read.jsonl(dir + "/n.json")
        #expect(raw.columns == ["id", "address", "tags"])
        #expect(try raw.collect().map(\.values) == [
            [1, #"{"city": "Oslo", "geo": {"lat": 59.9, "lon": 10}}"#, #"["a", {"b": [1]}]"#],
            [2, #"{"city": "Bergen", "zip": "5003"}"#, "[]"],
            [3, .null, .null],
        ])
        let flat = try Session().read.jsonl(dir + "/n.json", options: JSONOptions(nested: .flatten))
        #expect(flat.columns == ["id", "address.city", "address.geo.lat", "address.geo.lon", "tags", "address.zip"])
        #expect(flat.schema.fields.map(\.type) == [.int64, .string, .float64, .int64, .string, .string])
        #expect(try flat.collect().map(\.values) == [
            [1, "Oslo", 59.9, 10, #"["a", {"b": [1]}]"#, .null],
            [2, "Bergen", .null, .null, "[]", "5003"],
            [3, .null, .null, .null, .null, .null],
        ])
        #expect(try flat.select(col("`address.city`")).collect().map(\.values) == [["Oslo"], ["Bergen"], [.null]])
        #expect(try flat.filter(col("`address.city`") == lit("Bergen")).select(col("`address.zip`")).collect().map(\.values) == [["5003"]])
        // A flattened read can still name a whole object as a string column.
        let both = try Session().read.jsonl(dir + "/n.json", options: JSONOptions(schema: try Schema(ddl: "`address.geo` STRING, `address.geo.lat` DOUBLE"), nested: .flatten))
        #expect(try both.collect().map(\.values) == [[#"{"lat": 59.9, "lon": 10}"#, 59.9], [.null, .null], [.null, .null]])
    }

    @Test("DynamoDB JSON exports, with and without the Item wrapper")
    func dynamoDB() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/d.json", #"""
        {"Item": {"id": {"S": "a\"1"}, "n": {"N": "12"}, "d": {"N": "1.5"}, "b": {"BOOL": true}, "x": {"NULL": true}, "m": {"M": {"k": {"S": "v"}}}, "l": {"L": [{"N": "1"}]}, "ss": {"SS": ["p", "q"]}, "bin": {"B": "AAEC"}}}
        {"id": {"S": "b2"}, "n": {"N": "-7"}, "d": {"N": "2"}, "b": {"BOOL": false}, "x": {"NULL": true}}
        {"Item": {"Item": {"S": "an attribute called Item"}, "id": {"S": "c3"}}}
        {"Item": {"S": "only an attribute called Item"}}
        """#)
        let frame = try Session().read.jsonl(dir + "/d.json", options: JSONOptions(dynamoDB: true))
        #expect(frame.columns == ["id", "n", "d", "b", "x", "m", "l", "ss", "bin", "Item"])
        #expect(frame.schema.fields.map(\.type) == [.string, .int64, .float64, .boolean, .string, .string, .string, .string, .string, .string])
        #expect(try frame.collect().map(\.values) == [
            ["a\"1", 12, 1.5, true, .null, #"{"k": {"S": "v"}}"#, #"[{"N": "1"}]"#, #"["p", "q"]"#, "AAEC", .null],
            ["b2", -7, 2.0, false, .null, .null, .null, .null, .null, .null],
            ["c3", .null, .null, .null, .null, .null, .null, .null, .null, "an attribute called Item"],
            [.null, .null, .null, .null, .null, .null, .null, .null, .null, "only an attribute called Item"],
        ])
        let binary = try Session().read.jsonl(dir + "/d.json", options: JSONOptions(schema: try Schema(ddl: "bin BINARY"), dynamoDB: true))
        #expect(try binary.limit(1).collect().map(\.values) == [[.binary([0, 1, 2])]])
        try writeFile(dir + "/bad.json", #"{"id": {"S": "ok"}}"# + "\n" + #"{"id": {"Q": "x"}}"# + "\n" + #"{"id": "plain"}"# + "\n" + #"{"n": {"N": "1x"}}"# + "\n")
        var options = JSONOptions(schema: try Schema(ddl: "id STRING, n INT, _corrupt_record STRING"), dynamoDB: true)
        #expect(try Session().read.jsonl(dir + "/bad.json", options: options).collect().map { $0.values[2].isNull } == [true, false, false, false])
        options.mode = .failFast
        #expect { try Session().read.jsonl(dir + "/bad.json", options: options).collect() } throws: { isParseError($0, file: "bad.json", line: 2) }
    }

    @Test("inference: long, double, boolean, string; widening; decimals beyond a long; order of first appearance")
    func inference() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/i.json", """
        {"l": 1, "d": 1, "s": 1, "b": true, "n": null, "big": 12345678901234567890, "e": 1e3}
        {"l": 2, "d": 2.5, "s": "x", "b": false, "n": null, "big": 1, "late": "2025-01-02", "ts": "2025-01-02T03:04:05Z"}
        {"l": -9223372036854775808, "d": -1E-2, "s": true, "b": null, "mixed": [1]}
        {"mixed": {"a": 1}, "bs": true}
        {"bs": "t"}
        """)
        let frame = try Session().read.jsonl(dir + "/i.json")
        #expect(frame.columns == ["l", "d", "s", "b", "n", "big", "e", "late", "ts", "mixed", "bs"])
        #expect(frame.schema.fields.map(\.type) == [.int64, .float64, .string, .boolean, .string, .decimal(precision: 20, scale: 0), .float64,
                                                    .string, .string, .string, .string])
        let rows = try frame.collect().map(\.values)
        #expect(rows[0] == [1, 1.0, "1", true, .null, .decimal(unscaled: 12_345_678_901_234_567_890, precision: 20, scale: 0), 1000.0,
                            .null, .null, .null, .null])
        #expect(rows[2][0] == .int64(.min) && rows[2][1] == -0.01 && rows[2][2] == "true")
        #expect(rows[3][9] == #"{"a": 1}"# && rows[4][10] == "t")
        let temporal = try Session().read.jsonl(dir + "/i.json", options: JSONOptions(samplingRows: 2, inferTimestamps: true))
        #expect(temporal.columns == ["l", "d", "s", "b", "n", "big", "e", "late", "ts"])
        #expect(temporal.schema.fields.suffix(2).map(\.type) == [.date, .timestamp])
        #expect(try temporal.collect()[1].values.suffix(2) == [.date(20_090), .timestamp(1_735_787_045_000_000)])
    }

    @Test("explicit schema: dates, timestamps (offsets, session zone, patterns), decimals, doubles, integers")
    func explicitTypes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/t.json", """
        {"i": 7, "day": "2025-11-01", "ts": "2025-11-01T12:30:00.123456Z", "amount": 10.505, "big": "123456789012345678901234.5", "ratio": 1, "word": "NaN"}
        {"i": -7, "day": "1969-12-31", "ts": "2025-11-01 12:30:00", "amount": -1e2, "big": 1E+3, "ratio": -2.5E-3, "word": "-Infinity"}
        {"i": null, "day": null, "ts": "2025-11-01T12:30:00+05:30", "amount": 0, "ratio": 1.7976931348623157e308, "word": "Infinity"}
        """)
        let schema = try Schema(ddl: "i INT, day DATE, ts TIMESTAMP, amount DECIMAL(10,2), big DECIMAL(30,1), ratio DOUBLE, word DOUBLE")
        let session = try Session(timeZone: "America/New_York")
        let rows = try session.read.jsonl(dir + "/t.json", options: JSONOptions(schema: schema, mode: .failFast)).collect().map(\.values)
        #expect(rows[0][0] == .int32(7) && rows[0][1] == .date(20_393) && rows[0][2] == .timestamp(1_762_000_200_123_456))
        #expect(rows[0][3] == .decimal(unscaled: 1051, precision: 10, scale: 2))
        #expect(rows[0][4] == .decimal(unscaled: 1_234_567_890_123_456_789_012_345, precision: 30, scale: 1))
        #expect(rows[0][5] == 1.0)
        #expect(rows[0][6].description == "NaN")
        // Without an offset the text is in the session time zone (EST on that day: UTC-4 until 2 November).
        #expect(rows[1][2] == .timestamp(1_762_000_200_000_000 + 4 * 3_600_000_000))
        #expect(rows[1][3] == .decimal(unscaled: -10_000, precision: 10, scale: 2) && rows[1][4] == .decimal(unscaled: 10_000, precision: 30, scale: 1))
        #expect(rows[1][5] == -0.0025 && rows[1][6] == .float64(-.infinity))
        #expect(rows[2][2] == .timestamp(1_762_000_200_000_000 - 19_800_000_000) && rows[2][5] == .float64(.greatestFiniteMagnitude))
        #expect(rows[2][6] == .float64(.infinity))
        // Patterns.
        try writeFile(dir + "/p.json", #"{"day": "01/11/2025", "ts": "2025.11.01 12h30"}"#)
        let patterned = try Session().read.jsonl(dir + "/p.json", options: JSONOptions(schema: try Schema(ddl: "day DATE, ts TIMESTAMP"), dateFormat: "dd/MM/yyyy", timestampFormat: "yyyy.MM.dd HH'h'mm"))
        #expect(try patterned.collect().map(\.values) == [[.date(20_393), .timestamp(1_762_000_200_000_000)]])
    }

    @Test("malformed lines: permissive keeps the row with nulls and the raw line, dropMalformed drops it, failFast names file and line")
    func malformed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = [
            #"{"a": 1, "b": "ok"}"#,
            #"{"a": 2, "b": "trailing comma",}"#,
            "",
            #"{"a": "three", "b": "kept"}"#,
            #"{"a": 4} extra"#,
            #"[1, 2]"#,
            #"{"a": 6.5, "b": "fraction for an int"}"#,
            #"{"a": 7, "b": {"nested": true}}"#,
            #"{"a": 8, "b": "unterminated}"#,
            #"{"a": 99999999999, "b": "overflow"}"#,
            #"{"a": 10, "b": tru}"#,
            #"{"a": 11, "b": "last"}"#,
        ]
        try writeFile(dir + "/m.json", lines.joined(separator: "\n") + "\n")
        var options = JSONOptions(schema: try Schema(ddl: "a INT, b STRING, _corrupt_record STRING"))
        let permissive = try Session().read.jsonl(dir + "/m.json", options: options).collect().map(\.values)
        #expect(permissive == [
            [.int32(1), "ok", .null],
            [.null, .null, .string(lines[1])],
            [.null, "kept", .string(lines[3])],
            [.null, .null, .string(lines[4])],
            [.null, .null, .string(lines[5])],
            [.null, "fraction for an int", .string(lines[6])],
            [.int32(7), #"{"nested": true}"#, .null],
            [.null, .null, .string(lines[8])],
            [.null, "overflow", .string(lines[9])],
            [.null, .null, .string(lines[10])],
            [.int32(11), "last", .null],
        ])
        options.mode = .dropMalformed
        #expect(try Session().read.jsonl(dir + "/m.json", options: options).collect().map(\.values)
            == [[.int32(1), "ok", .null], [.int32(7), #"{"nested": true}"#, .null], [.int32(11), "last", .null]])
        #expect(try Session().read.jsonl(dir + "/m.json", options: options).count() == 3)
        options.mode = .failFast
        options.schema = try Schema(ddl: "a INT, b STRING")
        #expect { try Session().read.jsonl(dir + "/m.json", options: options).collect() } throws: { isParseError($0, file: "m.json", line: 2) }
        // A value of the wrong kind names its column; an unparseable one too.
        try writeFile(dir + "/k.json", #"{"a": 1}"# + "\n\n" + #"{"a": "x"}"# + "\n")
        #expect { try Session().read.jsonl(dir + "/k.json", options: options).collect() } throws: { isParseError($0, file: "k.json", line: 3, column: "a") }
        try writeFile(dir + "/o.json", #"{"a": 1}"# + "\n" + #"{"a": 12345678901}"# + "\n")
        #expect { try Session().read.jsonl(dir + "/o.json", options: options).collect() } throws: { isParseError($0, file: "o.json", line: 2, column: "a") }
        // Inference in permissive mode adds the corrupt-record column; in fail-fast mode it fails.
        let inferred = try Session().read.jsonl(dir + "/m.json")
        #expect(inferred.columns == ["a", "b", "_corrupt_record"])
        #expect(throws: DataFlowError.self) { try Session().read.jsonl(dir + "/m.json", options: JSONOptions(mode: .failFast)) }
    }

    @Test("hostile nesting and truncated input are malformed lines, not crashes")
    func hostile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let deep = #"{"a": "#.utf8 + Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000) + Array("}".utf8)
        let cases: [[UInt8]] = [deep, Array(#"{"a"#.utf8), Array(#"{"a": "\u12"}"#.utf8), Array(#"{"a": "\x"}"#.utf8), Array(#"{"a": -}"#.utf8),
                                Array(#"{"a": 01}"#.utf8), Array(#"{"a": 1.}"#.utf8), Array(#"{"a": 1e}"#.utf8), Array("{\"a\": \"tab\there\"}".utf8),
                                Array(#"{"a": nul"#.utf8), Array(#"{"a" 1}"#.utf8), Array(#"{a: 1}"#.utf8), Array(#"{"a": [1,]}"#.utf8), [0x7B, 0x00, 0x7D]]
        try writeBytes(dir + "/h.json", cases.flatMap { $0 + [0x0A] } + Array(#"{"a": "fine"}"#.utf8))
        let options = JSONOptions(schema: try Schema(ddl: "a STRING, _corrupt_record STRING"))
        let rows = try Session().read.jsonl(dir + "/h.json", options: options).collect().map(\.values)
        #expect(rows.count == cases.count + 1)
        #expect(rows.dropLast().allSatisfy { $0[0].isNull && !$0[1].isNull })
        #expect(rows.last == ["fine", .null])
    }

    @Test("empty and blank files, a byte order mark, CRLF line ends, blank lines")
    func edges() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/empty/a.json", "")
        try writeFile(dir + "/empty/b.json", "\n  \r\n\n")
        let empty = try Session().read.jsonl(dir + "/empty")
        #expect(empty.columns.isEmpty)
        #expect(try empty.count() == 0)
        let typed = try Session().read.jsonl(dir + "/empty", options: JSONOptions(schema: try Schema(ddl: "a INT")))
        #expect(try typed.collect().isEmpty)
        try writeFile(dir + "/bom.json", "\u{FEFF}{\"a\": 1}\r\n\r\n{\"a\": 2, \"s\": \"x\"}\r\n   \r\n{\"a\": 3}")
        let bom = try Session().read.jsonl(dir + "/bom.json")
        #expect(bom.columns == ["a", "s"])
        #expect(try bom.collect().map(\.values) == [[1, .null], [2, "x"], [3, .null]])
        // Lines of empty objects are rows without columns.
        try writeFile(dir + "/objects.json", "{}\n{ }\n")
        #expect(try Session().read.jsonl(dir + "/objects.json").count() == 2)
    }

    @Test("Hive partition directories, globs, compressed files and limits")
    func datasets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/t/day=2025-11-01/a.json", #"{"k": 1, "v": "x"}"# + "\n" + #"{"k": 2}"# + "\n")
        try writeFile(dir + "/t/day=2025-11-02/b.json", #"{"k": 3, "v": "y"}"# + "\n")
        try writeFile(dir + "/t/day=__HIVE_DEFAULT_PARTITION__/c.json", #"{"k": 4}"# + "\n")
        try writeFile(dir + "/t/_SUCCESS", "")
        let frame = try Session().read.jsonl(dir + "/t")
        #expect(frame.columns == ["k", "v", "day"])
        #expect(frame.schema.fields.last?.type == .date)
        #expect(try frame.orderBy(col("k")).collect().map(\.values) == [[1, "x", .date(20_393)], [2, .null, .date(20_393)], [3, "y", .date(20_394)], [4, .null, .null]])
        #expect(try frame.filter(col("day") == lit("2025-11-02").cast(.date)).select(col("v")).collect().map(\.values) == [["y"]])
        #expect(try Session().read.jsonl(dir + "/t/day=2025-11-0*/*.json").count() == 3)
        #expect(try frame.limit(2).count() == 2)
        // Text partition values are strings.
        try writeFile(dir + "/s/region=eu/a.json", #"{"k": 1}"# + "\n")
        try writeFile(dir + "/s/region=us%2Fwest/b.json", #"{"k": 2}"# + "\n")
        let regions = try Session().read.jsonl(dir + "/s")
        #expect(regions.schema.fields.map(\.type) == [.int64, .string])
        #expect(try regions.orderBy(col("k")).collect().map(\.values) == [[1, "eu"], [2, "us/west"]])
        // Gzip input by extension: two gzip members (as `cat a.gz b.gz` makes), from Python's gzip.
        let gzipped: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xAB, 0x56, 0xCA, 0x56, 0xB2, 0x52, 0x30, 0xD4, 0x51, 0x50, 0x2A, 0x03, 0xD2,
            0x4A, 0x87, 0x57, 0x2A, 0xD5, 0x72, 0x01, 0x00, 0x19, 0x7C, 0xBB, 0x0D, 0x14, 0x00, 0x00, 0x00, 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x02, 0x03, 0xAB, 0x56, 0xCA, 0x56, 0xB2, 0x52, 0x30, 0xAA, 0xE5, 0x02, 0x00, 0xED, 0x40, 0x71, 0xFA, 0x09, 0x00, 0x00, 0x00,
        ]
        try writeBytes(dir + "/z/data.json.gz", gzipped)
        #expect(try Session().read.jsonl(dir + "/z/data.json.gz").collect().map(\.values) == [[1, "é"], [2, .null]])
    }

    @Test("a large file is read in parallel byte ranges with the same rows in order")
    func splits() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = "\u{FEFF}"
        for i in 0..<20_000 {
            text += i % 7 == 0 ? "\r\n" : ""
            text += #"{"id": \#(i), "label": "row \#(i) \"é\" \u00e9", "v": \#(Double(i) / 4)\#(i % 3 == 0 ? #", "extra": null"# : "")}"# + (i % 2 == 0 ? "\r\n" : "\n")
        }
        try writeFile(dir + "/big.json", text)
        var options = JSONOptions(schema: try Schema(ddl: "id INT, label STRING, v DOUBLE"), mode: .failFast)
        let whole = try Session(parallelism: 1).read.jsonl(dir + "/big.json", options: options).collect()
        options.splitSize = 4096
        let split = try Session(parallelism: 4).read.jsonl(dir + "/big.json", options: options)
        let rows = try split.collect()
        #expect(rows.count == 20_000)
        #expect(rows.enumerated().allSatisfy { $0.element[0] == .int32(Int32($0.offset)) })
        #expect(rows.map(\.values) == whole.map(\.values))
        #expect(rows[123][1] == "row 123 \"é\" é" && rows[123][2] == 30.75)
        #expect(try split.filter(col("id") % lit(1000) == lit(0)).count() == 20)
    }
}
