@testable import DataFlow

/// A scalar under SQL grouping equality, usable as a dictionary key: nulls are one key, -0.0 is
/// 0.0, every NaN is one NaN, strings compare as bytes.
struct GroupingKey: Hashable {
    let parts: [Part]

    enum Part: Hashable {
        case null
        case bits(UInt64)
        case wide(Int128)
        case bytes([UInt8])
    }

    init(_ values: [Scalar]) { parts = values.map(Self.part) }

    static func part(_ value: Scalar) -> Part {
        switch value {
        case .null: return .null
        case let .boolean(x): return .bits(x ? 1 : 0)
        case let .int32(x), let .date(x): return .bits(UInt64(bitPattern: Int64(x)))
        case let .int64(x), let .timestamp(x): return .bits(UInt64(bitPattern: x))
        case let .float64(x): return .bits(x.isNaN ? 0x7FF8_0000_0000_0000 : (x == 0 ? 0 : x.bitPattern))
        case let .decimal(x, _, _): return .wide(x)
        case let .string(x): return .bytes(Array(x.utf8))
        case let .binary(x): return .bytes(x)
        case .array, .map, .struct: return .bytes(Array(normalized(value).formatted().utf8))
        }
    }

    /// The value with -0.0 as 0.0 (what group tables hand back as the key).
    static func normalized(_ value: Scalar) -> Scalar {
        switch value {
        case let .float64(x) where x == 0: return .float64(0)
        case let .array(elements): return .array(elements.map(normalized))
        case let .map(keys, values): return .map(keys: keys.map(normalized), values: values.map(normalized))
        case let .struct(names, values): return .struct(names: names, values: values.map(normalized))
        default: return value
        }
    }
}

/// Values with many repeats: `length` picks from a pool of `distinct` random values (nulls and,
/// for doubles, -0.0 / 0.0 / NaNs with different payloads included).
func repeatedScalars(_ type: DataType, length: Int, distinct: Int, nullDensity: Double, _ random: inout SeededRandom) -> [Scalar] {
    var pool = (0..<max(distinct, 1)).map { _ in Fixtures.value(type, &random) }
    if type == .float64 { pool += [.float64(-0.0), .float64(0.0), .float64(.nan), .float64(Double(nan: 7, signaling: false))] }
    return (0..<length).map { _ in random.chance(nullDensity) ? .null : random.pick(pool) }
}
