/// Order-preserving 64-bit images of fixed-width values: `a < b` exactly when
/// `OrderedKey.of(a) < OrderedKey.of(b)`, with Spark's double ordering (NaN above everything, -0.0
/// equal to 0.0). The one encoding behind sorting (`sortPermutation`'s key chunks), range joins and
/// range frames.
enum OrderedKey {
    static let signBit: UInt64 = 1 << 63

    /// The image of an integer (dates, timestamps and decimals up to 18 digits are integers here).
    @inline(__always) static func of(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) ^ signBit }

    /// The image of a double.
    @inline(__always) static func of(_ value: Double) -> UInt64 {
        let bits = Hashing.normalizedBits(value)
        return bits & signBit != 0 ? ~bits : bits | signBit
    }
}

/// The `OrderedKey` images of a column of integers, dates, timestamps, doubles or decimals up to 18
/// digits; nil for other types.
func orderedKeys(_ column: Column) -> [UInt64]? {
    switch column.type.physical {
    case .int32: return column.withValues(Int32.self) { values, _ in values.map { OrderedKey.of(Int64($0)) } }
    case .int64: return column.withValues(Int64.self) { values, _ in values.map { OrderedKey.of($0) } }
    case .float64: return column.withValues(Double.self) { values, _ in values.map { OrderedKey.of($0) } }
    default: return nil
    }
}
