@testable import DataFlow
import Testing

/// How the two operands of a binary kernel are given: full columns or one-value constants.
enum OperandShape: CaseIterable {
    case columns, constantRight, constantLeft, nullRight

    var name: String {
        switch self {
        case .columns: return "columns"
        case .constantRight: return "constantRight"
        case .constantLeft: return "constantLeft"
        case .nullRight: return "nullRight"
        }
    }

    /// The operands (as datums) and their values row by row (as scalars).
    func operands(_ type: DataType, _ testCase: Fixtures.Case, _ random: inout SeededRandom)
        throws -> (Datum, Datum, [Scalar], [Scalar])
    {
        let n = testCase.length
        let left = Fixtures.scalars(type, length: n, nullDensity: testCase.nullDensity, &random)
        let right = Fixtures.scalars(type, length: n, nullDensity: testCase.nullDensity, &random)
        let leftColumn = Datum(try Fixtures.column(left, type: type, offset: testCase.offset, &random))
        let rightColumn = Datum(try Fixtures.column(right, type: type, offset: testCase.offset, &random))
        let constant = Fixtures.value(type, &random)
        switch self {
        case .columns: return (leftColumn, rightColumn, left, right)
        case .constantRight:
            return (leftColumn, try Datum.constant(constant, type: type), left, Array(repeating: constant, count: n))
        case .constantLeft:
            return (try Datum.constant(constant, type: type), rightColumn, Array(repeating: constant, count: n), right)
        case .nullRight:
            return (leftColumn, try Datum.constant(.null, type: type), left, Array(repeating: .null, count: n))
        }
    }
}

@Suite("Kernels: compare and arithmetic")
struct CompareArithmeticTests {
    @Test("a string column = and <> a constant, short (one word) or long, with nulls, slices and either side constant")
    func stringEqualsConstant() throws {
        let words: [Scalar] = ["cat00-", "cat01-xx", "", "cat00-x", "cat00", .null, "cat00-", "c", "cat01-xxy", "cat01-xy"]
        let values = (0..<37).map { words[($0 * 7) % words.count] }
        let column = try Column.from(values, type: .string).slice(3, 30)
        let rows = Array(values[3..<33])
        for text in ["cat00-", "", "c", "cat01-xx", "cat01-xy", "cat01-xxy", "dog"] {
            let constant = try Datum.constant(.string(text), type: .string)
            for op in [BinaryOperator.equal, .notEqual] {
                let expected: [Scalar] = rows.map { $0.isNull ? .null : .boolean(($0 == .string(text)) == (op == .equal)) }
                #expect(try compare(op, Datum(column), constant, count: 30).scalars == expected, "column \(op.rawValue) '\(text)'")
                #expect(try compare(op, constant, Datum(column), count: 30).scalars == expected, "'\(text)' \(op.rawValue) column")
            }
        }
    }

    static let comparisons: [BinaryOperator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]

    @Test("comparisons follow SQL ordering and null propagation", arguments: Fixtures.types)
    func comparisons(type: DataType) throws {
        try Fixtures.everyCase(seed: 51) { testCase in
            for shape in OperandShape.allCases {
                var random = SeededRandom(seed: testCase.seed)
                let (lhs, rhs, left, right) = try shape.operands(type, testCase, &random)
                for op in Self.comparisons {
                    let result = try compare(op, lhs, rhs, count: testCase.length).scalars
                    let expected = zip(left, right).map { a, b -> Scalar in
                        guard !a.isNull, !b.isNull else { return .null }
                        let order = sqlOrder(a, b)
                        switch op {
                        case .equal: return .boolean(order == 0)
                        case .notEqual: return .boolean(order != 0)
                        case .less: return .boolean(order < 0)
                        case .lessOrEqual: return .boolean(order <= 0)
                        case .greater: return .boolean(order > 0)
                        default: return .boolean(order >= 0)
                        }
                    }
                    #expect(result == expected, "\(type) \(op.rawValue), \(shape.name), \(testCase): \(firstDifference(result, expected))")
                }
                // <=>: equality where both are present, true for two nulls, false for one.
                let nullSafe = try nullSafeEqual(lhs, rhs, count: testCase.length).scalars
                let expected = zip(left, right).map { a, b -> Scalar in
                    a.isNull || b.isNull ? .boolean(a.isNull && b.isNull) : .boolean(sqlOrder(a, b) == 0)
                }
                #expect(nullSafe == expected, "\(type) <=>, \(shape.name), \(testCase): \(firstDifference(nullSafe, expected))")
            }
        }
    }

    /// The reference result of `a op b` for values of one numeric type (Spark's non-ANSI rules:
    /// integers wrap, division and remainder by zero are null, `x / -1` and `x % -1` cannot trap).
    static func reference(_ op: BinaryOperator, _ a: Scalar, _ b: Scalar) -> Scalar {
        func integer<T: FixedWidthInteger>(_ x: T, _ y: T, _ wrap: (T) -> Scalar) -> Scalar {
            switch op {
            case .add: return wrap(x &+ y)
            case .subtract: return wrap(x &- y)
            case .multiply: return wrap(x &* y)
            case .divide: return y == 0 ? .null : wrap(y == -1 ? 0 &- x : x / y)
            default: return y == 0 ? .null : wrap(y == -1 ? 0 : x % y)
            }
        }
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case let (.int32(x), .int32(y)): return integer(x, y, Scalar.int32)
        case let (.int64(x), .int64(y)): return integer(x, y, Scalar.int64)
        case let (.float64(x), .float64(y)):
            switch op {
            case .add: return .float64(x + y)
            case .subtract: return .float64(x - y)
            case .multiply: return .float64(x * y)
            case .divide: return y == 0 ? .null : .float64(x / y)
            default: return y == 0 ? .null : .float64(x.truncatingRemainder(dividingBy: y))
            }
        default: fatalError("no arithmetic reference for \(a), \(b)")
        }
    }

    @Test("arithmetic wraps integers and yields null for division by zero",
          arguments: [DataType.int32, .int64, .float64])
    func arithmetic(type: DataType) throws {
        try Fixtures.everyCase(seed: 52) { testCase in
            for shape in OperandShape.allCases {
                var random = SeededRandom(seed: testCase.seed)
                var (lhs, rhs, left, right) = try shape.operands(type, testCase, &random)
                if shape == .constantRight, random.chance(0.5) {
                    // A constant zero divisor nulls every row.
                    let zero: Scalar = type == .int32 ? .int32(0) : (type == .int64 ? .int64(0) : .float64(-0.0))
                    rhs = try Datum.constant(zero, type: type)
                    right = Array(repeating: zero, count: testCase.length)
                }
                for op in [BinaryOperator.add, .subtract, .multiply, .divide, .modulo] {
                    let result = try DataFlow.arithmetic(op, lhs, rhs, count: testCase.length, type: type).scalars
                    let expected = zip(left, right).map { Self.reference(op, $0, $1) }
                    #expect(identical(result, expected), "\(type) \(op.rawValue), \(shape.name), \(testCase): \(firstDifference(result, expected))")
                }
            }
        }
    }

    @Test("decimal + - * equal the checked per-value reference, whether or not the batch can overflow",
          arguments: [(DataType.decimal(precision: 10, scale: 2), DataType.decimal(precision: 10, scale: 2)),
                      (.decimal(precision: 10, scale: 2), .decimal(precision: 30, scale: 4)),
                      (.decimal(precision: 30, scale: 4), .decimal(precision: 30, scale: 4))])
    func decimalArithmetic(types: (DataType, DataType)) throws {
        // The fixtures mix edge values (the precision's bound) into some batches: those take the
        // checked loop and overflow to null; the others run unchecked in the result's storage.
        try Fixtures.everyCase(seed: 54) { testCase in
            for shape in OperandShape.allCases {
                var random = SeededRandom(seed: testCase.seed)
                let (lhs, _, left, _) = try shape.operands(types.0, testCase, &random)
                let (_, rhs, _, right) = try shape.operands(types.1, testCase, &random)
                let batch = try RecordBatch(schema: Schema([Field("a", types.0), Field("b", types.1)]),
                                            columns: [lhs.materialize(testCase.length), rhs.materialize(testCase.length)])
                func operand(_ datum: Datum, _ index: Int, _ type: DataType) throws -> any PhysicalExpr {
                    datum.isConstant ? try LiteralExpr(datum.column.scalars[0], type: type)
                        : ColumnExpr(index: index, name: index == 0 ? "a" : "b", dataType: type, nullable: true)
                }
                for op in [BinaryOperator.add, .subtract, .multiply] {
                    let resultType = TypeCoercion.decimalResult(op, types.0, types.1)
                    guard case let .decimal(p, s) = resultType else { return }
                    let expression = DecimalArithmeticExpr(op: op, lhs: try operand(lhs, 0, types.0), rhs: try operand(rhs, 1, types.1), dataType: resultType)
                    let result = try expression.evaluate(batch).materialize(testCase.length).scalars
                    let expected = zip(left, right).map { a, b -> Scalar in
                        guard case let .decimal(x, _, s1) = a, case let .decimal(y, _, s2) = b,
                              let value = DecimalArithmeticExpr.apply(op, x, s1, y, s2, resultScale: s),
                              value.magnitude < powerOfTen(p).magnitude else { return .null }
                        return .decimal(unscaled: value, precision: p, scale: s)
                    }
                    #expect(identical(result, expected), "\(types) \(op.rawValue), \(shape.name), \(testCase): \(firstDifference(result, expected))")
                }
            }
        }
    }

    @Test("negation wraps integers, flips doubles (zeros included) and decimals",
          arguments: [DataType.int32, .int64, .float64, .decimal(precision: 10, scale: 2), .decimal(precision: 30, scale: 4)])
    func negation(type: DataType) throws {
        try Fixtures.everyColumn(type, seed: 53) { testCase, values, column, random in
            let result = try negate(Datum(column), count: testCase.length).scalars
            let expected = values.map { value -> Scalar in
                switch value {
                case let .int32(x): return .int32(0 &- x)
                case let .int64(x): return .int64(0 &- x)
                case let .float64(x): return .float64(-x)
                case let .decimal(x, p, s): return .decimal(unscaled: -x, precision: p, scale: s)
                default: return value
                }
            }
            #expect(identical(result, expected), "\(type), \(testCase): \(firstDifference(result, expected))")
        }
    }
}
