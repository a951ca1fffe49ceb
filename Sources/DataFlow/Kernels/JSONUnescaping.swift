// JSON string content read: resolving escapes (writing them is `appendJSONString`), shared by the
// JSON lines reader and `get_json_object`.

/// Appends the text of the JSON string content `bytes[range]` (what is between the quotes) to
/// `out`, its escapes resolved: `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, with surrogate pairs
/// combined into one character and a lone surrogate read as U+FFFD. Returns false for an invalid
/// escape.
/// - Complexity: O(`range.count`); runs without escapes are copied in bulk.
package func unescapeJSONString(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>, into out: inout GrowableBuffer<UInt8>) -> Bool {
    // Escapes never make the text longer.
    out.reserve(range.count)
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
        var j = i
        while j < end && bytes[j] != UInt8(ascii: "\\") { j += 1 }
        out.append(bytes + i, count: j - i)
        guard j < end else { break }
        guard j + 1 < end else { return false }
        switch bytes[j + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[j + 1])
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            guard let unit = hexCodeUnit(bytes, at: j + 2, end: end) else { return false }
            var scalar = UInt32(unit)
            var next = j + 6
            if (0xD800...0xDBFF).contains(unit) {
                if next + 6 <= end, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                   let low = hexCodeUnit(bytes, at: next + 2, end: end), (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    next += 6
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                scalar = 0xFFFD
            }
            appendUTF8(scalar, to: &out)
            i = next
            continue
        default:
            return false
        }
        i = j + 2
    }
    return true
}

/// The UTF-16 code unit of the four hex digits at `bytes[index...]`, nil when they are not.
@inline(__always)
package func hexCodeUnit(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> UInt16? {
    guard index + 4 <= end else { return nil }
    var value: UInt16 = 0
    for k in index..<(index + 4) {
        let byte = bytes[k]
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: return nil
        }
        value = value << 4 | UInt16(digit)
    }
    return value
}

/// Appends the UTF-8 encoding of the Unicode scalar `scalar` (not a surrogate, at most U+10FFFF).
private func appendUTF8(_ scalar: UInt32, to out: inout GrowableBuffer<UInt8>) {
    switch scalar {
    case 0..<0x80:
        out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6))
        out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18))
        out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    }
}
