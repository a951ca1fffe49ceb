import DataFlow

/// A value of a column chunk's min/max statistics or of a pushed filter, in a form that compares
/// exactly across physical encodings: integers and decimals as unscaled 128-bit numbers with a
/// scale, floating point as `Double`, dates and timestamps in their own domains (so that they never
/// compare with plain numbers), strings and binary as bytes in unsigned byte order.
enum ParquetStatisticsValue: Sendable, Equatable {
    case number(Int128, scale: Int)
    case real(Double)
    case date(Int32)
    case instant(Int64)
    case bytes([UInt8])
    case boolean(Bool)

    /// The filter value as a statistics value; nil for null.
    init?(_ scalar: Scalar) {
        switch scalar {
        case .null, .array, .map, .struct: return nil
        case let .boolean(value): self = .boolean(value)
        case let .int32(value): self = .number(Int128(value), scale: 0)
        case let .int64(value): self = .number(Int128(value), scale: 0)
        case let .float64(value): self = .real(value)
        case let .decimal(unscaled, _, scale): self = .number(unscaled, scale: scale)
        case let .string(text): self = .bytes(Array(text.utf8))
        case let .binary(bytes): self = .bytes(bytes)
        case let .date(days): self = .date(days)
        case let .timestamp(micros): self = .instant(micros)
        }
    }

    /// One PLAIN-encoded statistics value of the leaf (big-endian for byte-array decimals).
    static func decode(plain bytes: [UInt8], leaf: ParquetLeaf) -> ParquetStatisticsValue? {
        func load<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        let scale: Int
        if case let .decimal(_, s)? = leaf.field?.type { scale = s } else { scale = 0 }
        switch (leaf.physical, leaf.conversion) {
        case (.boolean, _):
            return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case (.int32, .unsigned32):
            return load(UInt32.self).map { .number(Int128($0), scale: 0) }
        case (.int32, _):
            guard let raw = load(Int32.self) else { return nil }
            return leaf.field?.type == .date ? .date(raw) : .number(Int128(raw), scale: scale)
        case (.int64, .timestampMillis):
            return load(Int64.self).flatMap { millis in
                let (micros, overflow) = millis.multipliedReportingOverflow(by: 1000)
                return overflow ? nil : .instant(micros)
            }
        case (.int64, .timestampNanos):
            // The reader floors nanoseconds to microseconds; flooring keeps the bounds.
            return load(Int64.self).map { .instant($0 >= 0 ? $0 / 1000 : ($0 - 999) / 1000) }
        case (.int64, _):
            guard let raw = load(Int64.self) else { return nil }
            return leaf.field?.type == .timestamp ? .instant(raw) : .number(Int128(raw), scale: scale)
        case (.float, _):
            return load(UInt32.self).flatMap { bits in
                let number = Float(bitPattern: bits)
                return number.isNaN ? nil : .real(Double(number))
            }
        case (.double, _):
            return load(UInt64.self).flatMap { bits in
                let number = Double(bitPattern: bits)
                return number.isNaN ? nil : .real(number)
            }
        case (_, .bytesDecimal):
            guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
            var unscaled: Int128 = bytes[0] >= 0x80 ? -1 : 0
            for byte in bytes { unscaled = unscaled << 8 | Int128(byte) }
            return .number(unscaled, scale: scale)
        case (.byteArray, _), (.fixedLenByteArray, _):
            return .bytes(bytes)
        case (.int96, _):
            return nil
        }
    }

    /// -1, 0 or 1 as `self` orders before, equal to or after `other`; nil when the two cannot be
    /// compared exactly (different domains, NaN, a rescale that overflows, a number that a
    /// `Double` does not hold exactly).
    func order(_ other: ParquetStatisticsValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }
        switch (self, other) {
        case let (.number(a, sa), .number(b, sb)):
            guard let a = Self.rescale(a, by: max(sa, sb) - sa), let b = Self.rescale(b, by: max(sa, sb) - sb) else { return nil }
            return sign(a, b)
        case let (.real(a), .real(b)):
            return a.isNaN || b.isNaN ? nil : sign(a, b)
        case let (.number(a, 0), .real(b)):
            guard let a = Self.exactDouble(a), !b.isNaN else { return nil }
            return sign(a, b)
        case let (.real(a), .number(b, 0)):
            guard let b = Self.exactDouble(b), !a.isNaN else { return nil }
            return sign(a, b)
        case let (.date(a), .date(b)): return sign(a, b)
        case let (.instant(a), .instant(b)): return sign(a, b)
        case let (.boolean(a), .boolean(b)): return sign(a ? 1 : 0, b ? 1 : 0)
        case let (.bytes(a), .bytes(b)):
            return a == b ? 0 : a.lexicographicallyPrecedes(b) ? -1 : 1
        default:
            return nil
        }
    }

    private static func rescale(_ value: Int128, by digits: Int) -> Int128? {
        var result = value
        for _ in 0..<digits {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        return result
    }

    private static func exactDouble(_ value: Int128) -> Double? {
        let double = Double(value)
        return Int128(exactly: double) == value ? double : nil
    }
}
