/// String functions that reshape text, by Spark's names and semantics, counting in characters
/// (Unicode scalars): trim, ltrim, rtrim, btrim (spaces, or the characters given), lpad, rpad,
/// repeat, reverse, initcap, translate, left, right, overlay, substring_index, split_part, mask,
/// chr/char, ascii, soundex, bit_length, octet_length, base64, unbase64, quote.
enum StringShapeFunctions {
    static let all: [ScalarFunction] = [
        trimming("trim", leading: true, trailing: true), trimming("btrim", leading: true, trailing: true),
        trimming("ltrim", leading: true, trailing: false), trimming("rtrim", leading: false, trailing: true),
        padding("lpad", left: true), padding("rpad", left: false), repeatString, reverse, initcap, translate,
        side("left", fromEnd: false), side("right", fromEnd: true), overlay, substringIndex, splitPart, mask,
        chr("chr"), chr("char"), ascii, soundex,
        byteLength("bit_length", bits: 8), byteLength("octet_length", bits: 1), base64, unbase64, quote,
    ]

    /// quote(s): s in single quotes, each single quote in it preceded by a backslash.
    private static let quote = ScalarFunction(name: "quote") { arguments, binder in
        try Arguments.expect("quote", arguments, count: 1...1)
        return stringFunction("quote", try text("quote", arguments, binder)) { bytes, builder in
            var quoted = [UInt8(ascii: "'")]
            quoted.reserveCapacity(bytes.count + 2)
            for byte in bytes {
                if byte == UInt8(ascii: "'") { quoted.append(UInt8(ascii: "\\")) }
                quoted.append(byte)
            }
            quoted.append(UInt8(ascii: "'"))
            quoted.withUnsafeBytes { builder.appendBytes($0) }
        }
    }

    /// The string argument `index`, cast to string.
    private static func text(_ name: String, _ arguments: [any PhysicalExpr], _ binder: ExprBinder, _ index: Int = 0) throws -> any PhysicalExpr {
        try Arguments.coerce(name, arguments, index, to: .string, binder)
    }

    /// A string-to-string function of the first argument.
    private static func stringFunction(_ name: String, _ argument: any PhysicalExpr,
                                       _ transform: @escaping @Sendable (UnsafeBufferPointer<UInt8>, inout ColumnBuilder) -> Void) -> any PhysicalExpr {
        FunctionExpr(name: name, arguments: [argument], dataType: .string, nullable: argument.nullable) { inputs, _ in
            mapStrings(inputs[0].column, transform)
        }
    }

    /// Appends the characters `range` of `bytes` (character ranges from `utf8Characters`).
    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ characters: [Range<Int>], _ range: Range<Int>, to builder: inout ColumnBuilder) {
        guard !range.isEmpty else { return builder.appendBytes(UnsafeRawBufferPointer(start: nil, count: 0)) }
        builder.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[characters[range.lowerBound].lowerBound..<characters[range.upperBound - 1].upperBound]))
    }

    /// trim/btrim, ltrim, rtrim(s[, characters]): spaces removed (Spark trims nothing else), or
    /// every character of `characters`.
    private static func trimming(_ name: String, leading: Bool, trailing: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...2)
            let argument = try text(name, arguments, binder)
            let set = arguments.count == 2 ? try Arguments.constantString(name, arguments, 1) : " "
            guard let set else { return try LiteralExpr(.null, type: .string) }
            let characters = set.unicodeScalars.map { Array(String($0).utf8) }
            return stringFunction(name, argument) { bytes, builder in
                func matchLength(at position: Int) -> Int? {
                    characters.first { character in
                        position + character.count <= bytes.count && character.indices.allSatisfy { bytes[position + $0] == character[$0] }
                    }?.count
                }
                func matchLength(endingAt end: Int) -> Int? {
                    characters.first { character in
                        end - character.count >= 0 && character.indices.allSatisfy { bytes[end - character.count + $0] == character[$0] }
                    }?.count
                }
                var start = 0, end = bytes.count
                if leading { while start < end, let length = matchLength(at: start) { start += length } }
                if trailing { while end > start, let length = matchLength(endingAt: end) { end -= length } }
                builder.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<end]))
            }
        }
    }

    /// lpad / rpad(s, length[, pad]): `s` cut or padded with `pad` (default a space) to `length`
    /// characters; with an empty `pad` only cut.
    private static func padding(_ name: String, left: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...3)
            let argument = try text(name, arguments, binder)
            guard let length = try Arguments.constantInt(name, arguments, 1) else { return try LiteralExpr(.null, type: .string) }
            let pad = arguments.count == 3 ? try Arguments.constantString(name, arguments, 2) : " "
            guard let pad else { return try LiteralExpr(.null, type: .string) }
            let padCharacters = pad.unicodeScalars.map { Array(String($0).utf8) }
            return stringFunction(name, argument) { bytes, builder in
                let characters = utf8Characters(bytes)
                let missing = length - characters.count
                guard missing > 0, !padCharacters.isEmpty else { return append(bytes, characters, 0..<max(0, min(length, characters.count)), to: &builder) }
                var output: [UInt8] = []
                if !left { output.append(contentsOf: bytes) }
                for index in 0..<missing { output.append(contentsOf: padCharacters[index % padCharacters.count]) }
                if left { output.append(contentsOf: bytes) }
                output.withUnsafeBytes { builder.appendBytes($0) }
            }
        }
    }

    /// repeat(s, n): `s` n times ("" for n <= 0).
    private static let repeatString = ScalarFunction(name: "repeat") { arguments, binder in
        try Arguments.expect("repeat", arguments, count: 2...2)
        let argument = try text("repeat", arguments, binder)
        guard let times = try Arguments.constantInt("repeat", arguments, 1) else { return try LiteralExpr(.null, type: .string) }
        return stringFunction("repeat", argument) { bytes, builder in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count * max(0, times))
            for _ in 0..<max(0, times) { output.append(contentsOf: bytes) }
            output.withUnsafeBytes { builder.appendBytes($0) }
        }
    }

    /// reverse(s): the characters in reverse order.
    private static let reverse = ScalarFunction(name: "reverse") { arguments, binder in
        try Arguments.expect("reverse", arguments, count: 1...1)
        return stringFunction("reverse", try text("reverse", arguments, binder)) { bytes, builder in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            for character in utf8Characters(bytes).reversed() { output.append(contentsOf: bytes[character]) }
            output.withUnsafeBytes { builder.appendBytes($0) }
        }
    }

    /// initcap(s): lower-cased, then each character at the start or after a space upper-cased.
    private static let initcap = ScalarFunction(name: "initcap") { arguments, binder in
        try Arguments.expect("initcap", arguments, count: 1...1)
        return stringFunction("initcap", try text("initcap", arguments, binder)) { bytes, builder in
            var output = ""
            var afterSpace = true
            for scalar in String(decoding: bytes, as: UTF8.self).lowercased().unicodeScalars {
                output += afterSpace ? scalar.properties.titlecaseMapping : String(scalar)
                afterSpace = scalar == " "
            }
            builder.appendString(output)
        }
    }

    /// translate(s, from, to): each character of `from` replaced by the one at its place in `to`, or
    /// removed when `to` is shorter (the first occurrence in `from` counts).
    private static let translate = ScalarFunction(name: "translate") { arguments, binder in
        try Arguments.expect("translate", arguments, count: 3...3)
        let argument = try text("translate", arguments, binder)
        guard let from = try Arguments.constantString("translate", arguments, 1), let to = try Arguments.constantString("translate", arguments, 2) else {
            return try LiteralExpr(.null, type: .string)
        }
        let targets = Array(to.unicodeScalars)
        var table: [Unicode.Scalar: Unicode.Scalar?] = [:]
        for (index, scalar) in from.unicodeScalars.enumerated() where table[scalar] == nil {
            table[scalar] = index < targets.count ? .some(targets[index]) : .some(nil)
        }
        let mapping = table
        return stringFunction("translate", argument) { bytes, builder in
            var output = String.UnicodeScalarView()
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                if let replacement = mapping[scalar] {
                    if let replacement { output.append(replacement) }
                } else {
                    output.append(scalar)
                }
            }
            builder.appendString(String(output))
        }
    }

    /// left(s, n) / right(s, n): the first or last `n` characters ("" for n <= 0).
    private static func side(_ name: String, fromEnd: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let argument = try text(name, arguments, binder)
            guard let count = try Arguments.constantInt(name, arguments, 1) else { return try LiteralExpr(.null, type: .string) }
            return stringFunction(name, argument) { bytes, builder in
                let characters = utf8Characters(bytes)
                let taken = max(0, min(count, characters.count))
                append(bytes, characters, fromEnd ? (characters.count - taken)..<characters.count : 0..<taken, to: &builder)
            }
        }
    }

    /// overlay(s, replacement, position[, length]): the `length` characters (default: as many as
    /// `replacement` has) from 1-based `position` replaced, as Spark's substring arithmetic places them.
    private static let overlay = ScalarFunction(name: "overlay") { arguments, binder in
        try Arguments.expect("overlay", arguments, count: 3...4)
        let input = try text("overlay", arguments, binder), replacement = try text("overlay", arguments, binder, 1)
        guard let position = try Arguments.constantInt("overlay", arguments, 2) else { return try LiteralExpr(.null, type: .string) }
        let length = arguments.count == 4 ? try Arguments.constantInt("overlay", arguments, 3) : -1
        guard let length else { return try LiteralExpr(.null, type: .string) }
        return FunctionExpr(name: "overlay", arguments: [input, replacement], dataType: .string, nullable: true) { inputs, count in
            var builder = ColumnBuilder(type: .string, capacity: count)
            forEachStringPair(inputs[0], inputs[1], count: count) { _, text, replacement in
                guard let text, let replacement else { return builder.appendNull() }
                let characters = utf8Characters(text)
                let replaced = length >= 0 ? length : utf8CharacterCount(replacement)
                var output: [UInt8] = []
                let head = sparkSubstring(characters.count, position: 1, length: position - 1)
                let tail = sparkSubstring(characters.count, position: position + replaced, length: Int(Int32.max))
                if !head.isEmpty { output.append(contentsOf: text[characters[head.lowerBound].lowerBound..<characters[head.upperBound - 1].upperBound]) }
                output.append(contentsOf: replacement)
                if !tail.isEmpty { output.append(contentsOf: text[characters[tail.lowerBound].lowerBound..<characters[tail.upperBound - 1].upperBound]) }
                output.withUnsafeBytes { builder.appendBytes($0) }
            }
            return builder.finish()
        }
    }

    /// substring_index(s, delimiter, count): what comes before the `count`-th delimiter (counting
    /// from the end, and what comes after it, for a negative count); all of `s` when there are
    /// fewer; "" for count 0 or an empty delimiter.
    private static let substringIndex = ScalarFunction(name: "substring_index") { arguments, binder in
        try Arguments.expect("substring_index", arguments, count: 3...3)
        let argument = try text("substring_index", arguments, binder)
        guard let delimiter = try Arguments.constantString("substring_index", arguments, 1),
              let count = try Arguments.constantInt("substring_index", arguments, 2) else { return try LiteralExpr(.null, type: .string) }
        let needle = Array(delimiter.utf8)
        return stringFunction("substring_index", argument) { bytes, builder in
            func matches(at position: Int) -> Bool {
                position >= 0 && position + needle.count <= bytes.count && needle.indices.allSatisfy { bytes[position + $0] == needle[$0] }
            }
            guard !needle.isEmpty, count != 0 else { return builder.appendBytes(UnsafeRawBufferPointer(start: nil, count: 0)) }
            let whole = UnsafeRawBufferPointer(bytes)
            if count > 0 {
                var found = -1, remaining = count
                while remaining > 0 {
                    guard let next = ((found + 1)..<max(found + 1, bytes.count)).first(where: matches) else { return builder.appendBytes(whole) }
                    found = next
                    remaining -= 1
                }
                builder.appendBytes(UnsafeRawBufferPointer(rebasing: whole[0..<found]))
            } else {
                var found = bytes.count - needle.count + 1, remaining = -count
                while remaining > 0 {
                    guard let next = stride(from: found - 1, through: 0, by: -1).first(where: matches) else { return builder.appendBytes(whole) }
                    found = next
                    remaining -= 1
                }
                builder.appendBytes(UnsafeRawBufferPointer(rebasing: whole[(found + needle.count)...]))
            }
        }
    }

    /// split_part(s, delimiter, n): the n-th part (from the end for a negative n) of `s` split at
    /// each delimiter, "" past the last; an empty delimiter leaves `s` whole.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for n = 0: parts count from 1.
    private static let splitPart = ScalarFunction(name: "split_part") { arguments, binder in
        try Arguments.expect("split_part", arguments, count: 3...3)
        let argument = try text("split_part", arguments, binder)
        guard let delimiter = try Arguments.constantString("split_part", arguments, 1),
              let part = try Arguments.constantInt("split_part", arguments, 2) else { return try LiteralExpr(.null, type: .string) }
        guard part != 0 else { throw DataFlowError.invalidArgument("split_part", "the part number must not be 0: parts count from 1") }
        let needle = Array(delimiter.utf8)
        return stringFunction("split_part", argument) { bytes, builder in
            var parts: [Range<Int>] = []
            var start = 0
            needle.withUnsafeBufferPointer { needle in
                while !needle.isEmpty, let found = firstOccurrence(of: needle, in: bytes, from: start, before: bytes.count) {
                    parts.append(start..<found)
                    start = found + needle.count
                }
            }
            parts.append(start..<bytes.count)
            let index = part > 0 ? part - 1 : parts.count + part
            guard parts.indices.contains(index) else { return builder.appendBytes(UnsafeRawBufferPointer(start: nil, count: 0)) }
            builder.appendBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[parts[index]]))
        }
    }

    /// mask(s[, upper, lower, digit, other]): upper-case letters as `upper` (default 'X'),
    /// lower-case as `lower` ('x'), digits as `digit` ('n'), others as `other` (default: kept); a
    /// null replacement keeps those characters.
    private static let mask = ScalarFunction(name: "mask") { arguments, binder in
        try Arguments.expect("mask", arguments, count: 1...5)
        let argument = try text("mask", arguments, binder)
        let defaults: [String?] = ["X", "x", "n", nil]
        let replacements = try (0..<4).map { index -> Unicode.Scalar? in
            let value = index + 1 < arguments.count ? try Arguments.constantString("mask", arguments, index + 1) : defaults[index]
            return value?.unicodeScalars.first
        }
        return stringFunction("mask", argument) { bytes, builder in
            var output = String.UnicodeScalarView()
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                let properties = scalar.properties
                let kind = properties.isUppercase ? 0 : properties.isLowercase ? 1 : properties.numericType == .decimal ? 2 : 3
                output.append(replacements[kind] ?? scalar)
            }
            builder.appendString(String(output))
        }
    }

    /// chr(n) / char(n): the character whose code is n modulo 256 ("" for a negative n).
    private static func chr(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let argument = try Arguments.coerce(name, arguments, 0, to: .int64, binder)
            return FunctionExpr(name: name, arguments: [argument], dataType: .string, nullable: argument.nullable) { inputs, _ in
                let column = inputs[0].column
                var builder = ColumnBuilder(type: .string, capacity: column.count)
                column.withValues(Int64.self) { values, present in
                    for i in 0..<column.count {
                        guard present[i] else { builder.appendNull(); continue }
                        builder.appendString(values[i] < 0 ? "" : String(Unicode.Scalar(UInt8(truncatingIfNeeded: values[i]))))
                    }
                }
                return builder.finish()
            }
        }
    }

    /// ascii(s): the code of the first character (0 for "").
    private static let ascii = ScalarFunction(name: "ascii") { arguments, binder in
        try Arguments.expect("ascii", arguments, count: 1...1)
        let argument = try text("ascii", arguments, binder)
        return FunctionExpr(name: "ascii", arguments: [argument], dataType: .int32, nullable: argument.nullable) { inputs, _ in
            measureStrings(inputs[0].column) { bytes in
                Int32(String(decoding: bytes.prefix(4), as: UTF8.self).unicodeScalars.first.map { $0.value } ?? 0)
            }
        }
    }

    /// soundex(s): the American Soundex code of an ASCII-letter-led string (Spark's: other strings
    /// come back unchanged).
    private static let soundex = ScalarFunction(name: "soundex") { arguments, binder in
        try Arguments.expect("soundex", arguments, count: 1...1)
        let codes = Array("01230127022455012623017202".utf8)
        return stringFunction("soundex", try text("soundex", arguments, binder)) { bytes, builder in
            func letter(_ byte: UInt8) -> UInt8? {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - 32
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte
                default: return nil
                }
            }
            guard let first = bytes.first.flatMap(letter) else { return builder.appendBytes(UnsafeRawBufferPointer(bytes)) }
            var code: [UInt8] = [first, 0x30, 0x30, 0x30]
            var filled = 1, last = codes[Int(first - UInt8(ascii: "A"))]
            for byte in bytes.dropFirst() {
                guard let upper = letter(byte) else { last = UInt8(ascii: "0"); continue }
                let next = codes[Int(upper - UInt8(ascii: "A"))]
                if next == UInt8(ascii: "7") { continue }
                if next != UInt8(ascii: "0") && next != last {
                    code[filled] = next
                    filled += 1
                    if filled > 3 { break }
                }
                last = next
            }
            code.withUnsafeBytes { builder.appendBytes($0) }
        }
    }

    /// bit_length(s) / octet_length(s): the size of the UTF-8 bytes (or binary) in bits or bytes.
    private static func byteLength(_ name: String, bits: Int32) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let argument = arguments[0].dataType == .binary ? arguments[0] : try text(name, arguments, binder)
            return FunctionExpr(name: name, arguments: [argument], dataType: .int32, nullable: argument.nullable) { inputs, _ in
                measureStrings(inputs[0].column) { Int32($0.count) * bits }
            }
        }
    }

    /// The base64 alphabet.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// base64(b): the bytes (of a string: its UTF-8) in base64, in lines of 76 characters separated
    /// by CRLF, as Java's MIME encoder writes them (Spark's default).
    private static let base64 = ScalarFunction(name: "base64") { arguments, binder in
        try Arguments.expect("base64", arguments, count: 1...1)
        let argument = arguments[0].dataType == .binary ? arguments[0] : try text("base64", arguments, binder)
        return stringFunction("base64", argument) { bytes, builder in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count * 4 / 3 + 4)
            var index = 0
            while index < bytes.count {
                if index > 0 && index % 57 == 0 { output.append(contentsOf: [0x0D, 0x0A]) }
                let chunk = bytes[index..<min(index + 3, bytes.count)]
                let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
                for position in 0..<4 {
                    output.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)] : UInt8(ascii: "="))
                }
                index += 3
            }
            output.withUnsafeBytes { builder.appendBytes($0) }
        }
    }

    /// unbase64(s): the bytes of base64 text, characters outside the alphabet skipped (line breaks)
    /// and reading stopped at '=', as Java's MIME decoder; null when the text ends mid-byte.
    private static let unbase64 = ScalarFunction(name: "unbase64") { arguments, binder in
        try Arguments.expect("unbase64", arguments, count: 1...1)
        let values = (0..<256).map { byte in alphabet.firstIndex(of: UInt8(byte)).map(UInt8.init) ?? 0xFF }
        let argument = try text("unbase64", arguments, binder)
        return FunctionExpr(name: "unbase64", arguments: [argument], dataType: .binary, nullable: true) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .binary, capacity: column.count)
            var output: [UInt8] = []
            column.withBytes { offsets, data, present in
                for i in 0..<column.count {
                    guard present[i] else { builder.appendNull(); continue }
                    output.removeAll(keepingCapacity: true)
                    var accumulator: UInt32 = 0, bits = 0
                    for byte in stringBytes(offsets, data, i) {
                        if byte == UInt8(ascii: "=") { break }
                        let value = values[Int(byte)]
                        guard value != 0xFF else { continue }
                        accumulator = accumulator << 6 | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                        }
                    }
                    if bits >= 6 { builder.appendNull() } else { output.withUnsafeBytes { builder.appendBytes($0) } }
                }
            }
            return builder.finish()
        }
    }
}

/// The characters Spark's `substring(s, position, length)` takes of a string of `count`
/// characters: 1-based, position 0 as 1, a negative position counting from the end, clipped.
func sparkSubstring(_ count: Int, position: Int, length: Int) -> Range<Int> {
    let start = position > 0 ? position - 1 : (position < 0 ? count + position : 0)
    let end = length <= 0 ? start : (start > Int.max - length ? Int.max : start + length)
    let from = max(start, 0), to = min(max(end, 0), count)
    return from < to ? from..<to : 0..<0
}

extension ColumnOrName where Self == Expr {
    /// The characters of `characters` removed from both ends.
    public static func trim(_ e: some ColumnOrName, _ characters: String) -> Expr { Expr(.function(name: "trim", arguments: [e.columnExpr, lit(characters)])) }
    /// The characters of `characters` removed from the start.
    public static func ltrim(_ e: some ColumnOrName, _ characters: String) -> Expr { Expr(.function(name: "ltrim", arguments: [e.columnExpr, lit(characters)])) }
    /// The characters of `characters` removed from the end.
    public static func rtrim(_ e: some ColumnOrName, _ characters: String) -> Expr { Expr(.function(name: "rtrim", arguments: [e.columnExpr, lit(characters)])) }
    /// Spaces (or the characters of `characters`) removed from both ends.
    public static func btrim(_ e: some ColumnOrName, _ characters: String = " ") -> Expr { Expr(.function(name: "btrim", arguments: [e.columnExpr, lit(characters)])) }
    /// Cut or padded on the left with `pad` to `length` characters.
    public static func lpad(_ e: some ColumnOrName, _ length: Int, _ pad: String = " ") -> Expr { Expr(.function(name: "lpad", arguments: [e.columnExpr, lit(length), lit(pad)])) }
    /// Cut or padded on the right with `pad` to `length` characters.
    public static func rpad(_ e: some ColumnOrName, _ length: Int, _ pad: String = " ") -> Expr { Expr(.function(name: "rpad", arguments: [e.columnExpr, lit(length), lit(pad)])) }
    /// The string `times` times over.
    public static func `repeat`(_ e: some ColumnOrName, _ times: Int) -> Expr { Expr(.function(name: "repeat", arguments: [e.columnExpr, lit(times)])) }
    /// The characters in reverse order.
    public static func reverse(_ e: some ColumnOrName) -> Expr { call("reverse", e) }
    /// Each word's first letter upper-cased, the rest lower-cased.
    public static func initcap(_ e: some ColumnOrName) -> Expr { call("initcap", e) }
    /// Each character of `from` replaced by the one at its place in `to` (removed past its end).
    public static func translate(_ e: some ColumnOrName, _ from: String, _ to: String) -> Expr {
        Expr(.function(name: "translate", arguments: [e.columnExpr, lit(from), lit(to)]))
    }
    /// The first `count` characters.
    public static func left(_ e: some ColumnOrName, _ count: Int) -> Expr { Expr(.function(name: "left", arguments: [e.columnExpr, lit(count)])) }
    /// The last `count` characters.
    public static func right(_ e: some ColumnOrName, _ count: Int) -> Expr { Expr(.function(name: "right", arguments: [e.columnExpr, lit(count)])) }
    /// `replacement` in place of `length` characters (default: its own length) from 1-based `position`.
    public static func overlay(_ e: some ColumnOrName, _ replacement: some ColumnOrName, _ position: Int, _ length: Int = -1) -> Expr {
        Expr(.function(name: "overlay", arguments: [e.columnExpr, replacement.columnExpr, lit(position), lit(length)]))
    }
    /// What comes before the `count`-th `delimiter` (after it, counting from the end, for a negative count).
    public static func substringIndex(_ e: some ColumnOrName, _ delimiter: String, _ count: Int) -> Expr {
        Expr(.function(name: "substring_index", arguments: [e.columnExpr, lit(delimiter), lit(count)]))
    }
    /// The `part`-th piece (from the end when negative) of the string split at `delimiter`.
    public static func splitPart(_ e: some ColumnOrName, _ delimiter: String, _ part: Int) -> Expr {
        Expr(.function(name: "split_part", arguments: [e.columnExpr, lit(delimiter), lit(part)]))
    }
    /// Letters and digits masked: upper-case as `upper`, lower-case as `lower`, digits as `digit`,
    /// others as `other` (nil keeps them).
    public static func mask(_ e: some ColumnOrName, upper: String? = "X", lower: String? = "x", digit: String? = "n", other: String? = nil) -> Expr {
        let replacement = { (value: String?) in value.map(lit) ?? nullLiteral(.string) }
        return Expr(.function(name: "mask", arguments: [e.columnExpr, replacement(upper), replacement(lower), replacement(digit), replacement(other)]))
    }
    /// The character whose code is the value modulo 256.
    public static func chr(_ e: some ColumnOrName) -> Expr { call("chr", e) }
    /// The code of the first character.
    public static func ascii(_ e: some ColumnOrName) -> Expr { call("ascii", e) }
    /// The American Soundex code.
    public static func soundex(_ e: some ColumnOrName) -> Expr { call("soundex", e) }
    /// The size of the UTF-8 bytes in bits.
    public static func bitLength(_ e: some ColumnOrName) -> Expr { call("bit_length", e) }
    /// The size of the UTF-8 bytes.
    public static func octetLength(_ e: some ColumnOrName) -> Expr { call("octet_length", e) }
    /// The bytes in base64.
    public static func base64(_ e: some ColumnOrName) -> Expr { call("base64", e) }
    /// The bytes of base64 text.
    public static func unbase64(_ e: some ColumnOrName) -> Expr { call("unbase64", e) }
    /// The text in single quotes, each single quote in it preceded by a backslash.
    public static func quote(_ e: some ColumnOrName) -> Expr { call("quote", e) }
}
