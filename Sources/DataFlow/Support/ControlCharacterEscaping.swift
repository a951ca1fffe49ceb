extension String {
    /// The text with its control characters written as escapes (`\n`, `\r`, `\t`, `\b`, `\f`,
    /// `\v`, `\a`), as Spark's `show()` prints values, so it stays on one line; each character of
    /// `alsoEscaped` gets a backslash in front (`"` and `\` for a quoted field).
    public func escapingControlCharacters(alsoEscaped: Set<Character> = []) -> String {
        guard contains(where: { $0.asciiValue.map { $0 < 0x20 } ?? false || alsoEscaped.contains($0) }) else { return self }
        var result = ""
        for character in self {
            switch character {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0B}": result += "\\v"
            case "\u{0C}": result += "\\f"
            case "\u{07}": result += "\\a"
            default:
                if alsoEscaped.contains(character) { result.append("\\") }
                result.append(character)
            }
        }
        return result
    }
}
