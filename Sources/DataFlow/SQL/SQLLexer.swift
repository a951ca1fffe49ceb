/// Splits SQL text into tokens: words, `back-quoted` names, 'strings' (with `\` escapes and doubled
/// quotes), numbers with Spark's suffixes (`10L`, `1.5D`, `2BD`), symbols; `--` and `/* */` comments
/// are skipped.
package struct SQLLexer {
    private let text: SQLText
    private var bytes: [UInt8] { text.bytes }
    private var position = 0

    package init(_ text: SQLText) { self.text = text }

    /// Every token of the text, ending with one `.end` token.
    /// - Throws: `DataFlowError` (`.parse`) for an unterminated string, name or comment, or a
    ///   character SQL does not use, with the line and a caret under it.
    package mutating func tokens() throws -> [SQLToken] {
        var result: [SQLToken] = []
        while true {
            try skipSpaceAndComments()
            guard position < bytes.count else {
                result.append(SQLToken(kind: .end, text: "", offset: bytes.count))
                return result
            }
            result.append(try next())
        }
    }

    private mutating func skipSpaceAndComments() throws {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                position += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                while position < bytes.count, !(bytes[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { position += 1 }
                guard position < bytes.count else { throw text.syntaxError("unterminated comment", at: start) }
                position += 2
            } else {
                return
            }
        }
    }

    private func peek(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private mutating func next() throws -> SQLToken {
        let start = position
        let byte = bytes[position]
        if Self.isNameStart(byte) {
            while position < bytes.count, Self.isNamePart(bytes[position]) { position += 1 }
            return SQLToken(kind: .word, text: text.slice(start, position), offset: start)
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true) {
            return number()
        }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return SQLToken(kind: .string, text: try quoted(by: byte, escapes: true), offset: start)
        case UInt8(ascii: "`"):
            return SQLToken(kind: .quotedName, text: try quoted(by: byte, escapes: false), offset: start)
        default:
            for symbol in Self.symbols where matches(symbol) {
                position += symbol.utf8.count
                return SQLToken(kind: .symbol, text: symbol, offset: start)
            }
            throw text.syntaxError("unexpected character '\(text.slice(start, start + Self.scalarLength(byte)))'", at: start)
        }
    }

    /// Digits with an optional fraction and exponent, then a suffix of letters (`L`, `BD`, `D`, ...).
    private mutating func number() -> SQLToken {
        let start = position
        var isInteger = true
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e"),
           let after = peek(1), Self.isDigit(after) || ((after == UInt8(ascii: "-") || after == UInt8(ascii: "+")) && peek(2).map(Self.isDigit) == true) {
            isInteger = false
            position += 2
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        let digits = text.slice(start, position)
        let suffixStart = position
        while position < bytes.count, Self.isNamePart(bytes[position]) { position += 1 }
        var token = SQLToken(kind: isInteger ? .integer : .number, text: digits, offset: start)
        token.suffix = text.slice(suffixStart, position).uppercased()
        return token
    }

    /// The text between `quote` and its closing match: a doubled quote stands for itself, and with
    /// `escapes` a backslash escapes the next character (`\n`, `\t`, `\\`, `\'`).
    private mutating func quoted(by quote: UInt8, escapes: Bool) throws -> String {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                if peek(1) == quote {
                    value.append(quote)
                    position += 2
                    continue
                }
                position += 1
                return String(decoding: value, as: UTF8.self)
            }
            if escapes, byte == UInt8(ascii: "\\"), let escaped = peek(1) {
                switch escaped {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "0"): value.append(0x00)
                default: value.append(escaped)
                }
                position += 2
                continue
            }
            value.append(byte)
            position += 1
        }
        let what = quote == UInt8(ascii: "`") ? "quoted name" : "string"
        throw text.syntaxError("unterminated \(what): no closing \(Character(Unicode.Scalar(quote)))", at: start)
    }

    private func matches(_ symbol: String) -> Bool {
        var index = position
        for byte in symbol.utf8 {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
        }
        return true
    }

    /// Longest first, so `<=>` wins over `<=` and `<`.
    private static let symbols = ["<=>", "<>", "<=", ">=", "!=", "==", "||", "::", "->",
                                  "(", ")", ",", ".", ";", "*", "+", "-", "/", "%", "=", "<", ">", "~", "&", "|", "^", "[", "]", ":", "!"]

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isNameStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte >= 0x80
    }
    private static func isNamePart(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
    private static func scalarLength(_ byte: UInt8) -> Int { byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2 }
}
