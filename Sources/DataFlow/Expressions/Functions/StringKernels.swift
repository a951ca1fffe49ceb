import Foundation

/// Maps each non-null string of `column` to new bytes written by `transform` into `builder`;
/// null stays null. `transform` sees the value's bytes.
@inline(__always)
func mapStrings(_ column: Column, _ transform: (UnsafeBufferPointer<UInt8>, inout ColumnBuilder) -> Void) -> Column {
    var builder = ColumnBuilder(type: .string, capacity: column.count)
    column.withBytes { offsets, data, validity in
        for i in 0..<column.count {
            guard validity[i] else { builder.appendNull(); continue }
            let start = Int(offsets[i])
            transform(UnsafeBufferPointer(start: data + start, count: Int(offsets[i + 1]) - start), &builder)
        }
    }
    return builder.finish()
}

/// A boolean column: `test` of each string, null where the string is.
func testStrings(_ column: Column, _ test: (UnsafeBufferPointer<UInt8>) -> Bool) -> Column {
    let buffer = Buffer(capacity: Bitmap.byteCount(column.count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    column.withBytes { offsets, data, validity in
        for i in 0..<column.count where validity[i] && test(stringBytes(offsets, data, i)) { Bitmap.set(out, i) }
    }
    return Column(type: .boolean, count: column.count, values: buffer,
                  validity: column.hasNulls ? Bitmap.copy(column.validityView, count: column.count) : nil)
}

/// An int column: `measure` of each string, null where the string is.
func measureStrings(_ column: Column, _ measure: (UnsafeBufferPointer<UInt8>) -> Int32) -> Column {
    let buffer = Buffer(capacity: column.count * 4, zeroed: true)
    let out = buffer.typed(Int32.self)
    column.withBytes { offsets, data, validity in
        for i in 0..<column.count where validity[i] { out[i] = measure(stringBytes(offsets, data, i)) }
    }
    return Column(type: .int32, count: column.count, values: buffer,
                  validity: column.hasNulls ? Bitmap.copy(column.validityView, count: column.count) : nil)
}

/// Calls `body` with each row's bytes of two string datums (a constant's one value standing for
/// every row), or nil for a null.
func forEachStringPair(_ lhs: Datum, _ rhs: Datum, count: Int,
                       _ body: (Int, UnsafeBufferPointer<UInt8>?, UnsafeBufferPointer<UInt8>?) -> Void) {
    lhs.column.withBytes { leftOffsets, leftData, leftValid in
        rhs.column.withBytes { rightOffsets, rightData, rightValid in
            for i in 0..<count {
                let l = lhs.isConstant ? 0 : i, r = rhs.isConstant ? 0 : i
                body(i, leftValid[l] ? stringBytes(leftOffsets, leftData, l) : nil, rightValid[r] ? stringBytes(rightOffsets, rightData, r) : nil)
            }
        }
    }
}

/// The Unicode scalars of UTF-8 bytes, each as its byte range.
func utf8Characters(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var characters: [Range<Int>] = []
    characters.reserveCapacity(bytes.count)
    var start = 0
    for index in 1..<(bytes.count + 1) where index == bytes.count || bytes[index] & 0xC0 != 0x80 {
        characters.append(start..<index)
        start = index
    }
    return bytes.isEmpty ? [] : characters
}

/// The bytes of string row `i` (offsets already include the column offset).
@inline(__always)
func stringBytes(_ offsets: UnsafeBufferPointer<Int32>, _ data: UnsafePointer<UInt8>, _ i: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(offsets[i])
    return UnsafeBufferPointer(start: data + start, count: Int(offsets[i + 1]) - start)
}

/// The number of Unicode scalars in UTF-8 bytes (bytes that are not continuation bytes).
@inline(__always)
func utf8CharacterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
}

/// The byte offset of the `n`-th Unicode scalar (0-based); `bytes.count` when past the end.
@inline(__always)
func utf8ByteOffset(_ bytes: UnsafeBufferPointer<UInt8>, character n: Int) -> Int {
    var seen = 0
    for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
        if seen == n { return offset }
        seen += 1
    }
    return bytes.count
}

/// SQL LIKE matching over bytes: `%` any sequence, `_` one character, `escape` quotes the next
/// character.
struct LikeMatcher: Sendable {
    private enum Token: Sendable, Equatable { case literal([UInt8]), one, any }
    private let tokens: [Token]
    /// The pattern as literals between `%`, when it has no `_` (prefix, suffix, contains and their
    /// combinations): matched by searching for each literal in turn.
    private let literals: LiteralSequence?

    init(pattern: String, escape: UInt8 = UInt8(ascii: "\\")) throws {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var bytes = Array(pattern.utf8).makeIterator()
        func flush() { if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] } }
        while let byte = bytes.next() {
            if byte == escape {
                guard let next = bytes.next() else {
                    throw DataFlowError.invalidArgument("like", "pattern '\(pattern)' ends with the escape character")
                }
                literal.append(next)
            } else if byte == UInt8(ascii: "%") {
                flush()
                if tokens.last != .any { tokens.append(.any) }
            } else if byte == UInt8(ascii: "_") {
                flush()
                tokens.append(.one)
            } else if byte & 0xC0 == 0x80, case .one? = tokens.last, literal.isEmpty {
                // A continuation byte after "_" cannot occur in valid UTF-8 patterns; keep it literal.
                literal.append(byte)
            } else {
                literal.append(byte)
            }
        }
        flush()
        self.tokens = tokens
        literals = tokens.contains(.one) ? nil : LiteralSequence(
            literals: tokens.compactMap { if case let .literal(bytes) = $0 { bytes } else { nil } },
            startsWithAny: tokens.first == .any, endsWithAny: tokens.last == .any)
    }

    /// Whether `text` matches the whole pattern.
    /// - Complexity: O(text × pattern) at worst. Between two `%` the pattern matches a fixed number
    ///   of characters, so matching each such segment at its leftmost place is never wrong: when a
    ///   segment fails, only the last `%` needs to take one more character (no nested backtracking,
    ///   which made patterns like '%a%a%a%a%b' exponential).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if let literals { return literals.matches(text) }
        var position = 0, index = 0
        // The token after the last `%` seen, and where its current match attempt began.
        var afterAny = -1, attempt = 0
        @inline(__always) func nextCharacter(_ from: Int) -> Int {
            var next = from + 1
            while next < text.count && text[next] & 0xC0 == 0x80 { next += 1 }
            return next
        }
        while true {
            if index == tokens.count {
                if position == text.count { return true }
            } else {
                switch tokens[index] {
                case .any:
                    if index == tokens.count - 1 { return true }
                    index += 1
                    afterAny = index
                    attempt = position
                    continue
                case let .literal(bytes):
                    if position + bytes.count <= text.count && bytes.indices.allSatisfy({ text[position + $0] == bytes[$0] }) {
                        position += bytes.count
                        index += 1
                        continue
                    }
                case .one:
                    if position < text.count {
                        position = nextCharacter(position)
                        index += 1
                        continue
                    }
                }
            }
            // A mismatch: the last `%` takes one more character, or there is no match.
            guard afterAny >= 0, attempt < text.count else { return false }
            attempt = nextCharacter(attempt)
            position = attempt
            index = afterAny
        }
    }
}

/// A LIKE pattern of literals separated by `%` (no `_`): the first literal is a prefix unless the
/// pattern starts with `%`, the last a suffix unless it ends with one, and the others are found
/// left to right, each at its leftmost place after the one before (which never loses a match).
private struct LiteralSequence: Sendable {
    let literals: [[UInt8]]
    let startsWithAny: Bool
    let endsWithAny: Bool

    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !literals.isEmpty else { return startsWithAny || text.isEmpty }
        var low = 0, high = text.count
        var first = 0, last = literals.count
        if !startsWithAny {
            guard has(literals[0], at: 0, in: text) else { return false }
            low = literals[0].count
            first = 1
        }
        if !endsWithAny {
            if first == last { return low == high }
            let suffix = literals[last - 1]
            guard high - low >= suffix.count, has(suffix, at: high - suffix.count, in: text) else { return false }
            high -= suffix.count
            last -= 1
        }
        for index in first..<last {
            guard let found = find(literals[index], in: text, from: low, before: high) else { return false }
            low = found + literals[index].count
        }
        return true
    }

    /// Whether `literal` lies in `text` at `position` (which leaves room for it).
    private func has(_ literal: [UInt8], at position: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard position + literal.count <= text.count else { return false }
        return literal.withUnsafeBufferPointer { memcmp(text.baseAddress! + position, $0.baseAddress!, literal.count) == 0 }
    }

    /// Where `literal` (not empty) first lies wholly within `text[low..<high]`.
    private func find(_ literal: [UInt8], in text: UnsafeBufferPointer<UInt8>, from low: Int, before high: Int) -> Int? {
        literal.withUnsafeBufferPointer { firstOccurrence(of: $0, in: text, from: low, before: high) }
    }
}

/// Where `needle` first lies wholly within `text[low..<high]` (`low` itself for an empty needle):
/// `memchr` finds candidates for its first byte, `memcmp` checks the rest.
func firstOccurrence(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from low: Int, before high: Int) -> Int? {
    guard low <= high else { return nil }
    guard let lead = needle.first else { return low }
    guard let base = text.baseAddress else { return nil }
    var position = low
    while high - position >= needle.count {
        guard let hit = memchr(base + position, Int32(lead), high - position - needle.count + 1) else { return nil }
        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + at + 1, needle.baseAddress! + 1, needle.count - 1) == 0 { return at }
        position = at + 1
    }
    return nil
}
