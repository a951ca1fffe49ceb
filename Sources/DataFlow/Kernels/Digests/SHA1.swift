/// SHA-1 (FIPS 180-4 §6.1): 64-byte blocks, five 32-bit big-endian words of state, a 20-byte digest.
struct SHA1State: MerkleDamgardState {
    static let blockByteCount = 64
    static let lengthFieldByteCount = 8
    static let lengthIsLittleEndian = false
    var digestByteCount: Int { 20 }

    /// FIPS 180-4 §5.3.1: H(0).
    private static let initial = SIMD4<UInt32>(0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private static let initialE: UInt32 = 0xC3D2_E1F0
    private var h = initial
    private var e = initialE

    mutating func reset() {
        h = Self.initial
        e = Self.initialE
    }

    mutating func compress(_ block: UnsafeRawPointer) {
        var a = h[0], b = h[1], c = h[2], d = h[3], e = e
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for t in 0..<16 { w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self)) }
            for t in 16..<80 { w[t] = (w[t &- 3] ^ w[t &- 8] ^ w[t &- 14] ^ w[t &- 16]).rotated(left: 1) }
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) ^ (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) ^ (b & d) ^ (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = a.rotated(left: 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, b.rotated(left: 30), a, temp)
            }
        }
        h &+= SIMD4(a, b, c, d)
        self.e &+= e
    }

    func writeDigest(to output: UnsafeMutableRawPointer) {
        for k in 0..<4 { output.storeBytes(of: h[k].bigEndian, toByteOffset: k &* 4, as: UInt32.self) }
        output.storeBytes(of: e.bigEndian, toByteOffset: 16, as: UInt32.self)
    }
}

/// A SHA-1 hasher.
typealias SHA1 = MerkleDamgardHasher<SHA1State>
