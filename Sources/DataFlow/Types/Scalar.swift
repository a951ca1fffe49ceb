/// One value of any DataFlow type. Used only at the edges: literals, `Row` cells, `createDataFrame`.
/// Execution never works on `Scalar`s; it works on `Column`s.
public enum Scalar: Hashable, Sendable {
    /// SQL NULL.
    case null
    /// A boolean.
    case boolean(Bool)
    /// A 32-bit integer.
    case int32(Int32)
    /// A 64-bit integer.
    case int64(Int64)
    /// A 64-bit float.
    case float64(Double)
    /// A decimal: `unscaled` × 10^-scale, with at most `precision` digits.
    case decimal(unscaled: Int128, precision: Int, scale: Int)
    /// UTF-8 text.
    case string(String)
    /// Raw bytes.
    case binary([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since the epoch (UTC).
    case timestamp(Int64)
    /// An array of values.
    case array([Scalar])
    /// A map: `keys[i]` maps to `values[i]`; keys are distinct and never NULL.
    case map(keys: [Scalar], values: [Scalar])
    /// A struct: its field values in order, named by `names`.
    case `struct`(names: [String], values: [Scalar])

    /// The value of an integer (`int32`, `int64`) as an `Int`; nil for other values and NULL.
    public var integerValue: Int? {
        switch self {
        case let .int32(value): return Int(value)
        case let .int64(value): return Int(value)
        default: return nil
        }
    }

    /// The type of the value (`.null` for NULL).
    public var dataType: DataType {
        switch self {
        case .null: return .null
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .float64: return .float64
        case let .decimal(_, p, s): return .decimal(precision: p, scale: s)
        case .string: return .string
        case .binary: return .binary
        case .date: return .date
        case .timestamp: return .timestamp
        case let .array(elements): return .array(Scalar.commonType(elements))
        case let .map(keys, values): return .map(key: Scalar.commonType(keys), value: Scalar.commonType(values))
        case let .struct(names, values): return .struct(zip(names, values).map { Field($0, $1.dataType) })
        }
    }

    /// The type of the first non-null value (`.null` when there is none).
    private static func commonType(_ values: [Scalar]) -> DataType {
        values.first { !$0.isNull }?.dataType ?? .null
    }

    /// Whether the value is NULL.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as text the way Spark casts it to a string; timestamps are shown in `timeZone`.
    public func formatted(timeZone: SessionTimeZone = .utc) -> String {
        switch self {
        case .null: return "NULL"
        case let .boolean(value): return value ? "true" : "false"
        case let .int32(value): return String(value)
        case let .int64(value): return String(value)
        case let .float64(value): return formatDouble(value)
        case let .decimal(unscaled, _, scale): return formatDecimal(unscaled: unscaled, scale: scale)
        case let .string(value): return value
        case let .binary(bytes):
            // Two hex digits per byte, as Spark's show prints binary ("%02X").
            return "[" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ") + "]"
        case let .date(days): return formatDate(days: days)
        case let .timestamp(micros): return formatTimestamp(micros: micros, timeZone: timeZone)
        case let .array(elements):
            return "[" + elements.map { $0.formattedInside(timeZone: timeZone) }.joined(separator: ", ") + "]"
        case let .map(keys, values):
            return "{" + zip(keys, values).map { "\($0.formattedInside(timeZone: timeZone)) -> \($1.formattedInside(timeZone: timeZone))" }
                .joined(separator: ", ") + "}"
        case let .struct(_, values):
            return "{" + values.map { $0.formattedInside(timeZone: timeZone) }.joined(separator: ", ") + "}"
        }
    }

    /// The value as text inside an array, map or struct, where Spark writes NULL as `null`.
    private func formattedInside(timeZone: SessionTimeZone) -> String {
        isNull ? "null" : formatted(timeZone: timeZone)
    }
}

extension Scalar: CustomStringConvertible {
    public var description: String { formatted() }
}

extension Scalar: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(floatLiteral value: Double) { self = .float64(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Formats a double the way Java's `Double.toString` (and so Spark's `show`) does: plain notation
/// between 1e-3 and 1e7, otherwise scientific with an `E`.
func formatDouble(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    let magnitude = abs(value)
    let sign = value < 0 ? "-" : ""
    // The shortest round-tripping digits, as Swift prints them ("0.0001", "1e-05", "123456789.0",
    // "1e+16"), taken apart: magnitude = 0.<digits> × 10^point. Swift chooses between plain and
    // scientific notation by other bounds than Java, so the notation is rebuilt here.
    let text = "\(magnitude)"
    let parts = text.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0].split(separator: ".", maxSplits: 1)
    let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
    var digits = Array(whole + fraction)
    var point = whole.count + (parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
    while digits.first == "0" { digits.removeFirst(); point -= 1 }
    while digits.last == "0" { digits.removeLast() }
    if magnitude >= 1e-3 && magnitude < 1e7 {
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if digits.count <= point { return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0" }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
    let rest = digits.count > 1 ? String(digits[1...]) : "0"
    return "\(sign)\(digits[0]).\(rest)E\(point - 1)"
}

/// Formats an unscaled decimal with `scale` digits after the point.
func formatDecimal(unscaled: Int128, scale: Int) -> String {
    let negative = unscaled < 0
    var digits = String(unscaled.magnitude)
    if scale > 0 {
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
    }
    return negative ? "-" + digits : digits
}
