import DataFlow
import NIOCore
import PostgresNIO

/// PostgreSQL and DataFlow types, both ways, and the binary wire forms the reader decodes.
/// smallint and integer are INT, bigint BIGINT, real and double precision DOUBLE, numeric(p,s)
/// DECIMAL(p,s) (unbounded numeric DECIMAL(38,18), as Spark's JDBC source), text, varchar, char,
/// uuid and json(b) STRING (the last three read as their text), bytea BINARY, date DATE, and
/// timestamp and timestamptz TIMESTAMP (a timestamp without zone read as UTC wall time).
enum PostgresTypes {
    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let dateEpochShift: Int32 = 10_957
    /// Microseconds from 1970-01-01 to 2000-01-01.
    static let timestampEpochShift: Int64 = 946_684_800_000_000

    /// A column's DataFlow type, and whether it is selected as text (`::text`).
    static func dataType(_ formatted: String) -> (type: DataType, asText: Bool) {
        let name = formatted.lowercased()
        switch name {
        case "smallint", "integer": return (.int32, false)
        case "bigint": return (.int64, false)
        case "real", "double precision": return (.float64, false)
        case "boolean": return (.boolean, false)
        case "text", "name": return (.string, false)
        case "bytea": return (.binary, false)
        case "date": return (.date, false)
        case "timestamp without time zone", "timestamp with time zone": return (.timestamp, false)
        case "numeric": return (.decimal(precision: 38, scale: 18), false)
        default: break
        }
        if name.hasPrefix("numeric(") {
            let digits = name.dropFirst("numeric(".count).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if let precision = digits.first, precision <= 38 { return (.decimal(precision: precision, scale: digits.dropFirst().first ?? 0), false) }
            return (.string, true)
        }
        if name.hasPrefix("character varying") || name.hasPrefix("character(") || name == "character" { return (.string, false) }
        return (.string, true)
    }

    /// The column type a created table gets.
    /// - Throws: `DataFlowError` (`.notImplemented`) for the null type and nested types.
    static func declaredType(for type: DataType, column: String) throws -> String {
        switch type {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "bigint"
        case .float64: return "double precision"
        case let .decimal(precision, scale): return "numeric(\(precision),\(scale))"
        case .string: return "text"
        case .binary: return "bytea"
        case .date: return "date"
        case .timestamp: return "timestamptz"
        case .null: throw DataFlowError(.notImplemented, "column '\(column)' has no type (all nulls); cast it before writing to PostgreSQL", location: ErrorLocation(column: column))
        case .array, .map, .struct:
            throw DataFlowError(.notImplemented, "column '\(column)' is \(type); DataFlow writes no nested PostgreSQL columns (write it as text with to_json)",
                                location: ErrorLocation(column: column))
        }
    }

    /// Appends the value of `cell` (binary, or text for columns selected `::text`) to `builder`.
    /// - Throws: `DataFlowError` (`.parse`) for bytes that do not fit the column's type.
    static func append(_ cell: PostgresCell, to builder: inout ColumnBuilder) throws {
        guard var bytes = cell.bytes else {
            builder.appendNull()
            return
        }
        if cell.format == .text || [.text, .varchar, .bpchar, .name, .bytea].contains(cell.dataType) {
            bytes.withUnsafeReadableBytes { builder.appendBytes($0) }
            return
        }
        let fail = { DataFlowError(.parse, "column '\(cell.columnName)': unexpected \(bytes.readableBytes) bytes for PostgreSQL type \(cell.dataType)") }
        switch cell.dataType {
        case .bool:
            guard let value = bytes.readInteger(as: UInt8.self) else { throw fail() }
            builder.appendBit(value != 0)
        case .int2:
            guard let value = bytes.readInteger(as: Int16.self) else { throw fail() }
            builder.appendFixed(Int32(value))
        case .int4:
            guard let value = bytes.readInteger(as: Int32.self) else { throw fail() }
            builder.appendFixed(value)
        case .int8:
            guard let value = bytes.readInteger(as: Int64.self) else { throw fail() }
            builder.appendFixed(value)
        case .float4:
            guard let value = bytes.readInteger(as: UInt32.self) else { throw fail() }
            builder.appendFixed(Double(Float(bitPattern: value)))
        case .float8:
            guard let value = bytes.readInteger(as: UInt64.self) else { throw fail() }
            builder.appendFixed(Double(bitPattern: value))
        case .date:
            guard let value = bytes.readInteger(as: Int32.self) else { throw fail() }
            builder.appendFixed(value + dateEpochShift)
        case .timestamp, .timestamptz:
            guard let value = bytes.readInteger(as: Int64.self) else { throw fail() }
            builder.appendFixed(value + timestampEpochShift)
        case .numeric:
            guard case let .decimal(_, scale) = builder.type, let unscaled = numeric(&bytes, scale: scale) else { throw fail() }
            if builder.type.isWideDecimal { builder.appendFixed(unscaled) } else { builder.appendFixed(Int64(truncatingIfNeeded: unscaled)) }
        default:
            bytes.withUnsafeReadableBytes { builder.appendBytes($0) }
        }
    }

    /// A binary NUMERIC (base-10000 digits with a weight and a display scale) as an unscaled
    /// integer at `scale`; nil for NaN, infinities or a value too large.
    static func numeric(_ bytes: inout ByteBuffer, scale: Int) -> Int128? {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), bytes.readInteger(as: Int16.self) != nil, sign == 0 || sign == 0x4000 else { return nil }
        var value: Int128 = 0
        for index in 0..<Int(count) {
            guard let digit = bytes.readInteger(as: Int16.self) else { return nil }
            // The digit's power of ten at the target scale: 4 per base-10000 place, plus the scale.
            let power = 4 * (Int(weight) - index) + scale
            if power >= 0 {
                var term = Int128(digit)
                for _ in 0..<power {
                    let (next, overflow) = term.multipliedReportingOverflow(by: 10)
                    guard !overflow else { return nil }
                    term = next
                }
                value += term
            } else if power > -4 {
                var divisor = 1
                for _ in 0..<(-power) { divisor *= 10 }
                value += Int128(Int(digit) / divisor)
            }
        }
        return sign == 0x4000 ? -value : value
    }
}

extension DataType {
    /// Whether a decimal of this type is stored in 128 bits (precision over 18).
    var isWideDecimal: Bool {
        if case let .decimal(precision, _) = self { return precision > 18 }
        return false
    }
}
