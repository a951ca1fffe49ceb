/// 64-bit hashing of column values, one vectorized pass per column. Equal values (by SQL grouping
/// equality: -0.0 = 0.0, NaN = NaN, strings by bytes) hash equally; nulls hash to a fixed value.
enum Hashing {
    static let nullHash: UInt64 = 0x5BD1_E995_2F45_3A17
    static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A strong 64-bit finalizer (from MurmurHash3's fmix64).
    @inlinable @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// Combines a running hash with the next column's hash.
    @inlinable @inline(__always)
    static func combine(_ running: UInt64, _ next: UInt64) -> UInt64 {
        mix(running &* 31 &+ next &+ seed)
    }

    /// Hash of a byte string, eight bytes at a time; the tail is read with at most three loads.
    @inlinable @inline(__always)
    static func hashBytes(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h = seed ^ (UInt64(count) &* 0x87C3_7B91_1142_53D5)
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= count {
            h = (h ^ mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* 0x9FB2_1C65_1E98_DF25
            index += 8
        }
        let remaining = count - index
        if remaining > 0 {
            h = (h ^ mix(loadTail(raw + index, remaining))) &* 0x9FB2_1C65_1E98_DF25
        }
        return mix(h)
    }

    /// 1 to 7 bytes as a little-endian integer.
    @inlinable @inline(__always)
    static func loadTail(_ raw: UnsafeRawPointer, _ count: Int) -> UInt64 {
        if count >= 4 {
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return low | (high << (8 * UInt64(count - 4)))
        }
        var value = UInt64(raw.load(fromByteOffset: 0, as: UInt8.self))
        if count > 1 { value |= UInt64(raw.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)) << (8 * UInt64(count - 2)) }
        return value
    }

    /// The canonical bit pattern of a double for grouping: -0.0 as 0.0, every NaN alike.
    @inlinable @inline(__always)
    static func normalizedBits(_ value: Double) -> UInt64 {
        if value.isNaN { return 0x7FF8_0000_0000_0000 }
        if value == 0 { return 0 }
        return value.bitPattern
    }

    /// Hashes every row of `columns` together into `hashes` (overwritten).
    static func hashRows(_ columns: [Column], count: Int, into hashes: inout [UInt64]) {
        if hashes.count != count { hashes = [UInt64](repeating: 0, count: count) }
        hashes.withUnsafeMutableBufferPointer { out in
            for (position, column) in columns.enumerated() {
                hashColumn(column, into: out, first: position == 0)
            }
        }
    }

    /// Hashes one column into `out`, combining with what is there unless `first`.
    static func hashColumn(_ column: Column, into out: UnsafeMutableBufferPointer<UInt64>, first: Bool) {
        let count = column.count
        @inline(__always) func store(_ i: Int, _ h: UInt64) { out[i] = first ? h : combine(out[i], h) }
        let validity = column.validityView
        switch column.type.physical {
        case .int32:
            column.withValues(Int32.self) { values, _ in
                for i in 0..<count { store(i, validity[i] ? mix(UInt64(bitPattern: Int64(values[i])) &+ seed) : nullHash) }
            }
        case .int64:
            column.withValues(Int64.self) { values, _ in
                for i in 0..<count { store(i, validity[i] ? mix(UInt64(bitPattern: values[i]) &+ seed) : nullHash) }
            }
        case .float64:
            column.withValues(Double.self) { values, _ in
                for i in 0..<count { store(i, validity[i] ? mix(normalizedBits(values[i]) &+ seed) : nullHash) }
            }
        case .int128:
            column.withValues(Int128.self) { values, _ in
                for i in 0..<count {
                    let v = values[i]
                    store(i, validity[i] ? combine(mix(UInt64(truncatingIfNeeded: v)), UInt64(truncatingIfNeeded: v >> 64)) : nullHash)
                }
            }
        case .bit:
            column.withBits { bits, _ in
                for i in 0..<count { store(i, validity[i] ? mix(bits[i] ? 1 : 2) : nullHash) }
            }
        case .bytes:
            column.withBytes { offsets, data, _ in
                for i in 0..<count {
                    let start = Int(offsets[i])
                    store(i, validity[i] ? hashBytes(data + start, Int(offsets[i + 1]) - start) : nullHash)
                }
            }
        case .list, .struct:
            hashColumn(NestedOrderedBytes.encode(column), into: out, first: first)
        }
    }
}

/// The engine's 64-bit hash of a byte string (eight bytes at a time, well mixed), for hash tables
/// outside the engine's kernels, such as file writers' dictionaries.
public func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return Hashing.mix(Hashing.seed) }
    return Hashing.hashBytes(base.assumingMemoryBound(to: UInt8.self), bytes.count)
}
