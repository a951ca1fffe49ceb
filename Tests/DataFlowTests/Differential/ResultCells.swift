@testable import DataFlow
import Foundation

/// One result value in the form both engines' results are compared in: integers as integers,
/// doubles as doubles (equal when `==`, or both NaN), everything else as canonical text (decimals
/// with their scale digits, dates `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss.ffffff` in UTC).
enum Cell: Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case text(String)

    static func == (a: Cell, b: Cell) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.integer(x), .integer(y)): return x == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.boolean(x), .boolean(y)): return x == y
        case let (.text(x), .text(y)): return x.utf8.elementsEqual(y.utf8)
        default: return false
        }
    }

    /// Equal, or for doubles within `ulps` units in the last place of the larger (of 1e-16 at
    /// least, so that results near zero, where cancellation leaves few digits, compare by scale).
    func isClose(to other: Cell, ulps: Int) -> Bool {
        if self == other { return true }
        guard ulps > 0, case let .double(x) = self, case let .double(y) = other, x.isFinite, y.isFinite else { return false }
        return Swift.abs(x - y) <= Double(ulps) * Swift.max(x.ulp, y.ulp, 1e-16)
    }

    var description: String {
        switch self {
        case .null: return "NULL"
        case let .integer(value): return String(value)
        case let .double(value): return value.isNaN ? "NaN" : (value == 0 ? "0.0" : "\(value)")
        case let .boolean(value): return value ? "true" : "false"
        case let .text(value): return "'\(value)'"
        }
    }

    /// A key that sorts rows for order-insensitive comparison; equal cells have equal keys.
    var sortKey: String {
        switch self {
        case .null: return "\u{0}"
        default: return "\u{1}" + description
        }
    }
}

/// The type a DataFlow result column's cells are compared as, and the DuckDB types that match it.
enum CellKind {
    case integer, double, boolean, decimal, string, date, timestamp, binary

    init(_ type: DataType) {
        switch type {
        case .int32, .int64: self = .integer
        case .float64: self = .double
        case .boolean: self = .boolean
        case .decimal: self = .decimal
        case .string, .null, .array, .map, .struct: self = .string
        case .date: self = .date
        case .timestamp: self = .timestamp
        case .binary: self = .binary
        }
    }

    /// Whether a DuckDB column of `duckType` holds values of this kind.
    func matches(duckType: String) -> Bool {
        switch self {
        case .integer: return ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"].contains(duckType)
        case .double: return duckType == "DOUBLE" || duckType == "FLOAT"
        case .boolean: return duckType == "BOOLEAN"
        case .decimal: return duckType.hasPrefix("DECIMAL")
        case .string: return duckType == "VARCHAR"
        case .date: return duckType == "DATE"
        case .timestamp: return duckType == "TIMESTAMP"
        case .binary: return duckType == "BLOB"
        }
    }

    /// The cell for the oracle's text of a value of this kind.
    func cell(oracleText text: String?) -> Cell? {
        guard let text else { return .null }
        switch self {
        case .integer: return Int64(text).map(Cell.integer)
        case .double: return Double(text).map(Cell.double)
        case .boolean: return text == "true" ? .boolean(true) : (text == "false" ? .boolean(false) : nil)
        case .decimal, .string, .date, .timestamp, .binary: return .text(text)
        }
    }
}

enum ResultCells {
    /// The cells of DataFlow's result batches, row by row.
    static func rows(_ batches: [RecordBatch], schema: Schema) -> [[Cell]] {
        var rows: [[Cell]] = []
        for batch in batches {
            let columns = batch.columns.map(cells)
            for row in 0..<batch.rowCount { rows.append(columns.map { $0[row] }) }
        }
        return rows
    }

    /// The cells of one column (typed loops: results have up to a million cells).
    static func cells(_ column: Column) -> [Cell] {
        let count = column.count
        func map<T>(_: T.Type, _ transform: (T) -> Cell) -> [Cell] {
            column.withValues(T.self) { values, validity in (0..<count).map { validity[$0] ? transform(values[$0]) : .null } }
        }
        switch column.type {
        case .int32: return map(Int32.self) { .integer(Int64($0)) }
        case .int64: return map(Int64.self) { .integer($0) }
        case .float64: return map(Double.self) { .double($0) }
        case .date: return map(Int32.self) { .text(formatDate(days: $0)) }
        case .timestamp: return map(Int64.self) { .text(isoTimestamp($0)) }
        case .boolean:
            return column.withBits { bits, validity in (0..<count).map { validity[$0] ? .boolean(bits[$0]) : .null } }
        case .string:
            return column.withBytes { offsets, data, validity in
                (0..<count).map { index in
                    guard validity[index] else { return .null }
                    let start = Int(offsets[index])
                    return .text(String(decoding: UnsafeBufferPointer(start: data + start, count: Int(offsets[index + 1]) - start), as: UTF8.self))
                }
            }
        case let .decimal(_, scale):
            let unscaled = decimalValues(column)
            let validity = column.validityView
            return (0..<count).map { validity[$0] ? .text(formatDecimal(unscaled: unscaled[$0], scale: scale)) : .null }
        case .binary, .null:
            return (0..<count).map { index in
                switch column.scalar(at: index) {
                case let .binary(bytes): return .text(bytes.map { String(format: "%02X", $0) }.joined())
                default: return .null
                }
            }
        case .array, .map, .struct:
            // Spark's text of the value, which the oracle writes for DuckDB's lists, structs and maps.
            return column.scalars.map { $0.isNull ? .null : .text($0.formatted()) }
        }
    }

    /// The oracle's rows as cells of the kinds of DataFlow's columns, or a description of why not.
    static func rows(_ result: OracleResult, kinds: [CellKind]) -> Result<[[Cell]], OracleFailure> {
        guard let types = result.types else {
            return .failure(OracleFailure(message: result.error ?? "the oracle returned neither rows nor an error"))
        }
        guard types.count == kinds.count else {
            return .failure(OracleFailure(message: "DuckDB returned \(types.count) columns \(result.columns), DataFlow \(kinds.count)"))
        }
        let rows = result.rows
        for (index, (kind, type)) in zip(kinds, types).enumerated() where !kind.matches(duckType: type) {
            return .failure(OracleFailure(message: "column \(index) is \(kind) in DataFlow but \(type) in DuckDB"))
        }
        var cells: [[Cell]] = []
        cells.reserveCapacity(rows.count)
        for (rowIndex, row) in rows.enumerated() {
            guard row.count == kinds.count else {
                return .failure(OracleFailure(message: "row \(rowIndex) has \(row.count) fields, expected \(kinds.count)"))
            }
            var converted: [Cell] = []
            for (index, text) in row.enumerated() {
                guard let cell = kinds[index].cell(oracleText: text) else {
                    return .failure(OracleFailure(message: "row \(rowIndex), column \(index): cannot read DuckDB's '\(text ?? "")' as \(kinds[index])"))
                }
                converted.append(cell)
            }
            cells.append(converted)
        }
        return .success(cells)
    }

    /// The differences between two results (at most `limit` described): rows compared in order, or
    /// as multisets (then naming rows found on one side only).
    static func differences(_ actual: [[Cell]], _ expected: [[Cell]], ordered: Bool, ulps: Int = 0, limit: Int = 8) -> [String] {
        if ulps > 0 && !ordered {
            // Rows pair up by their cells other than doubles (then by all of them), so doubles a few
            // bits apart still meet.
            func key(_ row: [Cell]) -> String {
                row.map { if case .double = $0 { return "" } else { return $0.sortKey } }.joined(separator: "\u{2}")
                    + "\u{3}" + row.map(\.sortKey).joined(separator: "\u{2}")
            }
            return differences(actual.sorted { key($0) < key($1) }, expected.sorted { key($0) < key($1) }, ordered: true, ulps: ulps, limit: limit)
        }
        var problems: [String] = []
        if actual.count != expected.count {
            problems.append("row counts differ: \(actual.count) vs \(expected.count)")
        }
        if ordered {
            for index in 0..<min(actual.count, expected.count) where problems.count < limit {
                let a = actual[index], b = expected[index]
                if a.count != b.count || zip(a, b).contains(where: { !$0.isClose(to: $1, ulps: ulps) }) {
                    problems.append("row \(index): \(format(a)) vs \(format(b))")
                }
            }
            return problems
        }
        func key(_ row: [Cell]) -> String { row.map(\.sortKey).joined(separator: "\u{2}") }
        var balance: [String: (count: Int, row: [Cell])] = [:]
        for row in actual { balance[key(row), default: (0, row)].count += 1 }
        for row in expected { balance[key(row), default: (0, row)].count -= 1 }
        for (_, entry) in balance.sorted(by: { $0.key < $1.key }) where entry.count != 0 && problems.count < limit {
            let side = entry.count > 0 ? "only in DataFlow" : "only in DuckDB"
            problems.append("\(side) (×\(abs(entry.count))): \(format(entry.row))")
        }
        return problems
    }

    static func format(_ row: [Cell]) -> String { "(" + row.map(\.description).joined(separator: ", ") + ")" }
}
