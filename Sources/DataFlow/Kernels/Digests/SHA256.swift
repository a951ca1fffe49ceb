/// SHA-256 and SHA-224 (FIPS 180-4 §6.2, §6.3): 64-byte blocks, eight 32-bit big-endian words of
/// state; SHA-224 starts from other initial words and keeps the first seven.
struct SHA256State: MerkleDamgardState {
    static let blockByteCount = 64
    static let lengthFieldByteCount = 8
    static let lengthIsLittleEndian = false
    let digestByteCount: Int

    private let initial: SIMD8<UInt32>
    private var h: SIMD8<UInt32>

    /// FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square roots of the first
    /// eight primes.
    private static let initial256 = SIMD8<UInt32>(
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19)
    /// FIPS 180-4 §5.3.2: the second 32 bits of the fractional parts of the square roots of the 9th
    /// through 16th primes.
    private static let initial224 = SIMD8<UInt32>(
        0xC105_9ED8, 0x367C_D507, 0x3070_DD17, 0xF70E_5939, 0xFFC0_0B31, 0x6858_1511, 0x64F9_8FA7, 0xBEFA_4FA4)

    /// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
    /// primes.
    private static let k: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    /// SHA-256 when `truncated` is false, SHA-224 when it is true.
    init(truncated: Bool) {
        initial = truncated ? Self.initial224 : Self.initial256
        digestByteCount = truncated ? 28 : 32
        h = initial
    }

    mutating func reset() { h = initial }

    mutating func compress(_ block: UnsafeRawPointer) {
        let state = h
        h = Self.k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for t in 0..<16 { w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self)) }
                for t in 16..<64 {
                    let x = w[t &- 15], y = w[t &- 2]
                    let sigma0 = x.rotated(right: 7) ^ x.rotated(right: 18) ^ (x &>> 3)
                    let sigma1 = y.rotated(right: 17) ^ y.rotated(right: 19) ^ (y &>> 10)
                    w[t] = sigma1 &+ w[t &- 7] &+ sigma0 &+ w[t &- 16]
                }
                var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
                for t in 0..<64 {
                    let bigSigma1 = e.rotated(right: 6) ^ e.rotated(right: 11) ^ e.rotated(right: 25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
                    let bigSigma0 = a.rotated(right: 2) ^ a.rotated(right: 13) ^ a.rotated(right: 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ bigSigma0 &+ majority)
                }
                return state &+ SIMD8(a, b, c, d, e, f, g, h)
            }
        }
    }

    func writeDigest(to output: UnsafeMutableRawPointer) {
        for k in 0..<(digestByteCount / 4) { output.storeBytes(of: h[k].bigEndian, toByteOffset: k &* 4, as: UInt32.self) }
    }
}

/// A SHA-256 (or SHA-224) hasher.
typealias SHA256 = MerkleDamgardHasher<SHA256State>
