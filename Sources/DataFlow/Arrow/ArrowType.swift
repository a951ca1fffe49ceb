/// An Arrow logical type as the IPC schema describes it (the `Type` union of Schema.fbs), limited to
/// what DataFlow reads or writes; every other type is kept by its union tag so errors can name it.
enum ArrowType: Equatable, CustomStringConvertible {
    case null
    case bool
    case int(bitWidth: Int, signed: Bool)
    /// Precision 0 = HALF, 1 = SINGLE, 2 = DOUBLE.
    case floatingPoint(precision: Int)
    case utf8
    case largeUtf8
    case binary
    case largeBinary
    case decimal(precision: Int, scale: Int, bitWidth: Int)
    /// Unit 0 = DAY (Int32 days), 1 = MILLISECOND (Int64 milliseconds).
    case date(unit: Int)
    /// Unit 0 = SECOND, 1 = MILLISECOND, 2 = MICROSECOND, 3 = NANOSECOND; Int64 since the epoch.
    case timestamp(unit: Int, timezone: String?)
    /// A list of the field's one child, with `Int32` offsets.
    case list
    /// A list of the field's one child, with `Int64` offsets.
    case largeList
    /// The field's children, row for row.
    case `struct`
    /// A list of key/value entries: the field's one child is a struct of a key and a value.
    case map(keysSorted: Bool)
    /// A type DataFlow does not read, by its `Type` union tag.
    case unsupported(tag: UInt8)

    /// The `Type` union tags (Schema.fbs declaration order, starting at 1).
    enum Tag {
        static let null: UInt8 = 1, int: UInt8 = 2, floatingPoint: UInt8 = 3, binary: UInt8 = 4, utf8: UInt8 = 5, bool: UInt8 = 6
        static let decimal: UInt8 = 7, date: UInt8 = 8, timestamp: UInt8 = 10, list: UInt8 = 12, `struct`: UInt8 = 13, map: UInt8 = 17
        static let largeBinary: UInt8 = 19, largeUtf8: UInt8 = 20, largeList: UInt8 = 21
        /// Names of every tag, for messages.
        static let names = ["NONE", "Null", "Int", "FloatingPoint", "Binary", "Utf8", "Bool", "Decimal", "Date", "Time", "Timestamp",
                            "Interval", "List", "Struct", "Union", "FixedSizeBinary", "FixedSizeList", "Map", "Duration",
                            "LargeBinary", "LargeUtf8", "LargeList", "RunEndEncoded", "BinaryView", "Utf8View", "ListView",
                            "LargeListView"]
    }

    static let timeUnitNames = ["SECOND", "MILLISECOND", "MICROSECOND", "NANOSECOND"]

    var description: String {
        switch self {
        case .null: return "Null"
        case .bool: return "Bool"
        case let .int(bitWidth, signed): return "Int(\(bitWidth), \(signed ? "signed" : "unsigned"))"
        case let .floatingPoint(precision): return "FloatingPoint(\(["HALF", "SINGLE", "DOUBLE"][safe: precision] ?? "\(precision)"))"
        case .utf8: return "Utf8"
        case .largeUtf8: return "LargeUtf8"
        case .binary: return "Binary"
        case .largeBinary: return "LargeBinary"
        case let .decimal(precision, scale, bitWidth): return "Decimal(\(precision), \(scale), bitWidth \(bitWidth))"
        case let .date(unit): return "Date(\(["DAY", "MILLISECOND"][safe: unit] ?? "\(unit)"))"
        case let .timestamp(unit, timezone):
            return "Timestamp(\(Self.timeUnitNames[safe: unit] ?? "\(unit)"), \(timezone.map { "\"\($0)\"" } ?? "null"))"
        case .list: return "List"
        case .largeList: return "LargeList"
        case .struct: return "Struct"
        case let .map(keysSorted): return "Map(keysSorted \(keysSorted))"
        case let .unsupported(tag): return Tag.names[safe: Int(tag)] ?? "type tag \(tag)"
        }
    }

    /// Decodes the type table `table` of union tag `tag`.
    init(tag: UInt8, table: FlatBufferTable?) throws {
        switch tag {
        case Tag.null: self = .null
        case Tag.bool: self = .bool
        case Tag.utf8: self = .utf8
        case Tag.largeUtf8: self = .largeUtf8
        case Tag.binary: self = .binary
        case Tag.largeBinary: self = .largeBinary
        case Tag.int:
            self = .int(bitWidth: Int(try table?.scalar(0, default: Int32(0)) ?? 0), signed: try table?.bool(1) ?? false)
        case Tag.floatingPoint: self = .floatingPoint(precision: Int(try table?.scalar(0, default: Int16(0)) ?? 0))
        case Tag.decimal:
            self = .decimal(precision: Int(try table?.scalar(0, default: Int32(0)) ?? 0), scale: Int(try table?.scalar(1, default: Int32(0)) ?? 0),
                            bitWidth: Int(try table?.scalar(2, default: Int32(128)) ?? 128))
        case Tag.date: self = .date(unit: Int(try table?.scalar(0, default: Int16(1)) ?? 1))
        case Tag.timestamp:
            self = .timestamp(unit: Int(try table?.scalar(0, default: Int16(0)) ?? 0), timezone: try table?.string(1))
        case Tag.list: self = .list
        case Tag.largeList: self = .largeList
        case Tag.struct: self = .struct
        case Tag.map: self = .map(keysSorted: try table?.bool(0) ?? false)
        default: self = .unsupported(tag: tag)
        }
    }

    /// The union tag and type table that encode this type.
    var encoded: (tag: UInt8, table: FlatBufferObject) {
        switch self {
        case .null: return (Tag.null, .table([]))
        case .bool: return (Tag.bool, .table([]))
        case .utf8: return (Tag.utf8, .table([]))
        case .largeUtf8: return (Tag.largeUtf8, .table([]))
        case .binary: return (Tag.binary, .table([]))
        case .largeBinary: return (Tag.largeBinary, .table([]))
        case let .int(bitWidth, signed): return (Tag.int, .table([.int32(Int32(bitWidth)), .bool(signed)]))
        case let .floatingPoint(precision): return (Tag.floatingPoint, .table([.int16(Int16(precision))]))
        case let .decimal(precision, scale, bitWidth):
            return (Tag.decimal, .table([.int32(Int32(precision)), .int32(Int32(scale)), .int32(Int32(bitWidth))]))
        case let .date(unit): return (Tag.date, .table([.int16(Int16(unit))]))
        case let .timestamp(unit, timezone):
            return (Tag.timestamp, .table([.int16(Int16(unit)), timezone.map { .object(.string($0)) } ?? .absent]))
        case .list: return (Tag.list, .table([]))
        case .largeList: return (Tag.largeList, .table([]))
        case .struct: return (Tag.struct, .table([]))
        case let .map(keysSorted): return (Tag.map, .table([.bool(keysSorted)]))
        case let .unsupported(tag): return (tag, .table([]))
        }
    }
}

extension Array {
    /// The element at `index`, or nil when out of range.
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
