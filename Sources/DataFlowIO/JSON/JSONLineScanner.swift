import DataFlow

/// The kind of a JSON value.
enum JSONValueKind: UInt8 {
    case string, integer, float, boolean, null, object, array
}

/// One member of a line's object, as byte ranges: no value is converted here.
struct JSONMember {
    /// The key's bytes: in the line when `keyInScratch` is false, else in the scanner's `keys`
    /// (keys with escapes, and the dotted paths of flattened members).
    var keyRange: Range<Int>
    var keyInScratch: Bool
    /// A string's content between its quotes (escapes unresolved), or the raw text of any other value.
    var valueRange: Range<Int>
    var kind: JSONValueKind
    /// Whether a string value contains backslash escapes.
    var escaped: Bool
}

/// Why a line is not valid JSON, and where (a byte offset in the file).
struct JSONSyntaxError: Error {
    let message: String
    let offset: Int
}

/// A position in the bytes of one line.
struct JSONCursor {
    let bytes: UnsafePointer<UInt8>
    var position: Int
    let end: Int

    var atEnd: Bool { position >= end }

    /// The byte at the position, or 0 at the end (0 is never valid outside a string).
    @inline(__always)
    var peek: UInt8 { position < end ? bytes[position] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
            position += 1
        }
    }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: position) }
}

/// Finds the members of the JSON object on one line: each top-level key and the byte range and
/// kind of its value, validating the whole line as JSON (RFC 8259: strings with valid escapes and
/// well-formed UTF-8, no raw control characters, numbers in JSON's grammar, plus `NaN` and
/// `Infinity` as Spark allows). Nested values are validated and kept as raw text, or with
/// `flatten` their object members are reported too under dotted keys. In DynamoDB mode the
/// attribute values' type wrappers are removed.
/// - Complexity: O(line length); nesting deeper than `maxDepth` is an error, not a stack overflow.
struct JSONLineScanner {
    /// The members found by the last `scan`, in line order.
    private(set) var members: [JSONMember] = []
    /// Unescaped and composed keys.
    private var keys = GrowableBuffer<UInt8>(capacity: 256)
    private let flatten: Bool
    private let dynamoDB: Bool
    static let maxDepth = 512

    init(nested: JSONNestedMode, dynamoDB: Bool) {
        flatten = nested == .flatten && !dynamoDB
        self.dynamoDB = dynamoDB
    }

    /// The key of `member` of the last scanned line, whose bytes are `bytes`.
    @inline(__always)
    func key(_ member: JSONMember, in bytes: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        member.keyInScratch ? keys.elements(member.keyRange) : UnsafeBufferPointer(start: bytes + member.keyRange.lowerBound, count: member.keyRange.count)
    }

    /// Scans the line `bytes[start..<end]` (without its line break), which must hold one object.
    /// - Throws: `JSONSyntaxError` for anything that is not valid JSON (or not a DynamoDB item).
    mutating func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) throws(JSONSyntaxError) {
        members.removeAll(keepingCapacity: true)
        keys.reset()
        var cursor = JSONCursor(bytes: bytes, position: start, end: end)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "{") else { throw cursor.error("a JSON line must hold one object") }
        try object(&cursor, prefix: nil, depth: 1)
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("unexpected text after the object") }
        if dynamoDB { try removeDynamoDBTypes(bytes) }
    }

    // MARK: Members

    /// Reads the object at the cursor, recording its members (and with `flatten`, those of nested
    /// objects, under `prefix`, the dotted path ending in ".", in `keys`).
    private mutating func object(_ cursor: inout JSONCursor, prefix: Range<Int>?, depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maxDepth else { throw cursor.error("nesting deeper than \(Self.maxDepth)") }
        cursor.position += 1
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "}") {
            cursor.position += 1
            return
        }
        while true {
            guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("expected a key in quotes") }
            let (keyRange, keyEscaped) = try string(&cursor)
            cursor.skipWhitespace()
            guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
            cursor.position += 1
            cursor.skipWhitespace()
            var member = JSONMember(keyRange: keyRange, keyInScratch: false, valueRange: 0..<0, kind: .null, escaped: false)
            if prefix != nil || keyEscaped {
                let start = keys.count
                if let prefix { keys.appendCopy(of: prefix) }
                if keyEscaped {
                    guard unescapeJSONString(cursor.bytes, keyRange, into: &keys) else { throw cursor.error("invalid escape in a key") }
                } else {
                    keys.append(cursor.bytes + keyRange.lowerBound, count: keyRange.count)
                }
                member.keyRange = start..<keys.count
                member.keyInScratch = true
            }
            if flatten && cursor.peek == UInt8(ascii: "{") {
                // The object itself (its raw text, for a column named by its path), then its members.
                let index = members.count
                let valueStart = cursor.position
                members.append(member)
                let childPrefix = keys.count
                if member.keyInScratch {
                    keys.appendCopy(of: member.keyRange)
                } else {
                    keys.append(cursor.bytes + member.keyRange.lowerBound, count: member.keyRange.count)
                }
                keys.append(UInt8(ascii: "."))
                try object(&cursor, prefix: childPrefix..<keys.count, depth: depth + 1)
                members[index].valueRange = valueStart..<cursor.position
                members[index].kind = .object
            } else {
                let value = try self.value(&cursor, depth: depth + 1)
                member.kind = value.kind
                member.valueRange = value.range
                member.escaped = value.escaped
                members.append(member)
            }
            cursor.skipWhitespace()
            switch cursor.peek {
            case UInt8(ascii: ","):
                cursor.position += 1
                cursor.skipWhitespace()
            case UInt8(ascii: "}"):
                cursor.position += 1
                return
            default:
                throw cursor.error(cursor.atEnd ? "unterminated object" : "expected ',' or '}'")
            }
        }
    }

    // MARK: Values

    /// Reads one value: a string's content range, or the raw range of anything else.
    private func value(_ cursor: inout JSONCursor, depth: Int) throws(JSONSyntaxError) -> (kind: JSONValueKind, range: Range<Int>, escaped: Bool) {
        let start = cursor.position
        switch cursor.peek {
        case UInt8(ascii: "\""):
            let (range, escaped) = try string(&cursor)
            return (.string, range, escaped)
        case UInt8(ascii: "{"):
            try skipContainer(&cursor, depth: depth)
            return (.object, start..<cursor.position, false)
        case UInt8(ascii: "["):
            try skipContainer(&cursor, depth: depth)
            return (.array, start..<cursor.position, false)
        case UInt8(ascii: "t"):
            try literal(&cursor, "true")
            return (.boolean, start..<cursor.position, false)
        case UInt8(ascii: "f"):
            try literal(&cursor, "false")
            return (.boolean, start..<cursor.position, false)
        case UInt8(ascii: "n"):
            try literal(&cursor, "null")
            return (.null, start..<cursor.position, false)
        default:
            let kind = try number(&cursor)
            return (kind, start..<cursor.position, false)
        }
    }

    /// Validates the object or array at the cursor and moves past it.
    private func skipContainer(_ cursor: inout JSONCursor, depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maxDepth else { throw cursor.error("nesting deeper than \(Self.maxDepth)") }
        let isObject = cursor.peek == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        cursor.position += 1
        cursor.skipWhitespace()
        if cursor.peek == close {
            cursor.position += 1
            return
        }
        while true {
            if isObject {
                guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("expected a key in quotes") }
                _ = try string(&cursor)
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
                cursor.position += 1
                cursor.skipWhitespace()
            }
            _ = try value(&cursor, depth: depth + 1)
            cursor.skipWhitespace()
            switch cursor.peek {
            case UInt8(ascii: ","):
                cursor.position += 1
                cursor.skipWhitespace()
            case close:
                cursor.position += 1
                return
            default:
                throw cursor.error(cursor.atEnd ? "unterminated \(isObject ? "object" : "array")" : "expected ',' or '\(isObject ? "}" : "]")'")
            }
        }
    }

    /// Reads the string at the cursor (at its opening quote): the range of its content and whether
    /// it has escapes. Escapes are checked, UTF-8 is validated, raw control characters refused.
    private func string(_ cursor: inout JSONCursor) throws(JSONSyntaxError) -> (Range<Int>, Bool) {
        let bytes = cursor.bytes, end = cursor.end
        var i = cursor.position + 1
        let start = i
        var escaped = false
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                cursor.position = i + 1
                return (start..<i, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < end else { break }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard hexCodeUnit(bytes, at: i + 2, end: end) != nil else {
                        cursor.position = i
                        throw cursor.error("invalid \\u escape")
                    }
                    i += 6
                default:
                    cursor.position = i
                    throw cursor.error("invalid escape")
                }
            } else if byte < 0x20 {
                cursor.position = i
                throw cursor.error("control character in a string")
            } else if byte < 0x80 {
                i += 1
            } else {
                let length = utf8SequenceLength(bytes, at: i, end: end)
                guard length > 0 else {
                    cursor.position = i
                    throw cursor.error("invalid UTF-8")
                }
                i += length
            }
        }
        cursor.position = end
        throw cursor.error("unterminated string")
    }

    /// Reads a number (JSON's grammar, or `NaN`, `Infinity`, `-Infinity`): integer or float.
    private func number(_ cursor: inout JSONCursor) throws(JSONSyntaxError) -> JSONValueKind {
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if cursor.peek == UInt8(ascii: "N") {
            try literal(&cursor, "NaN")
            return .float
        }
        if cursor.peek == UInt8(ascii: "-") { cursor.position += 1 }
        switch cursor.peek {
        case UInt8(ascii: "0"):
            cursor.position += 1
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while isDigit(cursor.peek) { cursor.position += 1 }
        case UInt8(ascii: "I"):
            try literal(&cursor, "Infinity")
            return .float
        default:
            throw cursor.error(cursor.atEnd ? "expected a value" : "invalid value")
        }
        var kind = JSONValueKind.integer
        if cursor.peek == UInt8(ascii: ".") {
            cursor.position += 1
            guard isDigit(cursor.peek) else { throw cursor.error("expected a digit after '.'") }
            while isDigit(cursor.peek) { cursor.position += 1 }
            kind = .float
        }
        if cursor.peek == UInt8(ascii: "e") || cursor.peek == UInt8(ascii: "E") {
            cursor.position += 1
            if cursor.peek == UInt8(ascii: "+") || cursor.peek == UInt8(ascii: "-") { cursor.position += 1 }
            guard isDigit(cursor.peek) else { throw cursor.error("expected a digit in the exponent") }
            while isDigit(cursor.peek) { cursor.position += 1 }
            kind = .float
        }
        return kind
    }

    /// Moves past `word` at the cursor.
    private func literal(_ cursor: inout JSONCursor, _ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard cursor.position + count <= cursor.end,
              UnsafeBufferPointer(start: cursor.bytes + cursor.position, count: count).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw cursor.error("invalid value") }
        cursor.position += count
    }

    // MARK: DynamoDB

    /// DynamoDB's attribute types.
    private enum DynamoDBType: String {
        case s = "S", n = "N", b = "B", bool = "BOOL", null = "NULL", m = "M", l = "L", ss = "SS", ns = "NS", bs = "BS"

        /// The type named by the bytes `name`.
        init?(_ name: UnsafeBufferPointer<UInt8>) {
            let first = name.first ?? 0
            switch name.count {
            case 1:
                switch first {
                case UInt8(ascii: "S"): self = .s
                case UInt8(ascii: "N"): self = .n
                case UInt8(ascii: "B"): self = .b
                case UInt8(ascii: "M"): self = .m
                case UInt8(ascii: "L"): self = .l
                default: return nil
                }
            case 2 where name[1] == UInt8(ascii: "S"):
                switch first {
                case UInt8(ascii: "S"): self = .ss
                case UInt8(ascii: "N"): self = .ns
                case UInt8(ascii: "B"): self = .bs
                default: return nil
                }
            case 4 where name.elementsEqual("BOOL".utf8): self = .bool
            case 4 where name.elementsEqual("NULL".utf8): self = .null
            default: return nil
            }
        }

        /// The kind of value the type wraps.
        var valueKind: JSONValueKind {
            switch self {
            case .s, .n, .b: return .string
            case .bool, .null: return .boolean
            case .m: return .object
            case .l, .ss, .ns, .bs: return .array
            }
        }
    }

    /// Replaces each member (an attribute like `"n": {"N": "12"}`) with its unwrapped value,
    /// after stepping into the `Item` wrapper when there is one.
    private mutating func removeDynamoDBTypes(_ bytes: UnsafePointer<UInt8>) throws(JSONSyntaxError) {
        // `{"Item": {...}}` is the wrapper unless it is itself an attribute named Item.
        if members.count == 1, members[0].kind == .object, key(members[0], in: bytes).elementsEqual("Item".utf8),
           (try? typedValue(members[0], bytes)) == nil {
            let item = members[0].valueRange
            members.removeAll(keepingCapacity: true)
            var cursor = JSONCursor(bytes: bytes, position: item.lowerBound, end: item.upperBound)
            try object(&cursor, prefix: nil, depth: 2)
        }
        for index in members.indices {
            let (type, value) = try typedValue(members[index], bytes)
            var member = members[index]
            member.valueRange = value.range
            member.escaped = value.escaped
            switch type {
            case .s, .b: member.kind = .string
            case .n:
                // The number is a string: check it is one, and whether it is an integer.
                var cursor = JSONCursor(bytes: bytes, position: value.range.lowerBound, end: value.range.upperBound)
                guard !value.escaped, let kind = try? number(&cursor), cursor.atEnd else {
                    throw JSONSyntaxError(message: "invalid DynamoDB number", offset: value.range.lowerBound)
                }
                member.kind = kind
            case .bool: member.kind = .boolean
            case .null: member.kind = .null
            case .m, .l, .ss, .ns, .bs: member.kind = value.kind
            }
            members[index] = member
        }
    }

    /// The type and value of a DynamoDB attribute value `{"<type>": <value>}`.
    private func typedValue(_ member: JSONMember, _ bytes: UnsafePointer<UInt8>) throws(JSONSyntaxError)
        -> (DynamoDBType, (kind: JSONValueKind, range: Range<Int>, escaped: Bool)) {
        guard member.kind == .object else {
            throw JSONSyntaxError(message: "a DynamoDB attribute value must be an object like {\"S\": \"text\"}", offset: member.valueRange.lowerBound)
        }
        var cursor = JSONCursor(bytes: bytes, position: member.valueRange.lowerBound + 1, end: member.valueRange.upperBound)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("a DynamoDB attribute value must have one type key") }
        let (typeRange, _) = try string(&cursor)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a key") }
        cursor.position += 1
        cursor.skipWhitespace()
        let value = try self.value(&cursor, depth: 3)
        cursor.skipWhitespace()
        guard cursor.peek == UInt8(ascii: "}") else { throw cursor.error("a DynamoDB attribute value must have one type key") }
        let name = UnsafeBufferPointer(start: bytes + typeRange.lowerBound, count: typeRange.count)
        guard let type = DynamoDBType(name) else {
            throw JSONSyntaxError(message: "unknown DynamoDB type '\(String(decoding: name, as: UTF8.self))'", offset: typeRange.lowerBound)
        }
        guard value.kind == type.valueKind else {
            throw JSONSyntaxError(message: "DynamoDB type \(type.rawValue) does not hold a JSON \(value.kind)", offset: value.range.lowerBound)
        }
        return (type, value)
    }
}
