/// A JSON path as Spark's `get_json_object` takes it: `$` followed by `.name`, `['name']`, `[n]`
/// and `[*]` steps. Other forms (`.*`, negative indices, a path not starting with `$`) match
/// nothing, as in Spark.
struct JSONPath: Sendable {
    enum Step: Sendable, Equatable {
        case key([UInt8])
        case index(Int)
        case wildcard
    }

    let steps: [Step]

    /// Whether a step matches several values, whose results are then gathered into an array.
    var hasWildcard: Bool { steps.contains(.wildcard) }

    /// The path `text`, or nil when Spark would match nothing with it.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "$") else { return nil }
        var steps: [Step] = []
        var i = 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ".") {
                var end = i + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "."), bytes[end] != UInt8(ascii: "[") { end += 1 }
                let name = Array(bytes[(i + 1)..<end])
                guard !name.isEmpty, name != [UInt8(ascii: "*")] else { return nil }
                steps.append(.key(name))
                i = end
            } else if bytes[i] == UInt8(ascii: "["), i + 1 < bytes.count {
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "]")) else { return nil }
                let inside = Array(bytes[(i + 1)..<close])
                if inside == [UInt8(ascii: "*")] {
                    steps.append(.wildcard)
                } else if inside.count >= 2, inside.first == UInt8(ascii: "'"), inside.last == UInt8(ascii: "'") {
                    steps.append(.key(Array(inside.dropFirst().dropLast())))
                } else if !inside.isEmpty, inside.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                          let index = Int(String(decoding: inside, as: UTF8.self)) {
                    steps.append(.index(index))
                } else {
                    return nil
                }
                i = close + 1
            } else {
                return nil
            }
        }
        self.steps = steps
    }

    /// The value `get_json_object` returns for `json`, appended to `out`; false for null (invalid
    /// JSON, or no match; a member whose value is null matches nothing, as in Spark). A string
    /// comes unquoted; anything else as compact JSON text (doubles as Java prints them); several
    /// matches of a wildcard as a JSON array. Text after the first JSON value is ignored, as
    /// Spark's parser does, unless it runs on from a number or a literal (`1x`).
    func extract(_ json: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard let base = json.baseAddress else { return false }
        var reader = JSONValueReader(bytes: base, end: json.count)
        var matches: [JSONValueReader.Value] = []
        do {
            try reader.match(steps[...], into: &matches)
        } catch {
            return false
        }
        if matches.count == 1 || (!hasWildcard && !matches.isEmpty) {
            out.append(contentsOf: matches[0].string ?? matches[0].json)
            return true
        }
        guard !matches.isEmpty else { return false }
        out.append(UInt8(ascii: "["))
        for (index, value) in matches.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: value.json)
        }
        out.append(UInt8(ascii: "]"))
        return true
    }
}

/// Reads one JSON value from bytes, following a path's steps into it and writing the values they
/// reach as compact JSON text; everything else is validated and skipped.
struct JSONValueReader {
    /// A value reached by a path: its compact JSON text, and a string's unescaped content.
    struct Value {
        var json: [UInt8] = []
        var string: [UInt8]?
    }

    struct Malformed: Error {}

    let bytes: UnsafePointer<UInt8>
    let end: Int
    var position = 0
    private var depth = 0
    private static let maxDepth = 1000

    init(bytes: UnsafePointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    var peek: UInt8 { position < end ? bytes[position] : 0 }

    mutating func skipWhitespace() {
        while position < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard peek == byte else { throw Malformed() }
        position += 1
    }

    /// Follows `steps` into the value at the position, appending the values they reach.
    mutating func match(_ steps: ArraySlice<JSONPath.Step>, into matches: inout [Value]) throws {
        skipWhitespace()
        guard let step = steps.first else {
            var value = Value()
            try read(into: &value.json, string: &value.string)
            matches.append(value)
            return
        }
        switch (step, peek) {
        case let (.key(key), UInt8(ascii: "{")):
            var found = false
            try members { name, reader in
                if !found && name == key {
                    found = true
                    reader.skipWhitespace()
                    // A member whose value is null matches nothing.
                    if reader.peek == UInt8(ascii: "n") { try reader.skip() } else { try reader.match(steps.dropFirst(), into: &matches) }
                } else {
                    try reader.skip()
                }
            }
        case (.index, UInt8(ascii: "[")), (.wildcard, UInt8(ascii: "[")):
            var position = 0
            try elements { reader in
                if case let .index(wanted) = step, wanted != position { try reader.skip() } else { try reader.match(steps.dropFirst(), into: &matches) }
                position += 1
            }
        default:
            try skip()
        }
    }

    mutating func skip() throws {
        var ignored: [UInt8]? = nil
        var sink: [UInt8] = []
        try read(into: &sink, string: &ignored, writing: false)
    }

    /// Calls `body` with each member's unescaped key, the reader at its value.
    private mutating func members(_ body: ([UInt8], inout JSONValueReader) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw Malformed() }
            let key = try stringContent()
            try expect(UInt8(ascii: ":"))
            try body(key, &self)
            skipWhitespace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Calls `body` with the reader at each element.
    private mutating func elements(_ body: (inout JSONValueReader) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; return }
        while true {
            try body(&self)
            skipWhitespace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// Goes one level deeper into nested values; deeper than `maxDepth` is malformed.
    private mutating func enter() throws {
        guard depth < Self.maxDepth else { throw Malformed() }
        depth += 1
    }

    /// Reads the value at the position, writing its compact JSON text when `writing`.
    private mutating func read(into out: inout [UInt8], string: inout [UInt8]?, writing: Bool = true) throws {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "{"):
            if writing { out.append(UInt8(ascii: "{")) }
            var first = true
            try members { key, reader in
                if writing {
                    if !first { out.append(UInt8(ascii: ",")) }
                    key.withUnsafeBufferPointer { appendJSONString($0, to: &out) }
                    out.append(UInt8(ascii: ":"))
                }
                first = false
                var nested: [UInt8]? = nil
                try reader.read(into: &out, string: &nested, writing: writing)
            }
            if writing { out.append(UInt8(ascii: "}")) }
        case UInt8(ascii: "["):
            if writing { out.append(UInt8(ascii: "[")) }
            var first = true
            try elements { reader in
                if writing && !first { out.append(UInt8(ascii: ",")) }
                first = false
                var nested: [UInt8]? = nil
                try reader.read(into: &out, string: &nested, writing: writing)
            }
            if writing { out.append(UInt8(ascii: "]")) }
        case UInt8(ascii: "\""):
            let content = try stringContent()
            if writing {
                content.withUnsafeBufferPointer { appendJSONString($0, to: &out) }
                string = content
            }
        case UInt8(ascii: "t"): try literal("true", into: &out, writing: writing)
        case UInt8(ascii: "f"): try literal("false", into: &out, writing: writing)
        case UInt8(ascii: "n"): try literal("null", into: &out, writing: writing)
        default:
            try number(into: &out, writing: writing)
        }
    }

    private mutating func literal(_ word: StaticString, into out: inout [UInt8], writing: Bool) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= end, (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else { throw Malformed() }
        if writing { out.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: count)) }
        position += count
        try endOfToken()
    }

    /// A number or literal must end where a separator or whitespace follows (or the text ends).
    private func endOfToken() throws {
        guard position < end else { return }
        switch bytes[position] {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): return
        default: throw Malformed()
        }
    }

    /// A number in JSON's grammar: an integer as written, anything with a fraction or exponent
    /// as the double it denotes, printed as Java prints it.
    private mutating func number(into out: inout [UInt8], writing: Bool) throws {
        let start = position
        func digits() -> Int {
            let first = position
            while position < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if peek == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        // No leading zeros (`007`), as JSON's grammar says.
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw Malformed() }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw Malformed() }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw Malformed() }
        }
        try endOfToken()
        guard writing else { return }
        let text = UnsafeBufferPointer(start: bytes + start, count: position - start)
        if isInteger {
            // Written as the integer it is: -0 is 0.
            if text.count == 2 && text[0] == UInt8(ascii: "-") && text[1] == UInt8(ascii: "0") { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: text) }
        } else {
            guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw Malformed() }
            out.append(contentsOf: formatDouble(value).utf8)
        }
    }

    /// The unescaped UTF-8 content of the string at the position (at its opening quote).
    private mutating func stringContent() throws -> [UInt8] {
        let start = position + 1
        var close = start
        while close < end && bytes[close] != UInt8(ascii: "\"") {
            guard bytes[close] >= 0x20 else { throw Malformed() }
            close += bytes[close] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard close < end else { throw Malformed() }
        var content = GrowableBuffer<UInt8>(capacity: close - start)
        guard unescapeJSONString(bytes, start..<close, into: &content) else { throw Malformed() }
        position = close + 1
        return Array(content.elements(0..<content.count))
    }
}
