import Foundation

/// String functions that look for text, by Spark's names and semantics (positions count
/// characters from 1, 0 meaning not found): contains, startswith, endswith, instr, locate/position,
/// find_in_set, levenshtein, elt, ilike, regexp_count, regexp_substr, regexp_instr, luhn_check.
enum StringSearchFunctions {
    static let all: [ScalarFunction] = [
        pairTest("contains") { text, part in find(part, in: text, from: 0) != nil },
        pairTest("startswith") { text, part in text.count >= part.count && zip(text, part).allSatisfy { $0 == $1 } },
        pairTest("endswith") { text, part in text.count >= part.count && zip(text.suffix(part.count), part).allSatisfy { $0 == $1 } },
        instr, locate("locate"), locate("position"), findInSet, levenshtein, elt, ilike,
        regexpCount, regexpSubstr, regexpInstr, luhnCheck,
    ]

    /// Where `part` first starts in `text` at or after byte `from`.
    static func find(_ part: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        firstOccurrence(of: part, in: text, from: from, before: text.count)
    }

    /// The 1-based character position of byte `offset` in `text`.
    private static func characterPosition(_ text: UnsafeBufferPointer<UInt8>, byte offset: Int) -> Int32 {
        Int32(utf8CharacterCount(UnsafeBufferPointer(rebasing: text[0..<offset]))) + 1
    }

    /// A boolean function of two strings, null when either is.
    private static func pairTest(_ name: String, _ test: @escaping @Sendable (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let operands = try Arguments.coerceAll(name, arguments.prefix(2), to: .string, binder)
            return FunctionExpr(name: name, arguments: operands, dataType: .boolean, nullable: true) { inputs, count in
                var builder = ColumnBuilder(type: .boolean, capacity: count)
                forEachStringPair(inputs[0], inputs[1], count: count) { _, text, part in
                    guard let text, let part else { return builder.appendNull() }
                    builder.appendBit(test(text, part))
                }
                return builder.finish()
            }
        }
    }

    /// An int function of two strings, null when either is.
    private static func pairMeasure(_ name: String, _ operands: [any PhysicalExpr],
                                    _ measure: @escaping @Sendable (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Int32?) -> any PhysicalExpr {
        FunctionExpr(name: name, arguments: operands, dataType: .int32, nullable: true) { inputs, count in
            var builder = ColumnBuilder(type: .int32, capacity: count)
            forEachStringPair(inputs[0], inputs[1], count: count) { _, a, b in
                guard let a, let b, let value = measure(a, b) else { return builder.appendNull() }
                builder.appendFixed(value)
            }
            return builder.finish()
        }
    }

    /// instr(s, part): the position of the first `part` in `s`, or 0.
    private static let instr = ScalarFunction(name: "instr") { arguments, binder in
        try Arguments.expect("instr", arguments, count: 2...2)
        let operands = try Arguments.coerceAll("instr", arguments.prefix(2), to: .string, binder)
        return pairMeasure("instr", operands) { text, part in find(part, in: text, from: 0).map { characterPosition(text, byte: $0) } ?? 0 }
    }

    /// locate(part, s[, start]) / position: the position of the first `part` in `s` at or after
    /// character `start` (default 1), or 0 (also for start < 1).
    private static func locate(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...3)
            let operands = try Arguments.coerceAll(name, arguments.prefix(2), to: .string, binder)
            let start = arguments.count == 3 ? try Arguments.constantInt(name, arguments, 2) : 1
            guard let start else { return try LiteralExpr(.int32(0), type: .int32) }
            return pairMeasure(name, operands) { part, text in
                guard start >= 1 else { return 0 }
                // An empty part is found at once, as Spark's indexOf answers.
                if part.isEmpty { return 1 }
                return find(part, in: text, from: utf8ByteOffset(text, character: start - 1)).map { characterPosition(text, byte: $0) } ?? 0
            }
        }
    }

    /// find_in_set(s, list): the 1-based place of `s` in the comma-separated `list`, 0 when it is
    /// not there or `s` holds a comma.
    private static let findInSet = ScalarFunction(name: "find_in_set") { arguments, binder in
        try Arguments.expect("find_in_set", arguments, count: 2...2)
        let operands = try Arguments.coerceAll("find_in_set", arguments.prefix(2), to: .string, binder)
        return pairMeasure("find_in_set", operands) { word, list in
            guard !word.contains(UInt8(ascii: ",")) else { return 0 }
            var place: Int32 = 1, start = 0
            for end in 0...list.count where end == list.count || list[end] == UInt8(ascii: ",") {
                if end - start == word.count && (0..<word.count).allSatisfy({ list[start + $0] == word[$0] }) { return place }
                place += 1
                start = end + 1
            }
            return 0
        }
    }

    /// levenshtein(a, b[, threshold]): the edit distance in characters; -1 when above `threshold`.
    private static let levenshtein = ScalarFunction(name: "levenshtein") { arguments, binder in
        try Arguments.expect("levenshtein", arguments, count: 2...3)
        let operands = try Arguments.coerceAll("levenshtein", arguments.prefix(2), to: .string, binder)
        let threshold = arguments.count == 3 ? try Arguments.constantInt("levenshtein", arguments, 2) : nil
        return pairMeasure("levenshtein", operands) { a, b in
            let left = Array(String(decoding: a, as: UTF8.self).unicodeScalars), right = Array(String(decoding: b, as: UTF8.self).unicodeScalars)
            var previous = Array(0...right.count), current = previous
            for i in 1...max(1, left.count) where !left.isEmpty {
                current[0] = i
                for j in 1...max(1, right.count) where !right.isEmpty {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1))
                }
                swap(&previous, &current)
            }
            let distance = left.isEmpty ? right.count : previous[right.count]
            if let threshold, distance > threshold { return -1 }
            return Int32(distance)
        }
    }

    /// elt(n, s1, s2, ...): the n-th of the strings, null when n is out of range.
    private static let elt = ScalarFunction(name: "elt") { arguments, binder in
        try Arguments.expect("elt", arguments, count: 2...Int.max)
        let index = try Arguments.coerce("elt", arguments, 0, to: .int32, binder)
        guard let type = TypeCoercion.commonType(arguments.dropFirst().map(\.dataType)) else {
            throw DataFlowError(.analysis, "elt: the values have incompatible types \(arguments.dropFirst().map(\.dataType))")
        }
        let resultType = type == .null ? DataType.string : type
        let values = try arguments.dropFirst().map { try binder.coerce($0, to: resultType) }
        return FunctionExpr(name: "elt", arguments: [index] + values, dataType: resultType, nullable: true) { inputs, count in
            let columns = inputs.dropFirst().map { $0.materialize(count) }
            var choice = [Int32](repeating: -1, count: count)
            inputs[0].materialize(count).withValues(Int32.self) { indices, present in
                for i in 0..<count where present[i] && indices[i] >= 1 && Int(indices[i]) <= columns.count { choice[i] = indices[i] - 1 }
            }
            return interleave(Array(columns), choice: choice, type: resultType)
        }
    }

    /// s ILIKE pattern: LIKE with both sides lower-cased.
    private static let ilike = ScalarFunction(name: "ilike") { arguments, binder in
        try Arguments.expect("ilike", arguments, count: 2...2)
        let text = try Arguments.coerce("ilike", arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString("ilike", arguments, 1) else { return try LiteralExpr(.null, type: .boolean) }
        let matcher = try LikeMatcher(pattern: pattern.lowercased())
        return FunctionExpr(name: "ilike", arguments: [text], dataType: .boolean, nullable: text.nullable) { inputs, _ in
            testStrings(inputs[0].column) { bytes in
                var lowered = String(decoding: bytes, as: UTF8.self).lowercased()
                return lowered.withUTF8 { matcher.matches($0) }
            }
        }
    }

    /// A regular-expression function of a string and a constant pattern.
    private static func regexFunction(_ name: String, _ arguments: [any PhysicalExpr], _ binder: ExprBinder, count range: ClosedRange<Int>,
                                      _ make: @escaping @Sendable (NSRegularExpression, any PhysicalExpr) throws -> any PhysicalExpr) throws -> any PhysicalExpr {
        try Arguments.expect(name, arguments, count: range)
        let text = try Arguments.coerce(name, arguments, 0, to: .string, binder)
        guard let pattern = try Arguments.constantString(name, arguments, 1) else { return try LiteralExpr(.null, type: .string) }
        return try make(try StringFunctions.compile(name, pattern), text)
    }

    /// regexp_count(s, pattern): how many times the pattern matches.
    private static let regexpCount = ScalarFunction(name: "regexp_count") { arguments, binder in
        try regexFunction("regexp_count", arguments, binder, count: 2...2) { regex, text in
            FunctionExpr(name: "regexp_count", arguments: [text], dataType: .int32, nullable: text.nullable) { inputs, _ in
                measureStrings(inputs[0].column) { bytes in
                    let value = String(decoding: bytes, as: UTF8.self)
                    return Int32(regex.numberOfMatches(in: value, range: NSRange(value.startIndex..., in: value)))
                }
            }
        }
    }

    /// regexp_substr(s, pattern): the first match, null when there is none.
    private static let regexpSubstr = ScalarFunction(name: "regexp_substr") { arguments, binder in
        try regexFunction("regexp_substr", arguments, binder, count: 2...2) { regex, text in
            FunctionExpr(name: "regexp_substr", arguments: [text], dataType: .string, nullable: true) { inputs, _ in
                let column = inputs[0].column
                var builder = ColumnBuilder(type: .string, capacity: column.count)
                column.withBytes { offsets, data, present in
                    for i in 0..<column.count {
                        let value = present[i] ? String(decoding: stringBytes(offsets, data, i), as: UTF8.self) : ""
                        guard present[i], let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
                              let range = Range(match.range, in: value) else { builder.appendNull(); continue }
                        builder.appendString(String(value[range]))
                    }
                }
                return builder.finish()
            }
        }
    }

    /// regexp_instr(s, pattern[, group]): the position where the first match (or its group) starts, or 0.
    private static let regexpInstr = ScalarFunction(name: "regexp_instr") { arguments, binder in
        let group = arguments.count == 3 ? try Arguments.constantInt("regexp_instr", arguments, 2) ?? 0 : 0
        return try regexFunction("regexp_instr", arguments, binder, count: 2...3) { regex, text in
            guard group >= 0, group <= regex.numberOfCaptureGroups else {
                throw DataFlowError.invalidArgument("regexp_instr", "group \(group) does not exist (\(regex.numberOfCaptureGroups) groups)")
            }
            return FunctionExpr(name: "regexp_instr", arguments: [text], dataType: .int32, nullable: text.nullable) { inputs, _ in
                measureStrings(inputs[0].column) { bytes in
                    let value = String(decoding: bytes, as: UTF8.self)
                    guard let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
                          let range = Range(match.range(at: group), in: value) else { return 0 }
                    return Int32(value.unicodeScalars[..<range.lowerBound].count) + 1
                }
            }
        }
    }

    /// luhn_check(s): whether `s` is a non-empty string of digits passing the Luhn checksum.
    private static let luhnCheck = ScalarFunction(name: "luhn_check") { arguments, binder in
        try Arguments.expect("luhn_check", arguments, count: 1...1)
        let text = try Arguments.coerce("luhn_check", arguments, 0, to: .string, binder)
        return FunctionExpr(name: "luhn_check", arguments: [text], dataType: .boolean, nullable: text.nullable) { inputs, _ in
            testStrings(inputs[0].column) { bytes in
                guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
                var sum = 0
                for (position, byte) in bytes.reversed().enumerated() {
                    let digit = Int(byte - 0x30)
                    sum += position % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
                }
                return sum % 10 == 0
            }
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// Whether `right` occurs in `left`.
    public static func contains(_ left: some ColumnOrName, _ right: some ColumnOrName) -> Expr { call("contains", left, right) }
    /// Whether `text` starts with `prefix`.
    public static func startsWith(_ text: some ColumnOrName, _ prefix: some ColumnOrName) -> Expr { call("startswith", text, prefix) }
    /// Whether `text` ends with `suffix`.
    public static func endsWith(_ text: some ColumnOrName, _ suffix: some ColumnOrName) -> Expr { call("endswith", text, suffix) }
    /// The 1-based position of the first `substring`, or 0.
    public static func instr(_ e: some ColumnOrName, _ substring: String) -> Expr { Expr(.function(name: "instr", arguments: [e.columnExpr, lit(substring)])) }
    /// The 1-based position of the first `substring` at or after character `position`, or 0.
    public static func locate(_ substring: String, _ e: some ColumnOrName, _ position: Int = 1) -> Expr {
        Expr(.function(name: "locate", arguments: [lit(substring), e.columnExpr, lit(position)]))
    }
    /// The 1-based place of `e` in the comma-separated `list`, or 0.
    public static func findInSet(_ e: some ColumnOrName, _ list: some ColumnOrName) -> Expr { call("find_in_set", e, list) }
    /// The edit distance in characters (-1 above `threshold`).
    public static func levenshtein(_ left: some ColumnOrName, _ right: some ColumnOrName, threshold: Int? = nil) -> Expr {
        Expr(.function(name: "levenshtein", arguments: [left.columnExpr, right.columnExpr] + (threshold.map { [lit($0)] } ?? [])))
    }
    /// The `index`-th (1-based) of `values`, null out of range.
    public static func elt(_ index: some ColumnOrName, _ values: any ColumnOrName...) -> Expr {
        Expr(.function(name: "elt", arguments: [index.columnExpr] + values.map(\.columnExpr)))
    }
    /// How many times the regular expression matches.
    public static func regexpCount(_ e: some ColumnOrName, _ pattern: String) -> Expr { Expr(.function(name: "regexp_count", arguments: [e.columnExpr, lit(pattern)])) }
    /// The first match of the regular expression, or null.
    public static func regexpSubstr(_ e: some ColumnOrName, _ pattern: String) -> Expr { Expr(.function(name: "regexp_substr", arguments: [e.columnExpr, lit(pattern)])) }
    /// The 1-based position where the first match (or its `group`) starts, or 0.
    public static func regexpInstr(_ e: some ColumnOrName, _ pattern: String, _ group: Int = 0) -> Expr {
        Expr(.function(name: "regexp_instr", arguments: [e.columnExpr, lit(pattern), lit(group)]))
    }
    /// Whether the digits pass the Luhn checksum.
    public static func luhnCheck(_ e: some ColumnOrName) -> Expr { call("luhn_check", e) }
}

extension Expr {
    /// Whether `value` occurs in the string.
    public func contains(_ value: String) -> Expr { Expr.call("contains", self, lit(value)) }
    /// Whether the string starts with `prefix`.
    public func startsWith(_ prefix: String) -> Expr { Expr.call("startswith", self, lit(prefix)) }
    /// Whether the string ends with `suffix`.
    public func endsWith(_ suffix: String) -> Expr { Expr.call("endswith", self, lit(suffix)) }
    /// Case-insensitive LIKE.
    public func ilike(_ pattern: String) -> Expr { Expr(.function(name: "ilike", arguments: [self, lit(pattern)])) }
    /// Whether the Java-style regular expression matches anywhere in the string.
    public func rlike(_ pattern: String) -> Expr { Expr(.function(name: "rlike", arguments: [self, lit(pattern)])) }
}
