import ArgumentParser
import DataFlow
import DataFlowIO
import Foundation

/// How `dataflow sql` writes results.
enum SQLOutputMode: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, parquet
}

/// Writes statement results in the chosen mode: a table (at most `maxRows` rows), CSV with a
/// header, JSON lines, or a Parquet dataset at `output`; text goes to `output` or standard output.
struct SQLResultPrinter {
    var mode: SQLOutputMode
    var output: String?
    var maxRows: Int
    var timer: Bool

    /// Writes `frame`'s rows; a statement with no columns (a definition) writes nothing.
    func print(_ frame: DataFrame) throws {
        guard !frame.columns.isEmpty else { return }
        switch mode {
        case .table:
            // showString reads one row more than it shows, and says when there were more.
            try write(try frame.showString(maxRows, truncate: 0))
        case .csv:
            let rows = try frame.collect()
            var text = frame.columns.map(Self.csvField).joined(separator: ",") + "\n"
            for row in rows {
                text += row.values.map { $0.isNull ? "" : Self.csvField($0.formatted(timeZone: frame.timeZone)) }.joined(separator: ",") + "\n"
            }
            try write(text)
        case .json:
            var text = ""
            for row in try frame.collect() {
                let fields = zip(frame.columns, row.values).map { name, value in "\(Self.jsonString(name)):\(Self.json(value, timeZone: frame.timeZone))" }
                text += "{" + fields.joined(separator: ",") + "}\n"
            }
            try write(text)
        case .parquet:
            guard let output else { throw DataFlowError.invalidArgument("--output", "parquet output needs a folder") }
            let summary = try frame.write.mode(.overwrite).parquet(output)
            Swift.print("wrote \(summary.rows) rows to \(output)")
        }
    }

    /// Prints the time since `start` when the timer is on.
    func reportTime(since start: DispatchTime) {
        guard timer else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        FileHandle.standardError.write(Data(String(format: "Run Time: %.3f s\n", seconds).utf8))
    }

    private func write(_ text: String) throws {
        guard let output else {
            Swift.print(text, terminator: "")
            return
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
            throw DataFlowError.invalidArgument("--output", "cannot write '\(output)'")
        }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.isEmpty else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func json(_ value: Scalar, timeZone: SessionTimeZone) -> String {
        switch value {
        case .null: return "null"
        case let .boolean(flag): return flag ? "true" : "false"
        case .int32, .int64, .decimal: return value.formatted(timeZone: timeZone)
        case let .float64(number): return number.isFinite ? "\(number)" : "null"
        default: return jsonString(value.formatted(timeZone: timeZone))
        }
    }

    private static func jsonString(_ text: String) -> String {
        var bytes: [UInt8] = []
        var text = text
        text.withUTF8 { appendJSONString($0, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
