/// XXH64, the 64-bit xxHash (xxHash specification, "XXH64 algorithm description"), over bytes and
/// over the little-endian bytes of one 32- or 64-bit integer. The integer forms equal `hash(bytes:)`
/// of those 4 or 8 bytes; they are Spark's `XXH64.hashInt` and `XXH64.hashLong`.
enum XXH64 {
    /// The specification's five 64-bit primes.
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The hash of `count` bytes at `base` with `seed`.
    @inline(__always)
    static func hash(bytes base: UnsafeRawPointer, count: Int, seed: UInt64) -> UInt64 {
        var offset = 0
        var h: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2, v2 = seed &+ prime2, v3 = seed, v4 = seed &- prime1
            while count - offset >= 32 {
                v1 = round(v1, lane(base, offset))
                v2 = round(v2, lane(base, offset &+ 8))
                v3 = round(v3, lane(base, offset &+ 16))
                v4 = round(v4, lane(base, offset &+ 24))
                offset &+= 32
            }
            h = v1.rotated(left: 1) &+ v2.rotated(left: 7) &+ v3.rotated(left: 12) &+ v4.rotated(left: 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ prime5
        }
        h &+= UInt64(count)
        while count - offset >= 8 {
            h ^= round(0, lane(base, offset))
            h = h.rotated(left: 27) &* prime1 &+ prime4
            offset &+= 8
        }
        if count - offset >= 4 {
            h ^= UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) &* prime1
            h = h.rotated(left: 23) &* prime2 &+ prime3
            offset &+= 4
        }
        while offset < count {
            h ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
            h = h.rotated(left: 11) &* prime1
            offset &+= 1
        }
        return avalanche(h)
    }

    /// The hash of the four little-endian bytes of `value` with `seed`.
    @inline(__always)
    static func hash(int32 value: Int32, seed: UInt64) -> UInt64 {
        var h = seed &+ prime5 &+ 4
        h ^= UInt64(UInt32(bitPattern: value)) &* prime1
        h = h.rotated(left: 23) &* prime2 &+ prime3
        return avalanche(h)
    }

    /// The hash of the eight little-endian bytes of `value` with `seed`.
    @inline(__always)
    static func hash(int64 value: Int64, seed: UInt64) -> UInt64 {
        var h = seed &+ prime5 &+ 8
        h ^= round(0, UInt64(bitPattern: value))
        h = h.rotated(left: 27) &* prime1 &+ prime4
        return avalanche(h)
    }

    @inline(__always)
    private static func lane(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        (accumulator &+ input &* prime2).rotated(left: 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
        (accumulator ^ round(0, value)) &* prime1 &+ prime4
    }

    @inline(__always)
    private static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h &>> 33
        h &*= prime2
        h ^= h &>> 29
        h &*= prime3
        h ^= h &>> 32
        return h
    }
}
