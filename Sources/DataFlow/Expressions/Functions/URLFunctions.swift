/// URL encoding of text, by Spark's names: url_encode, url_decode and try_url_decode, as Java's
/// `URLEncoder` and `URLDecoder` do it for `application/x-www-form-urlencoded` in UTF-8.
enum URLFunctions {
    static let all: [ScalarFunction] = [encode, decode("url_decode", failing: true), decode("try_url_decode", failing: false)]

    /// Upper-case hexadecimal digits.
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// url_encode(s): letters, digits and `.-*_` kept, a space as `+`, every other byte as `%XX`.
    private static let encode = ScalarFunction(name: "url_encode") { arguments, binder in
        try Arguments.expect("url_encode", arguments, count: 1...1)
        let text = try Arguments.coerce("url_encode", arguments, 0, to: .string, binder)
        return FunctionExpr(name: "url_encode", arguments: [text], dataType: .string, nullable: text.nullable) { inputs, _ in
            var encoded: [UInt8] = []
            return mapStrings(inputs[0].column) { bytes, builder in
                encoded.removeAll(keepingCapacity: true)
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                         UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                        encoded.append(byte)
                    case UInt8(ascii: " "):
                        encoded.append(UInt8(ascii: "+"))
                    default:
                        encoded += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
                    }
                }
                encoded.withUnsafeBytes { builder.appendBytes($0) }
            }
        }
    }

    /// url_decode(s) / try_url_decode(s): `+` as a space and `%XX` as a byte; bytes that are not
    /// UTF-8 become U+FFFD, as Java's decoder makes them. A `%` without two hexadecimal digits
    /// is an error for url_decode, null for try_url_decode.
    private static func decode(_ name: String, failing: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let text = try Arguments.coerce(name, arguments, 0, to: .string, binder)
            return FunctionExpr(name: name, arguments: [text], dataType: .string, nullable: true) { inputs, _ in
                var decoded: [UInt8] = []
                var malformed: String?
                let column = mapStrings(inputs[0].column) { bytes, builder in
                    guard let value = percentDecoded(bytes, into: &decoded) else {
                        if malformed == nil { malformed = String(decoding: bytes, as: UTF8.self) }
                        builder.appendNull()
                        return
                    }
                    builder.appendString(value)
                }
                if failing, let malformed {
                    throw DataFlowError(.execution, "\(name): '\(malformed)' is not a valid URL encoding (a % needs two hexadecimal digits); try_url_decode gives null instead",
                                        location: ErrorLocation(operatorName: name))
                }
                return column
            }
        }
    }

    /// The text `bytes` encode, or nil for a `%` without two hexadecimal digits.
    private static func percentDecoded(_ bytes: UnsafeBufferPointer<UInt8>, into decoded: inout [UInt8]) -> String? {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        decoded.removeAll(keepingCapacity: true)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

extension ColumnOrName where Self == Expr {
    /// The text URL-encoded as an HTML form encodes it (UTF-8, a space as `+`).
    public static func urlEncode(_ e: some ColumnOrName) -> Expr { call("url_encode", e) }
    /// URL-encoded text decoded (`+` as a space); a malformed `%` escape is an error.
    public static func urlDecode(_ e: some ColumnOrName) -> Expr { call("url_decode", e) }
    /// URL-encoded text decoded, null where a `%` escape is malformed.
    public static func tryUrlDecode(_ e: some ColumnOrName) -> Expr { call("try_url_decode", e) }
}
