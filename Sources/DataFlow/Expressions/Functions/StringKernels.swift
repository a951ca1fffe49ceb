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
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool { match(text, 0, 0) }

    private func match(_ text: UnsafeBufferPointer<UInt8>, _ position: Int, _ tokenIndex: Int) -> Bool {
        var position = position
        var tokenIndex = tokenIndex
        while tokenIndex < tokens.count {
            switch tokens[tokenIndex] {
            case let .literal(bytes):
                guard position + bytes.count <= text.count else { return false }
                for (k, byte) in bytes.enumerated() where text[position + k] != byte { return false }
                position += bytes.count
            case .one:
                guard position < text.count else { return false }
                position += 1
                while position < text.count && text[position] & 0xC0 == 0x80 { position += 1 }
            case .any:
                if tokenIndex == tokens.count - 1 { return true }
                var start = position
                while start <= text.count {
                    if match(text, start, tokenIndex + 1) { return true }
                    start += 1
                    while start < text.count && text[start] & 0xC0 == 0x80 { start += 1 }
                }
                return false
            }
            tokenIndex += 1
        }
        return position == text.count
    }
}
