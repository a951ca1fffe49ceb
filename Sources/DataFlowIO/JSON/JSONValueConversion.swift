import DataFlow

/// Which JSON values a column of one type reads, and the text its `TextColumnParser` gets for
/// them, after Spark's JSON rules: a string column reads any value (strings unescaped, anything
/// else as its raw JSON text), integers read only JSON integers, doubles read numbers and the
/// strings `NaN`, `Infinity`, `-Infinity` (`+INF`, `-INF`, `+Infinity`), decimals read numbers
/// and numeric strings, booleans read `true`/`false`, dates and timestamps read strings, binary
/// reads base64 strings. `null` is null for every type; any other value makes the line malformed.
struct JSONValueConversion {
    /// The column type.
    let type: DataType
    /// Bit `kind.rawValue` set for each accepted kind.
    private let accepted: UInt8
    private let decodesBase64: Bool
    private let readsNonFiniteWords: Bool

    init(type: DataType) {
        self.type = type
        func mask(_ kinds: JSONValueKind...) -> UInt8 { kinds.reduce(0) { $0 | 1 << $1.rawValue } }
        switch type {
        case .string: accepted = mask(.string, .integer, .float, .boolean, .object, .array)
        case .binary: accepted = mask(.string)
        case .boolean: accepted = mask(.boolean)
        case .int32, .int64: accepted = mask(.integer)
        case .float64: accepted = mask(.integer, .float, .string)
        case .decimal: accepted = mask(.integer, .float, .string)
        case .date, .timestamp: accepted = mask(.string)
        case .null, .array, .map, .struct: accepted = 0
        }
        decodesBase64 = type == .binary
        readsNonFiniteWords = type == .float64
    }

    /// Whether a non-null value of `kind` may be read (its text may still fail to parse).
    @inline(__always)
    func accepts(_ kind: JSONValueKind) -> Bool { accepted & 1 << kind.rawValue != 0 }

    /// Appends the text to parse for `member` (of an accepted kind) of the line in `bytes` to
    /// `values`. Returns false, leaving `values` as it was, when the value cannot be read: a
    /// string that is not base64 for binary, or not a non-finite word for a double.
    /// - Parameter scratch: a buffer for unescaping before base64 decoding.
    @inline(__always)
    func append(_ member: JSONMember, of bytes: UnsafePointer<UInt8>, to values: inout GrowableBuffer<UInt8>, scratch: inout GrowableBuffer<UInt8>) -> Bool {
        let start = values.count
        let range = member.valueRange
        guard member.kind == .string else {
            values.append(bytes + range.lowerBound, count: range.count)
            return true
        }
        var ok = true
        if decodesBase64 {
            if member.escaped {
                scratch.reset()
                ok = unescapeJSONString(bytes, range, into: &scratch) && decodeBase64(scratch.elements(0..<scratch.count), into: &values)
            } else {
                ok = decodeBase64(UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count), into: &values)
            }
        } else if member.escaped {
            ok = unescapeJSONString(bytes, range, into: &values)
        } else {
            values.append(bytes + range.lowerBound, count: range.count)
        }
        if ok && readsNonFiniteWords { ok = Self.isNonFiniteWord(values.elements(start..<values.count)) }
        if !ok { values.truncate(to: start) }
        return ok
    }

    /// Whether `text` is one of the strings Spark reads as a non-finite double.
    private static func isNonFiniteWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        for word: StaticString in ["NaN", "Infinity", "+Infinity", "-Infinity", "+INF", "-INF"]
            where text.elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)) {
            return true
        }
        return false
    }
}
