/// Order-preserving 64-bit images of fixed-width values (integers, dates, timestamps, doubles,
/// decimals up to 18 digits): `a < b` exactly when `orderedKey(a) < orderedKey(b)`, with Spark's
/// double ordering (NaN above everything, -0.0 equal to 0.0). Nil for other types.
func orderedKeys(_ column: Column) -> [UInt64]? {
    let signBit: UInt64 = 1 << 63
    switch column.type.physical {
    case .int32: return column.withValues(Int32.self) { values, _ in values.map { UInt64(bitPattern: Int64($0)) ^ signBit } }
    case .int64: return column.withValues(Int64.self) { values, _ in values.map { UInt64(bitPattern: $0) ^ signBit } }
    case .float64:
        return column.withValues(Double.self) { values, _ in
            values.map { value in
                let bits = Hashing.normalizedBits(value)
                return bits & signBit != 0 ? ~bits : bits | signBit
            }
        }
    default: return nil
    }
}
