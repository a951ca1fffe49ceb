/// Functions over the bits of integers, by Spark's names: bit_count, bit_get / getbit,
/// bitwise_not, shiftleft, shiftright and shiftrightunsigned.
enum BitFunctions {
    static let all: [ScalarFunction] = [bitCount, bitGet("bit_get"), bitGet("getbit"), bitwiseNot,
                                        shift("shiftleft", int32: { $0 << ($1 & 31) }, int64: { $0 << ($1 & 63) }),
                                        shift("shiftright", int32: { $0 >> ($1 & 31) }, int64: { $0 >> ($1 & 63) }),
                                        shift("shiftrightunsigned", int32: { Int32(bitPattern: UInt32(bitPattern: $0) >> UInt32($1 & 31)) },
                                              int64: { Int64(bitPattern: UInt64(bitPattern: $0) >> UInt64($1 & 63)) })]

    /// The argument when it is an integer (or, where `booleans` allows, a boolean), an untyped
    /// null as a long; an analysis error otherwise.
    private static func integral(_ name: String, _ argument: any PhysicalExpr, _ binder: ExprBinder, booleans: Bool = false) throws -> any PhysicalExpr {
        switch argument.dataType {
        case .null: return try binder.coerce(argument, to: .int64)
        case .int32, .int64: return argument
        case .boolean where booleans: return argument
        default:
            throw DataFlowError(.analysis, "\(name) needs an integer\(booleans ? " or a boolean" : ""), found \(argument.dataType)",
                                location: ErrorLocation(operatorName: name))
        }
    }

    /// bit_count(x): the number of bits set in x's 64-bit two's complement (a negative int counts
    /// its sign extension, as Spark's does), 1 or 0 for a boolean.
    private static let bitCount = ScalarFunction(name: "bit_count") { arguments, binder in
        try Arguments.expect("bit_count", arguments, count: 1...1)
        let argument = try integral("bit_count", arguments[0], binder, booleans: true)
        return FunctionExpr(name: "bit_count", arguments: [argument], dataType: .int32, nullable: argument.nullable) { inputs, count in
            let column = inputs[0].column
            switch column.type {
            case .boolean:
                // Booleans are stored as bits.
                var ones = [Int32](repeating: 0, count: count)
                column.withBits { bits, _ in
                    for row in 0..<count where bits[row] { ones[row] = 1 }
                }
                return try Column(ones, validity: column.hasNulls ? (0..<count).map { !column.isNull($0) } : nil)
            case .int32:
                return mapValues(column, as: Int32.self, to: .int32) { Int32(Int64($0).nonzeroBitCount) }
            default:
                return mapValues(column, as: Int64.self, to: .int32) { Int32($0.nonzeroBitCount) }
            }
        }
    }

    /// bit_get(x, pos) / getbit(x, pos): bit `pos` of x (0 is the lowest), as 0 or 1; a position
    /// outside the type's width is an error, as in Spark.
    private static func bitGet(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let value = try integral(name, arguments[0], binder)
            let position = try Arguments.coerce(name, arguments, 1, to: .int32, binder)
            let width: Int32 = value.dataType == .int32 ? 32 : 64
            return FunctionExpr(name: name, arguments: [value, position], dataType: .int32, nullable: value.nullable || position.nullable) { inputs, count in
                var outOfRange: Int32?
                let bits: Column
                func bit<T: FixedWidthInteger>(_ value: T, _ position: Int32) -> Int32? {
                    guard position >= 0 && position < width else {
                        outOfRange = outOfRange ?? position
                        return 0
                    }
                    return Int32(truncatingIfNeeded: (value >> T(position)) & 1)
                }
                if inputs[0].column.type == .int32 {
                    bits = mapValuePairs(inputs[0], inputs[1], as: (Int32.self, Int32.self), count: count, to: .int32) { bit($0, $1) }
                } else {
                    bits = mapValuePairs(inputs[0], inputs[1], as: (Int64.self, Int32.self), count: count, to: .int32) { bit($0, $1) }
                }
                if let outOfRange {
                    throw DataFlowError(.execution, "\(name): the bit position must be in [0, \(width)), got \(outOfRange)",
                                        location: ErrorLocation(operatorName: name))
                }
                return bits
            }
        }
    }

    /// bitwise_not(x): ~x, in x's type.
    private static let bitwiseNot = ScalarFunction(name: "bitwise_not") { arguments, binder in
        try Arguments.expect("bitwise_not", arguments, count: 1...1)
        let argument = try integral("bitwise_not", arguments[0], binder)
        return FunctionExpr(name: "bitwise_not", arguments: [argument], dataType: argument.dataType, nullable: argument.nullable) { inputs, _ in
            let column = inputs[0].column
            if column.type == .int32 { return mapValues(column, as: Int32.self, to: .int32) { ~$0 } }
            return mapValues(column, as: Int64.self, to: .int64) { ~$0 }
        }
    }

    /// A shift of a long (a long result) or of anything else cast to int (an int result) by an
    /// int number of bits, taken modulo the width as Java's shifts take it.
    private static func shift(_ name: String, int32: @escaping @Sendable (Int32, Int32) -> Int32,
                              int64: @escaping @Sendable (Int64, Int32) -> Int64) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let type: DataType = arguments[0].dataType == .int64 ? .int64 : .int32
            let value = try Arguments.coerce(name, arguments, 0, to: type, binder)
            let bits = try Arguments.coerce(name, arguments, 1, to: .int32, binder)
            return FunctionExpr(name: name, arguments: [value, bits], dataType: type, nullable: value.nullable || bits.nullable) { inputs, count in
                if type == .int32 { return mapValuePairs(inputs[0], inputs[1], as: (Int32.self, Int32.self), count: count, to: .int32, int32) }
                return mapValuePairs(inputs[0], inputs[1], as: (Int64.self, Int32.self), count: count, to: .int64, int64)
            }
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// The number of bits set (in the 64-bit two's complement; 1 or 0 for a boolean).
    public static func bitCount(_ e: some ColumnOrName) -> Expr { call("bit_count", e) }
    /// Bit `position` of an integer (0 is the lowest), as 0 or 1.
    public static func bitGet(_ e: some ColumnOrName, _ position: some ColumnOrName) -> Expr { call("bit_get", e, position) }
    /// Bit `position` of an integer (0 is the lowest), as 0 or 1; `bitGet`'s other name.
    public static func getbit(_ e: some ColumnOrName, _ position: some ColumnOrName) -> Expr { call("getbit", e, position) }
    /// The bitwise complement, in the integer's type.
    public static func bitwiseNot(_ e: some ColumnOrName) -> Expr { call("bitwise_not", e) }
    /// The integer shifted left by `bits` (modulo its width); an int unless it is a long.
    public static func shiftLeft(_ e: some ColumnOrName, _ bits: Int) -> Expr { Expr(.function(name: "shiftleft", arguments: [e.columnExpr, lit(bits)])) }
    /// The integer shifted right by `bits`, keeping its sign.
    public static func shiftRight(_ e: some ColumnOrName, _ bits: Int) -> Expr { Expr(.function(name: "shiftright", arguments: [e.columnExpr, lit(bits)])) }
    /// The integer shifted right by `bits`, filling with zeros.
    public static func shiftRightUnsigned(_ e: some ColumnOrName, _ bits: Int) -> Expr {
        Expr(.function(name: "shiftrightunsigned", arguments: [e.columnExpr, lit(bits)]))
    }
}
