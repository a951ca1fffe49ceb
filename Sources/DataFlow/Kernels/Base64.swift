// Base64 (RFC 4648, standard alphabet) for binary columns, which JSON holds as base64 strings as
// Spark writes them.


private let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// Per byte, its 6-bit value in the base64 alphabet, or 0xFF.
private let base64Values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (value, byte) in base64Alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
    return table
}()

/// Appends the base64 text of `bytes`, with `=` padding, to `out`.
package func appendBase64(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var i = 0
    while i + 3 <= bytes.count {
        let group = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
        out.append(base64Alphabet[Int(group >> 18 & 0x3F)])
        out.append(base64Alphabet[Int(group >> 12 & 0x3F)])
        out.append(base64Alphabet[Int(group >> 6 & 0x3F)])
        out.append(base64Alphabet[Int(group & 0x3F)])
        i += 3
    }
    let rest = bytes.count - i
    guard rest > 0 else { return }
    let group = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
    out.append(base64Alphabet[Int(group >> 18 & 0x3F)])
    out.append(base64Alphabet[Int(group >> 12 & 0x3F)])
    out.append(rest == 2 ? base64Alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
    out.append(UInt8(ascii: "="))
}

/// Appends the bytes the base64 text `text` encodes to `out`; padding is optional. Returns false
/// (having appended part of the bytes) when the text is not base64.
package func decodeBase64(_ text: UnsafeBufferPointer<UInt8>, into out: inout GrowableBuffer<UInt8>) -> Bool {
    var length = text.count
    if length > 0 && text[length - 1] == UInt8(ascii: "=") { length -= 1 }
    if length > 0 && text[length - 1] == UInt8(ascii: "=") { length -= 1 }
    // A single character left over encodes no whole byte.
    guard length % 4 != 1 else { return false }
    out.reserve(length / 4 * 3 + 2)
    var group: UInt32 = 0
    var bits = 0
    for i in 0..<length {
        let value = base64Values[Int(text[i])]
        guard value != 0xFF else { return false }
        group = group << 6 | UInt32(value)
        bits += 6
        if bits >= 8 {
            bits -= 8
            out.append(UInt8(truncatingIfNeeded: group >> UInt32(bits)))
        }
    }
    return true
}
