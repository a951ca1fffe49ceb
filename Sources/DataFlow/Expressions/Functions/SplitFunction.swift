import Foundation

/// split(text, pattern, limit = -1): the text cut at each match of the regular expression, as
/// Spark cuts it (Java's `String.split` with a negative limit): a limit above zero makes at most
/// that many pieces, the last holding the rest; otherwise every piece, trailing empty ones
/// included (a limit of 0 too, unlike Java). A
/// zero-width match at the start makes no empty first piece, and an empty pattern splits into
/// characters. Null when the text or the pattern is.
enum SplitFunction {
    static let all: [ScalarFunction] = [split]

    private static let split = ScalarFunction(name: "split") { arguments, binder in
        try Arguments.expect("split", arguments, count: 2...3)
        let text = try Arguments.coerce("split", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("split", arguments, 1) else { return try LiteralExpr(.null, type: .array(.string)) }
        let limit = arguments.count == 3 ? try Arguments.constantInt("split", arguments, 2) ?? -1 : -1
        let regex = pattern.isEmpty ? nil : try StringFunctions.compile("split", pattern)
        return FunctionExpr(name: "split", arguments: [text], dataType: .array(.string), nullable: text.nullable) { inputs, count in
            let texts = inputs[0].materialize(count)
            var pieces = ColumnBuilder(type: .string, capacity: count * 2)
            var offsets: [Int32] = [0]
            // Regular expressions work on Foundation strings: one String per value here.
            texts.withBytes { textOffsets, data, validity in
                for row in 0..<count {
                    if validity[row] {
                        let value = String(decoding: UnsafeBufferPointer(start: data + Int(textOffsets[row]), count: Int(textOffsets[row + 1] - textOffsets[row])), as: UTF8.self)
                        for piece in Self.pieces(value, regex, limit: limit) { pieces.appendString(piece) }
                    }
                    offsets.append(Int32(pieces.count))
                }
            }
            return .array(count: count, offsets: .copying(offsets), elements: pieces.finish(),
                          validity: texts.hasNulls ? Bitmap.copy(texts.validityView, count: count) : nil)
        }
    }

    /// The pieces of `value` (see the type's comment); `regex` nil splits into characters.
    static func pieces(_ value: String, _ regex: NSRegularExpression?, limit: Int) -> [String] {
        guard let regex else {
            let characters = value.map(String.init)
            guard limit > 0, characters.count > limit else { return characters.isEmpty ? [""] : characters }
            return characters.prefix(limit - 1) + [characters.dropFirst(limit - 1).joined()]
        }
        let text = value as NSString
        var pieces: [String] = []
        var start = 0
        for match in regex.matches(in: value, range: NSRange(location: 0, length: text.length)) {
            if limit > 0 && pieces.count == limit - 1 { break }
            // A zero-width match at the start makes no empty first piece.
            if match.range.length == 0 && match.range.location == 0 { continue }
            pieces.append(text.substring(with: NSRange(location: start, length: match.range.location - start)))
            start = match.range.location + match.range.length
        }
        pieces.append(text.substring(from: start))
        return pieces
    }
}

extension ColumnOrName where Self == Expr {
    /// The text cut at each match of the regular expression `pattern` (at most `limit` pieces when
    /// positive).
    public static func split(_ text: some ColumnOrName, _ pattern: String, limit: Int = -1) -> Expr {
        Expr(.function(name: "split", arguments: [text.columnExpr, lit(pattern), lit(Scalar.int32(Int32(clamping: limit)))]))
    }
}
