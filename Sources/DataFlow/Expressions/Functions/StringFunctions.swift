import Foundation

/// String functions: lower, upper, length, substring, concat, concat_ws,
/// replace, like, regexp_replace, regexp_extract, regexp_extract_all.
enum StringFunctions {
    static let all: [ScalarFunction] = [
        unary("lower") { bytes, builder in caseMapped(bytes, &builder, upper: false) },
        unary("upper") { bytes, builder in caseMapped(bytes, &builder, upper: true) },
        length, substring, concat, concatWs, replace, like, rlike("rlike"), rlike("regexp"), rlike("regexp_like"), regexpReplace, regexpExtract,
        regexpExtractAll,
    ]

    /// A one-argument string-to-string function.
    private static func unary(_ name: String, _ transform: @escaping @Sendable (UnsafeBufferPointer<UInt8>, inout ColumnBuilder) -> Void) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let argument = try Arguments.coerce(name, arguments, 0, to: .string, binder)
            return FunctionExpr(name: name, arguments: [argument], dataType: .string, nullable: argument.nullable) { inputs, _ in
                mapStrings(inputs[0].column, transform)
            }
        }
    }

    private static func caseMapped(_ bytes: UnsafeBufferPointer<UInt8>, _ builder: inout ColumnBuilder, upper: Bool) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            var scratch = [UInt8](bytes)
            for k in scratch.indices {
                let byte = scratch[k]
                if upper, byte >= 0x61, byte <= 0x7A { scratch[k] = byte - 32 }
                if !upper, byte >= 0x41, byte <= 0x5A { scratch[k] = byte + 32 }
            }
            scratch.withUnsafeBytes { builder.appendBytes($0) }
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            builder.appendString(upper ? text.uppercased() : text.lowercased())
        }
    }

    /// length(s): the number of characters.
    private static let length = ScalarFunction(name: "length") { arguments, binder in
        try Arguments.expect("length", arguments, count: 1...1)
        let argument = try Arguments.coerce("length", arguments, 0, to: .string, binder)
        return FunctionExpr(name: "length", arguments: [argument], dataType: .int32, nullable: argument.nullable) { inputs, _ in
            let column = inputs[0].column
            let buffer = Buffer(capacity: column.count * 4, zeroed: true)
            let out = buffer.typed(Int32.self)
            column.withBytes { offsets, data, validity in
                for i in 0..<column.count where validity[i] { out[i] = Int32(utf8CharacterCount(stringBytes(offsets, data, i))) }
            }
            return Column(type: .int32, count: column.count, values: buffer,
                          validity: column.hasNulls ? Bitmap.copy(column.validityView, count: column.count) : nil)
        }
    }

    /// substring(s, pos[, len]): 1-based characters; pos 0 acts as 1, negative pos counts from the end.
    private static let substring = ScalarFunction(name: "substring") { arguments, binder in
        try Arguments.expect("substring", arguments, count: 2...3)
        let text = try Arguments.coerce("substring", arguments, 0, to: .string, binder)
        guard let position = try Arguments.constantInt("substring", arguments, 1) else {
            return try LiteralExpr(.null, type: .string)
        }
        let length = arguments.count == 3 ? try Arguments.constantInt("substring", arguments, 2) : Int(Int32.max)
        guard let length else { return try LiteralExpr(.null, type: .string) }
        return FunctionExpr(name: "substring", arguments: [text], dataType: .string, nullable: text.nullable) { inputs, _ in
            mapStrings(inputs[0].column) { bytes, builder in
                let range = sparkSubstring(utf8CharacterCount(bytes), position: position, length: length)
                guard !range.isEmpty else { builder.appendBytes(UnsafeRawBufferPointer(start: nil, count: 0)); return }
                let lower = utf8ByteOffset(bytes, character: range.lowerBound), upper = utf8ByteOffset(bytes, character: range.upperBound)
                builder.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[lower..<upper]))
            }
        }
    }

    /// concat(a, b, ...): null if any argument is null.
    private static let concat = ScalarFunction(name: "concat") { arguments, binder in
        let parts = try arguments.indices.map { try Arguments.coerce("concat", arguments, $0, to: .string, binder) }
        return FunctionExpr(name: "concat", arguments: parts, dataType: .string, nullable: parts.contains { $0.nullable }) { inputs, count in
            joinStrings(inputs.map { $0.materialize(count) }, separator: nil, count: count)
        }
    }

    /// concat_ws(sep, a, b, ...): joins the non-null arguments with `sep`.
    private static let concatWs = ScalarFunction(name: "concat_ws") { arguments, binder in
        try Arguments.expect("concat_ws", arguments, count: 1...Int.max)
        let separator = try Arguments.constantString("concat_ws", arguments, 0)
        let parts = try arguments.indices.dropFirst().map { try Arguments.coerce("concat_ws", arguments, $0, to: .string, binder) }
        guard let separator else { return try LiteralExpr(.null, type: .string) }
        return FunctionExpr(name: "concat_ws", arguments: parts, dataType: .string, nullable: false) { inputs, count in
            joinStrings(inputs.map { $0.materialize(count) }, separator: Array(separator.utf8), count: count)
        }
    }

    /// Concatenates row-wise; with a separator nulls are skipped, without one a null yields null.
    private static func joinStrings(_ columns: [Column], separator: [UInt8]?, count: Int) -> Column {
        var builder = ColumnBuilder(type: .string, capacity: count)
        var scratch: [UInt8] = []
        for i in 0..<count {
            scratch.removeAll(keepingCapacity: true)
            var isNull = false
            var first = true
            for column in columns {
                if column.isNull(i) {
                    if separator == nil { isNull = true; break }
                    continue
                }
                if let separator, !first { scratch.append(contentsOf: separator) }
                first = false
                column.withBytes { offsets, data, _ in scratch.append(contentsOf: stringBytes(offsets, data, i)) }
            }
            if isNull { builder.appendNull() } else { scratch.withUnsafeBytes { builder.appendBytes($0) } }
        }
        return builder.finish()
    }

    /// replace(s, search[, replacement]): every occurrence of `search` replaced.
    private static let replace = ScalarFunction(name: "replace") { arguments, binder in
        try Arguments.expect("replace", arguments, count: 2...3)
        let text = try Arguments.coerce("replace", arguments, 0, to: .string, binder)
        guard let search = try Arguments.constantString("replace", arguments, 1) else { return try LiteralExpr(.null, type: .string) }
        let replacement = arguments.count == 3 ? try Arguments.constantString("replace", arguments, 2) : ""
        guard let replacement else { return try LiteralExpr(.null, type: .string) }
        let needle = Array(search.utf8), substitute = Array(replacement.utf8)
        return FunctionExpr(name: "replace", arguments: [text], dataType: .string, nullable: text.nullable) { inputs, _ in
            mapStrings(inputs[0].column) { bytes, builder in
                guard !needle.isEmpty, bytes.count >= needle.count else { builder.appendBytes(UnsafeRawBufferPointer(bytes)); return }
                var output: [UInt8] = []
                output.reserveCapacity(bytes.count)
                var k = 0
                while k < bytes.count {
                    if k + needle.count <= bytes.count && bytes[k] == needle[0]
                        && (1..<needle.count).allSatisfy({ bytes[k + $0] == needle[$0] }) {
                        output.append(contentsOf: substitute)
                        k += needle.count
                    } else {
                        output.append(bytes[k])
                        k += 1
                    }
                }
                output.withUnsafeBytes { builder.appendBytes($0) }
            }
        }
    }

    /// s LIKE pattern.
    private static let like = ScalarFunction(name: "like") { arguments, binder in
        try Arguments.expect("like", arguments, count: 2...2)
        let text = try Arguments.coerce("like", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("like", arguments, 1) else { return try LiteralExpr(.null, type: .boolean) }
        let matcher = try LikeMatcher(pattern: pattern)
        return FunctionExpr(name: "like", arguments: [text], dataType: .boolean, nullable: text.nullable) { inputs, _ in
            testStrings(inputs[0].column) { matcher.matches($0) }
        }
    }

    /// s RLIKE pattern (`rlike`, `regexp`, `regexp_like`): whether the Java-style regular expression
    /// matches anywhere in s.
    private static func rlike(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let text = try Arguments.coerce(name, arguments, 0, to: .string, binder)
            guard let pattern = try Arguments.constantString(name, arguments, 1) else { return try LiteralExpr(.null, type: .boolean) }
            let regex = try compile(name, pattern)
            return FunctionExpr(name: name, arguments: [text], dataType: .boolean, nullable: text.nullable) { inputs, _ in
                // Regular expressions work on Foundation strings: one String per value here.
                testStrings(inputs[0].column) { bytes in
                    let value = String(decoding: bytes, as: UTF8.self)
                    return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                }
            }
        }
    }

    /// Compiles a Java-style regular expression, naming the function on failure.
    static func compile(_ name: String, _ pattern: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw DataFlowError.invalidArgument(name, "invalid regular expression '\(pattern)'")
        }
    }

    /// regexp_replace(s, pattern, replacement): `$1` in the replacement refers to groups.
    private static let regexpReplace = ScalarFunction(name: "regexp_replace") { arguments, binder in
        try Arguments.expect("regexp_replace", arguments, count: 3...3)
        let text = try Arguments.coerce("regexp_replace", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("regexp_replace", arguments, 1),
              let replacement = try Arguments.constantString("regexp_replace", arguments, 2) else { return try LiteralExpr(.null, type: .string) }
        let regex = try compile("regexp_replace", pattern)
        let template = NSRegularExpression.escapedTemplate(for: replacement).replacingOccurrences(of: "\\$", with: "$")
        return FunctionExpr(name: "regexp_replace", arguments: [text], dataType: .string, nullable: text.nullable) { inputs, _ in
            // Regular expressions work on Foundation strings: one String per value here.
            mapStrings(inputs[0].column) { bytes, builder in
                let value = String(decoding: bytes, as: UTF8.self)
                let range = NSRange(value.startIndex..., in: value)
                builder.appendString(regex.stringByReplacingMatches(in: value, range: range, withTemplate: template))
            }
        }
    }

    /// regexp_extract_all(s, pattern, group): the group (1 unless given) of every match, in order.
    private static let regexpExtractAll = ScalarFunction(name: "regexp_extract_all") { arguments, binder in
        try Arguments.expect("regexp_extract_all", arguments, count: 2...3)
        let text = try Arguments.coerce("regexp_extract_all", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("regexp_extract_all", arguments, 1) else { return try LiteralExpr(.null, type: .array(.string)) }
        let group = arguments.count == 3 ? try Arguments.constantInt("regexp_extract_all", arguments, 2) ?? 1 : 1
        let regex = try compile("regexp_extract_all", pattern)
        guard group >= 0, group <= regex.numberOfCaptureGroups else {
            throw DataFlowError.invalidArgument("regexp_extract_all", "group \(group) does not exist in '\(pattern)' (\(regex.numberOfCaptureGroups) groups)")
        }
        return FunctionExpr(name: "regexp_extract_all", arguments: [text], dataType: .array(.string), nullable: text.nullable) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .array(.string), capacity: column.count)
            column.withBytes { offsets, bytes, present in
                for row in 0..<column.count {
                    guard present[row] else { builder.appendNull(); continue }
                    let value = String(decoding: UnsafeBufferPointer(start: bytes + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row])), as: UTF8.self)
                    for match in regex.matches(in: value, range: NSRange(value.startIndex..., in: value)) {
                        // A group that took no part in the match is "", as Spark gives it.
                        builder.children[0].appendString(Range(match.range(at: group), in: value).map { String(value[$0]) } ?? "")
                    }
                    builder.endList()
                }
            }
            return builder.finish()
        }
    }

    /// regexp_extract(s, pattern, group): the group of the first match, "" when there is none.
    private static let regexpExtract = ScalarFunction(name: "regexp_extract") { arguments, binder in
        try Arguments.expect("regexp_extract", arguments, count: 2...3)
        let text = try Arguments.coerce("regexp_extract", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("regexp_extract", arguments, 1) else { return try LiteralExpr(.null, type: .string) }
        let group = arguments.count == 3 ? try Arguments.constantInt("regexp_extract", arguments, 2) ?? 1 : 1
        let regex = try compile("regexp_extract", pattern)
        guard group >= 0, group <= regex.numberOfCaptureGroups else {
            throw DataFlowError.invalidArgument("regexp_extract", "group \(group) does not exist in '\(pattern)' (\(regex.numberOfCaptureGroups) groups)")
        }
        return FunctionExpr(name: "regexp_extract", arguments: [text], dataType: .string, nullable: text.nullable) { inputs, _ in
            mapStrings(inputs[0].column) { bytes, builder in
                let value = String(decoding: bytes, as: UTF8.self)
                guard let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
                      let range = Range(match.range(at: group), in: value) else {
                    builder.appendString("")
                    return
                }
                builder.appendString(String(value[range]))
            }
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// Lower-cases a string.
    public static func lower(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "lower", arguments: [e.columnExpr])) }
    /// Upper-cases a string.
    public static func upper(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "upper", arguments: [e.columnExpr])) }
    /// Removes leading and trailing spaces.
    public static func trim(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "trim", arguments: [e.columnExpr])) }
    /// Removes leading spaces.
    public static func ltrim(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "ltrim", arguments: [e.columnExpr])) }
    /// Removes trailing spaces.
    public static func rtrim(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "rtrim", arguments: [e.columnExpr])) }
    /// The number of characters.
    public static func length(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "length", arguments: [e.columnExpr])) }
    /// `length` characters from 1-based `position` (negative: from the end).
    public static func substring(_ e: some ColumnOrName, _ position: Int, _ length: Int) -> Expr {
        Expr(.function(name: "substring", arguments: [e.columnExpr, lit(position), lit(length)]))
    }
    /// The strings joined; null if any is null.
    public static func concat(_ parts: Expr...) -> Expr { concat(parts) }
    /// The strings joined (an array form of `concat(_:)`); null when any is null.
    public static func concat(_ parts: [Expr]) -> Expr { Expr(.function(name: "concat", arguments: parts)) }
    /// The non-null strings joined by `separator`.
    public static func concatWs(_ separator: String, _ parts: Expr...) -> Expr {
        Expr(.function(name: "concat_ws", arguments: [lit(separator)] + parts))
    }
    /// Every occurrence of `search` replaced by `replacement`.
    public static func replace(_ e: some ColumnOrName, _ search: String, _ replacement: String) -> Expr {
        Expr(.function(name: "replace", arguments: [e.columnExpr, lit(search), lit(replacement)]))
    }
    /// Every match of the regular expression replaced (`$1` refers to a group).
    public static func regexpReplace(_ e: some ColumnOrName, _ pattern: String, _ replacement: String) -> Expr {
        Expr(.function(name: "regexp_replace", arguments: [e.columnExpr, lit(pattern), lit(replacement)]))
    }
    /// Group `group` of the first match of the regular expression, "" when none.
    public static func regexpExtract(_ e: some ColumnOrName, _ pattern: String, _ group: Int) -> Expr {
        Expr(.function(name: "regexp_extract", arguments: [e.columnExpr, lit(pattern), lit(group)]))
    }
    /// Group `group` of every match of the regular expression, as an array in match order.
    public static func regexpExtractAll(_ e: some ColumnOrName, _ pattern: String, _ group: Int = 1) -> Expr {
        Expr(.function(name: "regexp_extract_all", arguments: [e.columnExpr, lit(pattern), lit(group)]))
    }
}
