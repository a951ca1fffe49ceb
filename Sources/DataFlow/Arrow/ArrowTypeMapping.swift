
/// How DataFlow types map to Arrow types and back.
///
/// Writing: boolean = Bool, int32 = Int(32, signed), int64 = Int(64, signed), float64 =
/// FloatingPoint(DOUBLE), string = Utf8, binary = Binary, date = Date(DAY), timestamp =
/// Timestamp(MICROSECOND, "UTC"), decimal(p, s) = Decimal(p, s, 128), null = Null, array = List of
/// a nullable `element`, map = Map of a non-null `entries` struct of a non-null `key` and a
/// `value`, struct = Struct (the shapes pyarrow and Spark write).
///
/// Reading also widens: Int8/Int16/UInt8/UInt16 to int32, UInt32 to int64, FloatingPoint(SINGLE)
/// to float64, LargeUtf8 to string, LargeBinary to binary, Date(MILLISECOND) to date, Timestamp of
/// any unit and any or no time zone to timestamp (microseconds, the instant the value denotes when
/// read as UTC), Decimal of bit width 32 or 64 to decimal, and LargeList to array.
extension ArrowType {
    /// The Arrow type DataFlow writes for a column of `type`.
    init(writing type: DataType) {
        switch type {
        case .boolean: self = .bool
        case .int32: self = .int(bitWidth: 32, signed: true)
        case .int64: self = .int(bitWidth: 64, signed: true)
        case .float64: self = .floatingPoint(precision: 2)
        case .string: self = .utf8
        case .binary: self = .binary
        case .date: self = .date(unit: 0)
        case .timestamp: self = .timestamp(unit: 2, timezone: "UTC")
        case let .decimal(precision, scale): self = .decimal(precision: precision, scale: scale, bitWidth: 128)
        case .null: self = .null
        case .array: self = .list
        case .map: self = .map(keysSorted: false)
        case .struct: self = .struct
        }
    }

    /// The DataFlow type a column of this Arrow type is read as.
    /// - Throws: `DataFlowError` (`.notImplemented`) naming `field` and the Arrow type when DataFlow
    ///   has no type for it.
    func dataFlowType(field: String) throws -> DataType {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .int(8, _), .int(16, _), .int(32, true): return .int32
        case .int(32, false), .int(64, true): return .int64
        case .floatingPoint(1), .floatingPoint(2): return .float64
        case .utf8, .largeUtf8: return .string
        case .binary, .largeBinary: return .binary
        case .date(0), .date(1): return .date
        case .timestamp(0...3, _): return .timestamp
        case let .decimal(precision, scale, 32), let .decimal(precision, scale, 64), let .decimal(precision, scale, 128):
            guard (1...DataType.maxDecimalPrecision).contains(precision), (0...precision).contains(scale) else { break }
            return .decimal(precision: precision, scale: scale)
        default: break
        }
        throw Self.unsupported(field: field, "has Arrow type \(self), which DataFlow does not read")
    }

    /// The error for a field DataFlow cannot read.
    static func unsupported(field: String, _ detail: String) -> DataFlowError {
        DataFlowError(.notImplemented, "Arrow IPC: field '\(field)' \(detail)", location: ErrorLocation(column: field))
    }
}
