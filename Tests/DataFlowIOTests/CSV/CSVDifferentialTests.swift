import DataFlow
import DataFlowIO
import Foundation
import TestSupport
import Testing

/// The same CSV files read by DataFlow and by DuckDB's `read_csv` with the equivalent options, the
/// rows compared as text. Needs `DATAFLOW_PYTHON` with duckdb (`make test` sets it up); without it
/// the tests fail saying so.
@Suite("CSV: DataFlow vs DuckDB read_csv")
struct CSVDifferentialTests {
    /// Rows of a file: id, a text with the dialect's special characters, a nullable double, a date.
    static func rows(count: Int, seed: UInt64) -> [(Int, String?, Double?, String?)] {
        var random = SeededRandom(seed: seed)
        func next() -> UInt64 { random.next() >> 33 }
        let texts = ["plain", "with, comma", "with \"quotes\"", "tab\there", "", "ünïcödé 日本", "multi\nline", "  spaced  ", "a|b"]
        return (0..<count).map { i in
            let text: String? = next() % 10 == 0 ? nil : texts[Int(next() % UInt64(texts.count))]
            let number: Double? = next() % 8 == 0 ? nil : Double(Int(next() % 20_000) - 10_000) / 4
            let day: String? = next() % 9 == 0 ? nil : String(format: "20%02d-%02d-%02d", next() % 30, next() % 12 + 1, next() % 28 + 1)
            return (i, text, number, day)
        }
    }

    /// `rows` in RFC 4180 (quotes doubled, quoted line breaks; null as an empty unquoted field).
    static func rfc4180(_ rows: [(Int, String?, Double?, String?)]) -> String {
        var text = "id,text,amount,day\n"
        for (id, note, amount, day) in rows {
            let quoted = note.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
            text += "\(id),\(quoted),\(amount.map { String($0) } ?? ""),\(day ?? "")\n"
        }
        return text
    }

    /// `rows` with a backslash escape inside quotes and \N for null (Redshift-style, without
    /// escaped line breaks, which DuckDB does not read).
    static func backslashEscaped(_ rows: [(Int, String?, Double?, String?)]) -> String {
        rows.filter { $0.1?.contains("\n") != true }.map { id, note, amount, day in
            let quoted = note.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? "\\N"
            return "\"\(id)\"|\(quoted)|\(amount.map { "\"\($0)\"" } ?? "\\N")|\(day.map { "\"\($0)\"" } ?? "\\N")\n"
        }.joined()
    }

    static let schema = try! Schema(ddl: "id BIGINT, text STRING, amount DOUBLE, day DATE")
    static let duckColumns = "columns={'id': 'BIGINT', 'text': 'VARCHAR', 'amount': 'DOUBLE', 'day': 'DATE'}"

    /// DuckDB's rows as lines of text fields ("NULL" for null) in id order.
    static func duckRows(_ sql: String) throws -> [String] {
        let script = """
        import duckdb, json, sys
        rows = duckdb.sql(sys.argv[1]).fetchall()
        print(json.dumps([[None if v is None else str(v) for v in row] for row in rows]))
        """
        guard let rows = try JSONSerialization.jsonObject(with: Data(try runPython(script, [sql]).utf8)) as? [[Any]] else {
            throw DataFlowError(.io, "DuckDB printed no rows for: \(sql)")
        }
        return rows.map { row in row.map { ($0 as? String) ?? "NULL" }.joined(separator: "|") }
    }

    static func dataFlowRows(_ frame: DataFrame) throws -> [String] {
        try frame.orderBy(col("id")).collect().map { row in
            row.values.map { value -> String in
                switch value {
                case .null: return "NULL"
                case let .float64(x): return String(x)
                default: return value.formatted()
                }
            }.joined(separator: "|")
        }
    }

    static func compare(_ ours: [String], _ theirs: [String]) {
        #expect(ours.count == theirs.count)
        for (index, (a, b)) in zip(ours, theirs).enumerated() where a != b {
            Issue.record("row \(index): DataFlow \(a.debugDescription) vs DuckDB \(b.debugDescription)")
            return
        }
    }

    @Test("RFC 4180 with quoted delimiters, quotes and line breaks")
    func rfc() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/a.csv", Self.rfc4180(Self.rows(count: 3000, seed: 7)))
        var options = CSVOptions.rfc4180
        options.schema = Self.schema
        let ours = try Self.dataFlowRows(try Session(parallelism: 2).read.csv(dir + "/a.csv", options: options))
        // Spark reads a quoted empty field as the empty string; DuckDB needs allow_quoted_nulls=false for that.
        let theirs = try Self.duckRows("SELECT * FROM read_csv('\(dir)/a.csv', header=true, quote='\"', escape='\"', allow_quoted_nulls=false, \(Self.duckColumns)) ORDER BY id")
        Self.compare(ours, theirs)
    }

    @Test("pipe-delimited, backslash escapes inside quotes, \\N nulls, split into byte ranges")
    func backslash() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/b.txt", Self.backslashEscaped(Self.rows(count: 5000, seed: 11)))
        var options = CSVOptions.redshiftUnload
        options.schema = Self.schema
        options.splitSize = 8192
        let ours = try Self.dataFlowRows(try Session(parallelism: 3).read.csv(dir + "/b.txt", options: options))
        // DuckDB rejects a null string containing its escape character: read \N as text, then NULLIF.
        let theirs = try Self.duckRows("""
            SELECT id, NULLIF(text, '\\N'), amount, day FROM read_csv('\(dir)/b.txt', header=false, delim='|', quote='"', escape='\\', allow_quoted_nulls=false,
            columns={'id': 'BIGINT', 'text': 'VARCHAR', 'amount': 'VARCHAR', 'day': 'VARCHAR'}) ORDER BY id
            """).map { line -> String in
            // Cast the \\N-able columns the way the first query would have.
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { return line }
            let amount = fields[fields.count - 2] == "\\N" ? "NULL" : String(Double(fields[fields.count - 2]) ?? .nan)
            let day = fields[fields.count - 1] == "\\N" ? "NULL" : fields[fields.count - 1]
            return (fields.dropLast(2) + [amount, day]).joined(separator: "|")
        }
        Self.compare(ours, theirs)
    }
}
