/// SQL source text, kept as UTF-8 bytes so that tokens and errors can point into it by offset.
package struct SQLText: Sendable {
    /// The text as written.
    package let string: String
    /// Its UTF-8 bytes.
    package let bytes: [UInt8]

    package init(_ string: String) {
        self.string = string
        bytes = Array(string.utf8)
    }

    /// The text between two byte offsets.
    func slice(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    /// The 1-based line and column (in characters) of a byte offset.
    package func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1)
    }

    /// The line holding `offset`, with a caret under the character at `offset` on the line below.
    package func excerpt(at offset: Int) -> String {
        let clamped = min(offset, bytes.count)
        var start = clamped, end = clamped
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        let before = String(decoding: bytes[start..<clamped], as: UTF8.self)
        let indent = String(before.map { $0 == "\t" ? "\t" : " " })
        return "\(line)\n\(indent)^"
    }

    /// A parse error at `offset`: the message, its line and column, and the line with a caret
    /// (the message says where, so the error carries no separate location).
    package func syntaxError(_ message: String, at offset: Int) -> DataFlowError {
        let (line, column) = lineAndColumn(of: offset)
        return DataFlowError(.parse, "\(message) at line \(line), column \(column):\n\(excerpt(at: offset))")
    }

    /// An analysis or not-implemented error about the SQL at `offset`, shown with its line and caret.
    package func error(_ category: DataFlowError.Category, _ message: String, at offset: Int) -> DataFlowError {
        let (line, column) = lineAndColumn(of: offset)
        return DataFlowError(category, "\(message) (line \(line), column \(column)):\n\(excerpt(at: offset))")
    }
}
