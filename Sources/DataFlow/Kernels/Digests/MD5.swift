/// MD5 (RFC 1321): 64-byte blocks, four 32-bit little-endian words of state, a 16-byte digest.
struct MD5State: MerkleDamgardState {
    static let blockByteCount = 64
    static let lengthFieldByteCount = 8
    static let lengthIsLittleEndian = true
    var digestByteCount: Int { 16 }

    /// RFC 1321 §3.3: the initial words A, B, C, D.
    private static let initial = SIMD4<UInt32>(0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var h = initial

    /// RFC 1321 §3.4: T[i] = floor(2^32 × |sin(i + 1)|).
    private static let t: [UInt32] = [
        0xD76A_A478, 0xE8C7_B756, 0x2420_70DB, 0xC1BD_CEEE, 0xF57C_0FAF, 0x4787_C62A, 0xA830_4613, 0xFD46_9501,
        0x6980_98D8, 0x8B44_F7AF, 0xFFFF_5BB1, 0x895C_D7BE, 0x6B90_1122, 0xFD98_7193, 0xA679_438E, 0x49B4_0821,
        0xF61E_2562, 0xC040_B340, 0x265E_5A51, 0xE9B6_C7AA, 0xD62F_105D, 0x0244_1453, 0xD8A1_E681, 0xE7D3_FBC8,
        0x21E1_CDE6, 0xC337_07D6, 0xF4D5_0D87, 0x455A_14ED, 0xA9E3_E905, 0xFCEF_A3F8, 0x676F_02D9, 0x8D2A_4C8A,
        0xFFFA_3942, 0x8771_F681, 0x6D9D_6122, 0xFDE5_380C, 0xA4BE_EA44, 0x4BDE_CFA9, 0xF6BB_4B60, 0xBEBF_BC70,
        0x289B_7EC6, 0xEAA1_27FA, 0xD4EF_3085, 0x0488_1D05, 0xD9D4_D039, 0xE6DB_99E5, 0x1FA2_7CF8, 0xC4AC_5665,
        0xF429_2244, 0x432A_FF97, 0xAB94_23A7, 0xFC93_A039, 0x655B_59C3, 0x8F0C_CC92, 0xFFEF_F47D, 0x8584_5DD1,
        0x6FA8_7E4F, 0xFE2C_E6E0, 0xA301_4314, 0x4E08_11A1, 0xF753_7E82, 0xBD3A_F235, 0x2AD7_D2BB, 0xEB86_D391,
    ]

    /// The left rotations of each round: four per round, repeated four times.
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    mutating func reset() { h = Self.initial }

    mutating func compress(_ block: UnsafeRawPointer) {
        var a = h[0], b = h[1], c = h[2], d = h[3]
        Self.t.withUnsafeBufferPointer { t in
            Self.shifts.withUnsafeBufferPointer { shifts in
                for i in 0..<64 {
                    let f: UInt32, word: Int
                    switch i {
                    case 0..<16: f = (b & c) | (~b & d); word = i
                    case 16..<32: f = (b & d) | (c & ~d); word = (5 &* i &+ 1) & 15
                    case 32..<48: f = b ^ c ^ d; word = (3 &* i &+ 5) & 15
                    default: f = c ^ (b | ~d); word = (7 &* i) & 15
                    }
                    let m = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: word &* 4, as: UInt32.self))
                    let rotated = (a &+ f &+ t[i] &+ m).rotated(left: shifts[i])
                    (a, d, c) = (d, c, b)
                    b = b &+ rotated
                }
            }
        }
        h &+= SIMD4(a, b, c, d)
    }

    func writeDigest(to output: UnsafeMutableRawPointer) {
        for k in 0..<4 { output.storeBytes(of: h[k].littleEndian, toByteOffset: k &* 4, as: UInt32.self) }
    }
}

/// An MD5 hasher.
typealias MD5 = MerkleDamgardHasher<MD5State>
