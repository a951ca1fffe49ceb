import DataFlow

/// How DataFlow types are stored in SQLite, whose columns have affinities rather than types. Tables
/// DataFlow creates declare a type that round-trips exactly: BOOLEAN (0/1), INT and BIGINT, DOUBLE,
/// TEXT, BLOB, DATE (`YYYY-MM-DD` text), TIMESTAMP (`YYYY-MM-DD HH:MM:SS.ffffff` text in UTC, which
/// sorts and compares in time order), DECIMAL(p,s) up to 15 digits (NUMERIC affinity: stored as
/// numbers, so they sort and compare as numbers in SQL, and every such value survives the trip
/// through a double), and DECIMAL_TEXT(p,s) beyond (exact decimal text, which a double would round).
/// Tables made elsewhere map by their declared type's name, as SQLite's affinity rules read it.
enum SQLiteTypes {
    /// The most digits a decimal stored as an SQLite number keeps exactly: a double holds any
    /// decimal of 15 significant digits and gives it back.
    static let maxNumericPrecision = 15

    /// The text form of timestamps.
    static let timestampFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"

    /// The declared type a created column gets.
    /// - Throws: `DataFlowError` (`.notImplemented`) for the null type.
    static func declaredType(for type: DataType, column: String) throws -> String {
        switch type {
        case .boolean: return "BOOLEAN"
        case .int32: return "INT"
        case .int64: return "BIGINT"
        case .float64: return "DOUBLE"
        case let .decimal(precision, scale):
            return precision <= maxNumericPrecision ? "DECIMAL(\(precision),\(scale))" : "DECIMAL_TEXT(\(precision),\(scale))"
        case .string: return "TEXT"
        case .binary: return "BLOB"
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .null: throw DataFlowError(.notImplemented, "column '\(column)' has no type (all nulls); cast it before writing to SQLite", location: ErrorLocation(column: column))
        case .array, .map, .struct:
            throw DataFlowError(.notImplemented, "column '\(column)' is \(type), which SQLite cannot hold; write it as text with to_json",
                                location: ErrorLocation(column: column))
        }
    }

    /// The DataFlow type of a column declared `declared` (nil or empty: text).
    static func dataType(declared: String?) -> DataType {
        let name = (declared ?? "").uppercased()
        if let open = name.firstIndex(of: "("), name.hasPrefix("DECIMAL") || name.hasPrefix("NUMERIC") {
            let digits = name[name.index(after: open)...].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if let precision = digits.first, (1...38).contains(precision) {
                return .decimal(precision: precision, scale: min(digits.dropFirst().first ?? 0, precision))
            }
        }
        switch name {
        case "BOOLEAN", "BOOL": return .boolean
        case "INT", "INT4", "SMALLINT", "TINYINT", "MEDIUMINT", "INT2": return .int32
        case "DATE": return .date
        case "TIMESTAMP", "DATETIME", "TIMESTAMPTZ": return .timestamp
        default: break
        }
        if name.contains("INT") { return .int64 }
        if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") || name.isEmpty { return .string }
        if name.contains("BLOB") { return .binary }
        if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") { return .float64 }
        return .string
    }

    /// `name` quoted as an SQLite identifier.
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Whether values of `type` are stored as text that needs parsing or formatting.
    static func isText(_ type: DataType) -> Bool {
        switch type {
        case .date, .timestamp, .decimal: return true
        default: return false
        }
    }
}
