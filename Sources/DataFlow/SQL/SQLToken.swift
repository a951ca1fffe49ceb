/// One token of SQL text, with where it starts (a UTF-8 offset into the text) for error messages.
package struct SQLToken: Sendable, Equatable {
    /// What the token is.
    package enum Kind: Sendable, Equatable {
        /// A bare word: a keyword or a name (compared case-insensitively).
        case word
        /// A `back-quoted` name, taken exactly.
        case quotedName
        /// A 'string' or "string" literal, unescaped.
        case string
        /// An integer literal, with its suffix (`L`, `S`, `Y`) if any.
        case integer
        /// A literal with a decimal point or an exponent, with its suffix (`D`, `F`, `BD`) if any.
        case number
        /// An operator or punctuation: `(`, `,`, `<=`, `||`, `::`, ...
        case symbol
        /// The end of the text.
        case end
    }

    package let kind: Kind
    /// The token's text: the name or value without quotes, the number's digits, the symbol.
    package let text: String
    /// The UTF-8 offset of the token's first byte.
    package let offset: Int
    /// For numbers, the suffix after the digits, upper-cased (`L`, `D`, `BD`, ...); empty otherwise.
    package var suffix: String = ""

    /// Whether the token is the bare word `keyword` (case-insensitive).
    package func isKeyword(_ keyword: String) -> Bool {
        kind == .word && text.count == keyword.count && text.uppercased() == keyword
    }

    /// Whether the token is the symbol `symbol`.
    package func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    /// The token as an error message quotes it.
    package var quoted: String {
        switch kind {
        case .end: return "the end of the statement"
        case .string: return "'\(text)'"
        case .quotedName: return "`\(text)`"
        default: return "'\(text)\(suffix)'"
        }
    }
}
