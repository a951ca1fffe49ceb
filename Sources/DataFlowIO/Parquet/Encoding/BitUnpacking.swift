/// Bit-packed values as the RLE/bit-packed hybrid and DELTA_BINARY_PACKED store them: least
/// significant bit first, each value `width` bits wide.

/// The `width`-bit little-endian value starting at bit `bit` (the caller checked the bytes exist).
@inline(__always)
func unpackBits(_ bytes: UnsafeRawBufferPointer, bit: Int, width: Int) -> UInt64 {
    let byte = bit >> 3, shift = bit & 7
    var word: UInt64
    if byte + 8 <= bytes.count {
        word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
    } else {
        word = 0
        for k in 0..<(bytes.count - byte) { word |= UInt64(bytes[byte + k]) << (8 * UInt64(k)) }
    }
    var value = word >> UInt64(shift)
    if width + shift > 64, byte + 8 < bytes.count { value |= UInt64(bytes[byte + 8]) << UInt64(64 - shift) }
    return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
}
