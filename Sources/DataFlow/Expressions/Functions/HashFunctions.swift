/// Hash functions, as Spark computes them: md5, sha1, sha2 (lower-case hexadecimal digests),
/// xxhash64 (a long), and uuid_from_hash (a name-based version-5 UUID).
enum HashFunctions {
    static let all: [ScalarFunction] = [md5, sha1, sha2, xxhash64, uuidFromHash]

    /// Argument `index` as bytes to digest: string and binary as they are, any other type cast to
    /// string.
    private static func bytesArgument(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int,
                                      _ binder: ExprBinder) throws -> any PhysicalExpr {
        // As in Spark, digests take strings and binary only: md5(42) is an analysis error.
        switch arguments[index].dataType {
        case .binary, .string: return arguments[index]
        case .null: return try binder.coerce(arguments[index], to: .string)
        default:
            throw DataFlowError(.analysis, "\(name) takes a string or binary argument, not \(arguments[index].dataType) (\(arguments[index]))",
                                location: ErrorLocation(operatorName: name))
        }
    }

    /// md5(e): the MD5 digest of the string's UTF-8 bytes (or the binary), as 32 hex digits.
    private static let md5 = ScalarFunction(name: "md5") { arguments, binder in
        try Arguments.expect("md5", arguments, count: 1...1)
        let input = try bytesArgument("md5", arguments, 0, binder)
        return FunctionExpr(name: "md5", arguments: [input], dataType: .string, nullable: input.nullable) { inputs, _ in
            var hasher = MD5(MD5State())
            return hexDigests(inputs[0].column, &hasher)
        }
    }

    /// sha1(e): the SHA-1 digest, as 40 hex digits.
    private static let sha1 = ScalarFunction(name: "sha1") { arguments, binder in
        try Arguments.expect("sha1", arguments, count: 1...1)
        let input = try bytesArgument("sha1", arguments, 0, binder)
        return FunctionExpr(name: "sha1", arguments: [input], dataType: .string, nullable: input.nullable) { inputs, _ in
            var hasher = SHA1(SHA1State())
            return hexDigests(inputs[0].column, &hasher)
        }
    }

    /// sha2(e, bitLength): the SHA-224, SHA-256 (bit length 0 or 256), SHA-384 or SHA-512 digest as
    /// hex digits; null for a null or unsupported bit length.
    private static let sha2 = ScalarFunction(name: "sha2") { arguments, binder in
        try Arguments.expect("sha2", arguments, count: 2...2)
        let input = try bytesArgument("sha2", arguments, 0, binder)
        if arguments[1].constantValue != nil {
            guard let bits = try Arguments.constantInt("sha2", arguments, 1), let bitLength = SHA2BitLength(bits) else {
                return try LiteralExpr(.null, type: .string)
            }
            // The bit length stays an argument so that plans show it; the body has it already.
            return FunctionExpr(name: "sha2", arguments: [input, arguments[1]], dataType: .string, nullable: input.nullable) { inputs, _ in
                sha2HexDigests(inputs[0].column, bitLength)
            }
        }
        let bitLengths = try Arguments.coerce("sha2", arguments, 1, to: .int32, binder)
        return FunctionExpr(name: "sha2", arguments: [input, bitLengths], dataType: .string, nullable: true) { inputs, count in
            sha2HexDigests(inputs[0].materialize(count), bitLengths: inputs[1].materialize(count))
        }
    }

    /// xxhash64(e1, e2, ...): Spark's 64-bit xxHash of the arguments with seed 42; never null.
    private static let xxhash64 = ScalarFunction(name: "xxhash64") { arguments, _ in
        guard !arguments.isEmpty else {
            throw DataFlowError(.analysis, "xxhash64 takes at least one argument", location: ErrorLocation(operatorName: "xxhash64"))
        }
        return FunctionExpr(name: "xxhash64", arguments: arguments, dataType: .int64, nullable: false) { inputs, count in
            sparkXXHash64(inputs, count: count)
        }
    }

    /// uuid_from_hash(e[, namespace]): the version-5 UUID of the value in `namespace` (a constant
    /// UUID string, by default RFC 4122's URL namespace), as lower-case 8-4-4-4-12 text.
    private static let uuidFromHash = ScalarFunction(name: "uuid_from_hash") { arguments, binder in
        try Arguments.expect("uuid_from_hash", arguments, count: 1...2)
        let input = try bytesArgument("uuid_from_hash", arguments, 0, binder)
        let generator = try arguments.count == 2
            ? namespace(try Arguments.constant("uuid_from_hash", arguments, 1))
            : namespace(.string(NameBasedUUID.urlNamespace))
        // A namespace stays an argument so that plans show it; the body has it already.
        return FunctionExpr(name: "uuid_from_hash", arguments: [input] + arguments.dropFirst(), dataType: .string,
                            nullable: input.nullable) { inputs, _ in
            generator.uuidStrings(inputs[0].column)
        }
    }

    /// The generator for a namespace constant.
    /// - Throws: `DataFlowError` (`.invalidArgument`, naming the namespace argument) unless it is a
    ///   UUID string.
    private static func namespace(_ value: Scalar) throws -> NameBasedUUID {
        guard case let .string(text) = value, let generator = NameBasedUUID(namespace: text) else {
            throw DataFlowError(.invalidArgument,
                                "uuid_from_hash: namespace \(value.isNull ? "NULL" : "'\(value.formatted())'") is not a UUID (8-4-4-4-12 hexadecimal digits)",
                                location: ErrorLocation(argument: "namespace", operatorName: "uuid_from_hash"))
        }
        return generator
    }
}

extension ColumnOrName where Self == Expr {
    /// The MD5 digest of a string's UTF-8 bytes (or of a binary) as 32 lower-case hex digits; null
    /// for null. Other types are cast to string first.
    public static func md5(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "md5", arguments: [e.columnExpr])) }

    /// The SHA-1 digest of a string's UTF-8 bytes (or of a binary) as 40 lower-case hex digits; null
    /// for null.
    public static func sha1(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "sha1", arguments: [e.columnExpr])) }

    /// The SHA-2 digest of a string's UTF-8 bytes (or of a binary) as lower-case hex digits:
    /// `bitLength` 224, 256 (or 0), 384 or 512 picks the function; any other bit length gives null,
    /// as in Spark SQL.
    public static func sha2(_ e: some ColumnOrName, _ bitLength: Int) -> Expr {
        Expr(.function(name: "sha2", arguments: [e.columnExpr, lit(bitLength)]))
    }

    /// Spark's `xxhash64`: a long hashing all arguments (XXH64, seed 42, each argument's hash
    /// seeding the next); null arguments are skipped, so the result is never null.
    public static func xxhash64(_ exprs: Expr...) -> Expr { Expr(.function(name: "xxhash64", arguments: exprs)) }

    /// The RFC 4122 version-5 (SHA-1, name-based) UUID of a string in `namespace`, as lower-case
    /// 8-4-4-4-12 text, equal to Python's `str(uuid.uuid5(namespace, value))`; null for null. The
    /// default namespace is RFC 4122's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    /// Analysis throws `DataFlowError` (`.invalidArgument`) when `namespace` is not a UUID.
    public static func uuidFromHash(_ e: some ColumnOrName, namespace: String? = nil) -> Expr {
        Expr(.function(name: "uuid_from_hash", arguments: [e.columnExpr] + (namespace.map { [lit($0)] } ?? [])))
    }
}
