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
    }

    /// Whether `text` matches the whole pattern.
    /// - Complexity: O(text × pattern) at worst. Between two `%` the pattern matches a fixed number
    ///   of characters, so matching each such segment at its leftmost place is never wrong: when a
    ///   segment fails, only the last `%` needs to take one more character (no nested backtracking,
    ///   which made patterns like '%a%a%a%a%b' exponential).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
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
