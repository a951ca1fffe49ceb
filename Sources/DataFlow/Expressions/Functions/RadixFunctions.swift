/// Numbers and bytes written in other bases, by Spark's names: hex, unhex, bin, conv.
enum RadixFunctions {
    static let all: [ScalarFunction] = [hex, unhex, bin, conv]

    /// Upper-case digits, as Spark writes them.
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// hex(x): an integer's unsigned 64-bit value in upper-case hexadecimal (other numbers cast to
    /// long first), or a string's or binary's bytes two digits each.
    private static let hex = ScalarFunction(name: "hex") { arguments, binder in
        try Arguments.expect("hex", arguments, count: 1...1)
        let argument = arguments[0]
        if argument.dataType == .string || argument.dataType == .binary {
            return FunctionExpr(name: "hex", arguments: [argument], dataType: .string, nullable: argument.nullable) { inputs, _ in
                mapStrings(inputs[0].column) { bytes, builder in
                    var text = [UInt8](repeating: 0, count: bytes.count * 2)
                    for (index, byte) in bytes.enumerated() {
                        text[2 * index] = digits[Int(byte >> 4)]
                        text[2 * index + 1] = digits[Int(byte & 0xF)]
                    }
                    text.withUnsafeBytes { builder.appendBytes($0) }
                }
            }
        }
        return try unsignedDigits("hex", arguments, radix: 16, binder)
    }

    /// bin(x): the long's unsigned 64-bit value in binary.
    private static let bin = ScalarFunction(name: "bin") { arguments, binder in
        try Arguments.expect("bin", arguments, count: 1...1)
        return try unsignedDigits("bin", arguments, radix: 2, binder)
    }

    /// The argument cast to long, written as an unsigned 64-bit number in `radix`.
    private static func unsignedDigits(_ name: String, _ arguments: [any PhysicalExpr], radix: UInt64, _ binder: ExprBinder) throws -> any PhysicalExpr {
        guard arguments[0].dataType.isNumeric || arguments[0].dataType == .null else {
            throw DataFlowError(.analysis, "\(name) needs a number, a string or bytes, found \(arguments[0].dataType)")
        }
        let argument = try Arguments.coerce(name, arguments, 0, to: .int64, binder)
        return FunctionExpr(name: name, arguments: [argument], dataType: .string, nullable: argument.nullable) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .string, capacity: column.count)
            var text = [UInt8](repeating: 0, count: 64)
            column.withValues(Int64.self) { values, present in
                for i in 0..<column.count {
                    guard present[i] else { builder.appendNull(); continue }
                    let start = write(UInt64(bitPattern: values[i]), radix: radix, into: &text)
                    text[start...].withUnsafeBytes { builder.appendBytes($0) }
                }
            }
            return builder.finish()
        }
    }

    /// Writes `value` in `radix` at the end of `text` (64 bytes); returns where the digits start.
    private static func write(_ value: UInt64, radix: UInt64, into text: inout [UInt8]) -> Int {
        var position = text.count, rest = value
        repeat {
            position -= 1
            text[position] = digits[Int(rest % radix)]
            rest /= radix
        } while rest != 0
        return position
    }

    /// unhex(s): the bytes of hexadecimal text (an odd count of digits reads the first alone); null
    /// when any character is not a hexadecimal digit.
    private static let unhex = ScalarFunction(name: "unhex") { arguments, binder in
        try Arguments.expect("unhex", arguments, count: 1...1)
        let argument = try Arguments.coerce("unhex", arguments, 0, to: .string, binder)
        return FunctionExpr(name: "unhex", arguments: [argument], dataType: .binary, nullable: true) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .binary, capacity: column.count)
            var bytes: [UInt8] = []
            column.withBytes { offsets, data, present in
                rows: for i in 0..<column.count {
                    guard present[i] else { builder.appendNull(); continue }
                    let text = stringBytes(offsets, data, i)
                    bytes.removeAll(keepingCapacity: true)
                    var index = 0
                    if text.count % 2 == 1 {
                        guard let digit = digitValue(text[0], radix: 16) else { builder.appendNull(); continue rows }
                        bytes.append(UInt8(digit))
                        index = 1
                    }
                    while index < text.count {
                        guard let high = digitValue(text[index], radix: 16), let low = digitValue(text[index + 1], radix: 16) else {
                            builder.appendNull()
                            continue rows
                        }
                        bytes.append(UInt8(high << 4 | low))
                        index += 2
                    }
                    bytes.withUnsafeBytes { builder.appendBytes($0) }
                }
            }
            return builder.finish()
        }
    }

    /// The value of an ASCII digit or letter in `radix`, or nil.
    private static func digitValue(_ byte: UInt8, radix: UInt64) -> UInt64? {
        let value: UInt64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt64(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt64(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    /// conv(s, from, to), as Spark's: the text (spaces trimmed, an optional leading '-') read in base
    /// `from` up to its first character that is not a digit there, as an unsigned 64-bit number
    /// (all ones on overflow); written in base |to|, unsigned for a positive `to` (a '-' then
    /// negates in 64 bits), signed for a negative one. Null for bases outside 2...36 or empty text.
    private static let conv = ScalarFunction(name: "conv") { arguments, binder in
        try Arguments.expect("conv", arguments, count: 3...3)
        let text = try Arguments.coerce("conv", arguments, 0, to: .string, binder)
        guard let from = try Arguments.constantInt("conv", arguments, 1), let to = try Arguments.constantInt("conv", arguments, 2),
              (2...36).contains(from), (2...36).contains(abs(to)) else {
            return try LiteralExpr(.null, type: .string)
        }
        return FunctionExpr(name: "conv", arguments: [text], dataType: .string, nullable: true) { inputs, _ in
            let column = inputs[0].column
            var builder = ColumnBuilder(type: .string, capacity: column.count)
            var output = [UInt8](repeating: 0, count: 65)
            column.withBytes { offsets, data, present in
                for i in 0..<column.count {
                    guard present[i], let converted = convert(stringBytes(offsets, data, i), from: UInt64(from), to: to, into: &output) else {
                        builder.appendNull()
                        continue
                    }
                    output[converted...].withUnsafeBytes { builder.appendBytes($0) }
                }
            }
            return builder.finish()
        }
    }

    /// One conversion of `conv` into the end of `output` (65 bytes); where the text starts, or nil.
    private static func convert(_ text: UnsafeBufferPointer<UInt8>, from: UInt64, to: Int, into output: inout [UInt8]) -> Int? {
        var start = 0, end = text.count
        while start < end && text[start] == 0x20 { start += 1 }
        while end > start && text[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        var negative = text[start] == UInt8(ascii: "-")
        var value: UInt64 = 0
        for byte in text[(negative ? start + 1 : start)..<end] {
            guard let digit = digitValue(byte, radix: from) else { break }
            let (product, overflowA) = value.multipliedReportingOverflow(by: from)
            let (sum, overflowB) = product.addingReportingOverflow(digit)
            if overflowA || overflowB {
                value = .max
                break
            }
            value = sum
        }
        if negative && to > 0 { value = Int64(bitPattern: value) < 0 ? .max : 0 &- value }
        if to < 0 && Int64(bitPattern: value) < 0 {
            value = 0 &- value
            negative = true
        }
        var position = write(value, radix: UInt64(abs(to)), into: &output)
        if negative && to < 0 {
            position -= 1
            output[position] = UInt8(ascii: "-")
        }
        return position
    }
}

extension ColumnOrName where Self == Expr {
    /// Hexadecimal text: of an integer's 64 bits, or of a string's or binary's bytes.
    public static func hex(_ e: some ColumnOrName) -> Expr { call("hex", e) }
    /// The bytes written as hexadecimal text (null when it is not).
    public static func unhex(_ e: some ColumnOrName) -> Expr { call("unhex", e) }
    /// Binary text of a long's 64 bits.
    public static func bin(_ e: some ColumnOrName) -> Expr { call("bin", e) }
    /// The number in the text `e`, written in base `from`, rewritten in base `to` (negative: signed).
    public static func conv(_ e: some ColumnOrName, from: Int, to: Int) -> Expr {
        Expr(.function(name: "conv", arguments: [e.columnExpr, lit(from), lit(to)]))
    }
}
