import Foundation

/// One query's result as DuckDB computed it: column names, DuckDB type names and the rows as text
/// (see `duckdb_oracle.py` for the encoding), or the error DuckDB raised. Rows stay raw bytes until
/// a test reads them.
struct OracleResult: Sendable {
    struct Header: Decodable {
        let name: String
        let columns: [String]?
        let types: [String]?
        let rows: Int?
        let error: String?
    }

    let header: Header
    /// The rows' canonical text, each line ending with '\n'.
    let text: Data
    /// Where each line starts in `text`, plus the end.
    let starts: [Int]
    /// One hash per row (see `CanonicalRows`).
    let hashes: [UInt64]

    var columns: [String] { header.columns ?? [] }
    var types: [String]? { header.types }
    var error: String? { header.error }

    /// The cells of each row as text (nil for null).
    var rows: [[String?]] {
        (0..<(starts.count - 1)).map { index in
            text[text.startIndex + starts[index] ..< text.startIndex + starts[index + 1] - 1]
                .split(separator: CanonicalRows.fieldSeparator, omittingEmptySubsequences: false).map { field in
                    field.count == 1 && field.first == CanonicalRows.nullField ? nil : String(decoding: field, as: UTF8.self)
                }
        }
    }

    /// Splits the oracle's response into results by query name.
    static func parse(_ data: Data) throws -> [String: OracleResult] {
        var results: [String: OracleResult] = [:]
        try data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            let newline = UInt8(ascii: "\n")
            var position = 0
            /// The end (after '\n') of the line starting at `from`.
            func lineEnd(_ from: Int) -> Int {
                guard let found = memchr(all.baseAddress! + from, Int32(newline), all.count - from) else { return all.count }
                return all.baseAddress!.distance(to: UnsafeRawPointer(found)) + 1
            }
            while position < all.count {
                let headerEnd = lineEnd(position)
                guard all[position] == UInt8(ascii: "#") else {
                    throw OracleFailure(message: "the oracle's response has a row outside any query at byte \(position)")
                }
                let header = try JSONDecoder().decode(Header.self, from: Data(all[(position + 1) ..< (headerEnd - 1)]))
                var starts = [0]
                var cursor = headerEnd
                for _ in 0..<(header.rows ?? 0) {
                    guard cursor < all.count else { throw OracleFailure(message: "the oracle's response for '\(header.name)' is cut short") }
                    cursor = lineEnd(cursor)
                    starts.append(cursor - headerEnd)
                }
                let lines = UnsafeRawBufferPointer(rebasing: all[headerEnd ..< cursor])
                results[header.name] = OracleResult(header: header, text: Data(lines), starts: starts,
                                                    hashes: CanonicalRows.hashes(lines: lines, starts: starts))
                position = cursor
            }
        }
        return results
    }
}

/// Why the oracle could not run at all (no Python, no duckdb, a crash). Every differential test
/// fails with this message: CI must never skip them silently.
struct OracleFailure: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs every differential query through DuckDB once per test process (one Python process for all
/// of them) and keeps the results by query name. The table, request and response go to a temporary
/// directory removed afterwards; set `DATAFLOW_KEEP_ORACLE_FILES=1` to keep them for debugging
/// (then `python duckdb_oracle.py request.json response.txt` reruns the oracle by hand).
enum DuckDBOracle {
    static let nullMarker = "\\N"

    /// The results of every query in `DifferentialQueries.all`, computed on first use.
    static let results: Result<[String: OracleResult], OracleFailure> = run(DifferentialQueries.all)

    /// The oracle's result for `query`.
    /// - Throws: `OracleFailure` when the oracle did not run, or has no result for the query.
    static func result(for query: DifferentialQuery) throws -> OracleResult {
        let all = try results.get()
        guard let result = all[query.name] else {
            throw OracleFailure(message: "the oracle returned no result for '\(query.name)'")
        }
        return result
    }

    private static func run(_ queries: [DifferentialQuery]) -> Result<[String: OracleResult], OracleFailure> {
        let environment = ProcessInfo.processInfo.environment
        guard let python = environment["DATAFLOW_PYTHON"], !python.isEmpty else {
            return .failure(OracleFailure(message: """
                DATAFLOW_PYTHON is not set: the differential tests need a Python with duckdb. \
                Run `make test`, or `make python-deps` and then \
                `DATAFLOW_PYTHON=$PWD/.venv/bin/python swift test`.
                """))
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(OracleFailure(message: "DATAFLOW_PYTHON='\(python)' is not an executable file"))
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("duckdb_oracle.py")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dataflow-difftests-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let csv = directory.appendingPathComponent("table.csv")
            let request = directory.appendingPathComponent("request.json")
            let response = directory.appendingPathComponent("response.txt")
            let errors = directory.appendingPathComponent("stderr.txt")
            let table = DifferentialTable.shared
            try table.writeCSV(to: csv, nullMarker: nullMarker)
            let payload: [String: Any] = [
                "csv": csv.path,
                "null": nullMarker,
                "columns": zip(table.schema.names, table.duckTypes).map { [$0, $1] },
                "queries": queries.map { ["name": $0.name, "sql": $0.sql] },
            ]
            try JSONSerialization.data(withJSONObject: payload).write(to: request)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path, request.path, response.path]
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                let hint = process.terminationStatus == 2 ? " (duckdb is not importable by DATAFLOW_PYTHON='\(python)')" : ""
                return .failure(OracleFailure(message: "the DuckDB oracle exited with status \(process.terminationStatus)\(hint): \(stderr)"))
            }
            let results = try OracleResult.parse(Data(contentsOf: response))
            if ProcessInfo.processInfo.environment["DATAFLOW_KEEP_ORACLE_FILES"] == nil { try? FileManager.default.removeItem(at: directory) }
            return .success(results)
        } catch {
            return .failure(OracleFailure(message: "the DuckDB oracle could not run (files in \(directory.path)): \(error)"))
        }
    }
}
