// Text as a JSON string: the writing half of JSON string escaping, shared by `to_json` and the
// JSON lines writer.

/// Appends `text` as a JSON string, quotes included: `"`, `\` and the control characters escaped
/// (`\b \f \n \r \t`, else `\u00XX`), `/` and non-ASCII characters as they are, and ill-formed
/// UTF-8 replaced by U+FFFD so that the output is always valid JSON.
/// - Complexity: O(`text.count`); runs that need no escaping are copied in bulk.
package func appendJSONString(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    guard let bytes = text.baseAddress else {
        out.append(UInt8(ascii: "\""))
        return
    }
    let end = text.count
    var i = 0
    while i < end {
        var j = i
        while j < end {
            let byte = bytes[j]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
            if byte >= 0x80 {
                let length = utf8SequenceLength(bytes, at: j, end: end)
                if length == 0 { break }
                j += length
            } else {
                j += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: bytes + i, count: j - i))
        guard j < end else { break }
        let byte = bytes[j]
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
        case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
        case ..<0x20:
            @inline(__always) func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10 }
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hex(byte >> 4))
            out.append(hex(byte & 0xF))
        default:
            // Ill-formed UTF-8: one replacement character per bad byte.
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        }
        i = j + 1
    }
    out.append(UInt8(ascii: "\""))
}
