/// The logical type of a column or expression.
///
/// Physical layout (see `Column`): booleans are bit-packed; int32, date (days since 1970-01-01) use
/// `Int32`; int64, timestamp (microseconds since the epoch, a UTC instant) use `Int64`; float64 uses
/// `Double`; decimal(p, s) uses an unscaled `Int64` when p <= 18 and `Int128` when p <= 38; string and
/// binary use `Int32` offsets plus one byte buffer. Nested types follow Arrow: an array holds
/// `Int32` offsets into one child column of elements, a map offsets into a key and a value child,
/// and a struct one child column per field (see `Column`).
public enum DataType: Hashable, Sendable, CustomStringConvertible {
    /// true / false.
    case boolean
    /// 32-bit signed integer (Spark's IntegerType).
    case int32
    /// 64-bit signed integer (Spark's LongType).
    case int64
    /// 64-bit IEEE float (Spark's DoubleType).
    case float64
    /// Fixed-point decimal with `precision` digits, `scale` of them after the point (p <= 38).
    case decimal(precision: Int, scale: Int)
    /// UTF-8 text.
    case string
    /// Raw bytes.
    case binary
    /// A calendar date.
    case date
    /// An instant, microsecond precision, stored as UTC.
    case timestamp
    /// The type of an untyped null literal; coerced to the other side's type during analysis.
    case null
    /// A list of values of one type, any of which may be null (Spark's `ArrayType`).
    indirect case array(DataType)
    /// Key/value pairs (Spark's `MapType`): keys are never null, values may be.
    indirect case map(key: DataType, value: DataType)
    /// Named fields, in order (Spark's `StructType`).
    case `struct`([Field])

    /// The largest decimal precision DataFlow supports.
    public static let maxDecimalPrecision = 38

    /// Spark's `simpleString` name of the type (as `printSchema` shows it).
    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "long"
        case .float64: return "double"
        case let .decimal(p, s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .null: return "void"
        case .array, .map, .struct: return simpleString
        }
    }

    /// Spark's compact name of the type, as it appears inside nested types: `int`, `bigint`,
    /// `array<int>`, `map<string,bigint>`, `struct<a:int,b:string>`.
    public var simpleString: String {
        switch self {
        case .int32: return "int"
        case .int64: return "bigint"
        case let .array(element): return "array<\(element.simpleString)>"
        case let .map(key, value): return "map<\(key.simpleString),\(value.simpleString)>"
        case let .struct(fields): return "struct<" + fields.map { "\($0.name):\($0.type.simpleString)" }.joined(separator: ",") + ">"
        default: return description
        }
    }

    /// Whether the type is an array, a map or a struct.
    public var isNested: Bool {
        switch self {
        case .array, .map, .struct: return true
        default: return false
        }
    }

    /// The types directly inside a nested type: an array's element, a map's key and value, a
    /// struct's fields; none for other types.
    var childTypes: [DataType] {
        switch self {
        case let .array(element): return [element]
        case let .map(key, value): return [key, value]
        case let .struct(fields): return fields.map(\.type)
        default: return []
        }
    }

    /// Whether the type is a number (integer, float or decimal).
    public var isNumeric: Bool {
        switch self {
        case .int32, .int64, .float64, .decimal: return true
        default: return false
        }
    }

    /// Whether the type is an integer type.
    public var isInteger: Bool { self == .int32 || self == .int64 }

    /// Whether the type is a decimal type.
    public var isDecimal: Bool { if case .decimal = self { return true } else { return false } }

    /// Whether values are stored as offsets plus bytes.
    public var isVariableWidth: Bool { self == .string || self == .binary }

    /// The physical storage of one value.
    var physical: PhysicalType {
        switch self {
        case .boolean: return .bit
        case .int32, .date: return .int32
        case .int64, .timestamp: return .int64
        case .float64: return .float64
        case let .decimal(p, _): return p <= 18 ? .int64 : .int128
        case .string, .binary: return .bytes
        case .null: return .int32
        case .array, .map: return .list
        case .struct: return .struct
        }
    }
}

/// The physical representation of values in a column's value buffer.
enum PhysicalType: Sendable {
    /// Bit-packed booleans.
    case bit
    /// Fixed-width values.
    case int32, int64, int128, float64
    /// `Int32` offsets into a byte buffer.
    case bytes
    /// `Int32` offsets into child columns (arrays: the elements; maps: the keys and the values).
    case list
    /// No values of its own: one child column per field, row for row.
    case `struct`

    /// Bytes per value for fixed-width types (0 for the others).
    var byteWidth: Int {
        switch self {
        case .int32: return 4
        case .int64, .float64: return 8
        case .int128: return 16
        case .bit, .bytes, .list, .struct: return 0
        }
    }
}
