import DataFlow
import DataFlowIO
import Foundation
import Testing

/// The same generated JSON lines file read by DuckDB's `read_json` and by DataFlow, compared value
/// by value. Needs Python with duckdb: `DATAFLOW_PYTHON` (set by `make test`), else the probe
/// environment; without it the test fails rather than skips.
@Suite("JSON lines against DuckDB")
struct JSONDuckDBTests {
    static var python: String { ProcessInfo.processInfo.environment["DATAFLOW_PYTHON"] ?? "/tmp/probe-venv/bin/python" }

    /// One generated line: keys sometimes missing or null, strings with escapes and non-ASCII text.
    static func line(_ id: Int, _ random: inout SeededRandom) -> String {
        let pieces = ["a", "Z", " ", "\\\"", "\\\\", "\\n", "\\t", "\\/", "é", "😀", "\\u00e9", "\\ud83d\\ude00", "\\u0001", "日本", ",", ":", "{", "]"]
        var members = [#""id": \#(id)"#]
        func maybe(_ key: String, _ value: () -> String) {
            switch random.below(10) {
            case 0: break
            case 1: members.append(#""\#(key)": null"#)
            default: members.append(#""\#(key)": \#(value())"#)
            }
        }
        maybe("name") { "\"" + (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined() + "\"" }
        maybe("score") {
            switch random.below(4) {
            case 0: return String(random.below(2_000_001) - 1_000_000)
            case 1: return String(Double(Int64(bitPattern: random.next()) % 1_000_000_000) / 1000)
            case 2: return "\(random.below(10)).\(random.below(1000))e\(random.below(40) - 20)"
            default: return String(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF | (random.below(2) == 0 ? 0 : 0x8000_0000_0000_0000)))
            }
        }
        maybe("flag") { random.below(2) == 0 ? "true" : "false" }
        maybe("big") { [String(Int64.min), String(Int64.max), "0", "-1", String(Int64(bitPattern: random.next()))][random.below(5)] }
        maybe("tags") { "[" + (0..<random.below(4)).map { "\"t\($0)\"" }.joined(separator: ",") + "]" }
        maybe("day") { String(format: "\"%04d-%02d-%02d\"", 1900 + random.below(200), 1 + random.below(12), 1 + random.below(28)) }
        maybe("ts") {
            String(format: "\"%04d-%02d-%02d %02d:%02d:%02d.%06d\"", 1950 + random.below(100), 1 + random.below(12), 1 + random.below(28),
                   random.below(24), random.below(60), random.below(60), random.below(1_000_000))
        }
        // Key order varies.
        let first = members.removeFirst()
        for index in stride(from: members.count - 1, to: 0, by: -1) { members.swapAt(index, random.below(index + 1)) }
        return "{" + ([first] + members).joined(separator: ", ") + "}"
    }

    @Test("read_json and DataFlow read the same values")
    func differential() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var random = SeededRandom(seed: 20_251_122)
        let count = 3000
        try writeFile(dir + "/data.json", (0..<count).map { Self.line($0, &random) }.joined(separator: "\n") + "\n")

        let script = """
        import duckdb, json, sys
        rows = duckdb.sql('''
            SELECT id, name, score, flag, big, tags::VARCHAR, (day - DATE '1970-01-01'), epoch_us(ts)
            FROM read_json(?, format = 'newline_delimited', columns = {id: 'BIGINT', name: 'VARCHAR', score: 'DOUBLE', flag: 'BOOLEAN',
                 big: 'BIGINT', tags: 'JSON', day: 'DATE', ts: 'TIMESTAMP'})
            ORDER BY id''', params=[sys.argv[1]]).fetchall()
        out = [[None if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in row] for row in rows]
        with open(sys.argv[2], 'w', encoding='utf-8') as f:
            json.dump(out, f)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script, dir + "/data.json", dir + "/duckdb.json"]
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            Issue.record("cannot run \(Self.python) (set DATAFLOW_PYTHON to a Python with duckdb): \(error)")
            return
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("DuckDB failed: \(String(decoding: stderr, as: UTF8.self))")
            return
        }
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/duckdb.json"))) as? [[Any]])

        let schema = try Schema(ddl: "id BIGINT, name STRING, score DOUBLE, flag BOOLEAN, big BIGINT, tags STRING, day DATE, ts TIMESTAMP")
        var options = JSONOptions(schema: schema, mode: .failFast)
        options.splitSize = 16 << 10
        let actual = try Session(parallelism: 3).read.jsonl(dir + "/data.json", options: options).collect().map(\.values)
        #expect(actual.count == count && expected.count == count)
        var mismatches = 0
        for (row, (ours, theirs)) in zip(actual, expected).enumerated() {
            let text = theirs.map { $0 as? String }
            func integer(_ index: Int) -> Scalar { text[index].flatMap { Int64($0) }.map(Scalar.int64) ?? .null }
            let converted: [Scalar] = [
                integer(0),
                text[1].map(Scalar.string) ?? .null,
                text[2].flatMap { Double($0) }.map(Scalar.float64) ?? .null,
                text[3].map { Scalar.boolean($0 == "True") } ?? .null,
                integer(4),
                text[5].map(Scalar.string) ?? .null,
                text[6].flatMap { Int32($0) }.map(Scalar.date) ?? .null,
                text[7].flatMap { Int64($0) }.map(Scalar.timestamp) ?? .null,
            ]
            if ours != converted {
                mismatches += 1
                if mismatches <= 5 { Issue.record("row \(row): DataFlow \(ours) vs DuckDB \(converted)") }
            }
        }
        #expect(mismatches == 0)
        // The data covers what it means to.
        let names = actual.compactMap { row -> String? in if case let .string(name) = row[1] { return name } else { return nil } }
        #expect(names.count > count * 3 / 4 && names.contains { $0.contains("😀") } && names.contains { $0.contains("\"") } && names.contains { $0.contains("\u{1}") })
        #expect(actual.filter { $0[2].isNull }.count > count / 10 && actual.contains { $0[4] == .int64(.min) } && actual.contains { $0[7] != .null })
    }
}
