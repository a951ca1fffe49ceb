/// Numbers the arithmetic kernels work on. Integer operations wrap on overflow, as Spark's
/// non-ANSI mode (Java semantics) does.
protocol ArithmeticValue: Comparable, BitwiseCopyable {
    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    /// Division; the caller masks out zero divisors.
    static func divide(_ a: Self, _ b: Self) -> Self
    /// Remainder with the dividend's sign; the caller masks out zero divisors.
    static func remainder(_ a: Self, _ b: Self) -> Self
    static var zero: Self { get }
    /// The value of a 64-bit integer (exact for the 64- and 128-bit integers sums are kept in).
    init(_ value: Int64)
}

extension ArithmeticValue where Self: FixedWidthInteger {
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) static func subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) static func multiply(_ a: Self, _ b: Self) -> Self { a &* b }
    @inline(__always) static func divide(_ a: Self, _ b: Self) -> Self {
        b == 0 ? 0 : (b == -1 ? 0 &- a : a / b)
    }
    @inline(__always) static func remainder(_ a: Self, _ b: Self) -> Self {
        b == 0 || b == -1 ? 0 : a % b
    }
}

extension Int32: ArithmeticValue {}
extension Int64: ArithmeticValue {}
extension Int128: ArithmeticValue {}

extension Double: ArithmeticValue {
    @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always) static func subtract(_ a: Double, _ b: Double) -> Double { a - b }
    @inline(__always) static func multiply(_ a: Double, _ b: Double) -> Double { a * b }
    @inline(__always) static func divide(_ a: Double, _ b: Double) -> Double { a / b }
    @inline(__always) static func remainder(_ a: Double, _ b: Double) -> Double { a.truncatingRemainder(dividingBy: b) }
}

enum AddOp<T: ArithmeticValue>: FixedBinaryOp {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { T.add(a, b) }
}

enum SubtractOp<T: ArithmeticValue>: FixedBinaryOp {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { T.subtract(a, b) }
}

enum MultiplyOp<T: ArithmeticValue>: FixedBinaryOp {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { T.multiply(a, b) }
}

enum DivideOp<T: ArithmeticValue>: FixedBinaryOp {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { T.divide(a, b) }
}

enum RemainderOp<T: ArithmeticValue>: FixedBinaryOp {
    @inline(__always) static func apply(_ a: T, _ b: T) -> T { T.remainder(a, b) }
}

/// `lhs op rhs` for two datums of the same numeric type `type` (decimals excepted: see
/// `DecimalArithmetic`). Division and remainder by zero yield null.
func arithmetic(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, count: Int, type: DataType) throws -> Column {
    switch type.physical {
    case .int32: return arithmetic(op, lhs, rhs, count: count, type: type, Int32.self)
    case .int64: return arithmetic(op, lhs, rhs, count: count, type: type, Int64.self)
    case .float64: return arithmetic(op, lhs, rhs, count: count, type: type, Double.self)
    default: throw DataFlowError.internalError("arithmetic on \(type)")
    }
}

@inline(__always)
private func arithmetic<T: ArithmeticValue>(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, count: Int, type: DataType, _: T.Type) -> Column {
    switch op {
    case .add: return evaluateFixed(AddOp<T>.self, lhs, rhs, count: count, outputType: type)
    case .subtract: return evaluateFixed(SubtractOp<T>.self, lhs, rhs, count: count, outputType: type)
    case .multiply: return evaluateFixed(MultiplyOp<T>.self, lhs, rhs, count: count, outputType: type)
    case .divide: return nullWhereZero(evaluateFixed(DivideOp<T>.self, lhs, rhs, count: count, outputType: type), divisor: rhs, T.self)
    default: return nullWhereZero(evaluateFixed(RemainderOp<T>.self, lhs, rhs, count: count, outputType: type), divisor: rhs, T.self)
    }
}

/// `result` with null wherever `divisor` is zero.
func nullWhereZero<T: ArithmeticValue>(_ result: Column, divisor: Datum, _: T.Type) -> Column {
    let hasZero = divisor.column.withValues(T.self) { values, validity in
        (0..<values.count).contains { validity[$0] && values[$0] == T.zero }
    }
    guard hasZero else { return result }
    let count = result.count
    let buffer = Bitmap.copy(result.validityView, count: count)
    let bits = buffer.typed(UInt8.self)
    divisor.column.withValues(T.self) { values, _ in
        if divisor.isConstant {
            for i in 0..<count { Bitmap.clear(bits, i) }
        } else {
            for i in 0..<count where values[i] == T.zero { Bitmap.clear(bits, i) }
        }
    }
    return result.withValidity(buffer)
}

/// `-value` for a numeric column (wrapping for integers).
func negate(_ value: Datum, count: Int) throws -> Column {
    switch value.type.physical {
    case .int32: return evaluateFixed(SubtractOp<Int32>.self, try Datum.constant(.int32(0), type: value.type), value, count: count, outputType: value.type)
    case .int64: return evaluateFixed(SubtractOp<Int64>.self, try Datum.constant(.int64(0), type: .int64), value, count: count, outputType: value.type)
    case .float64:
        return evaluateFixed(SubtractOp<Double>.self, try Datum.constant(.float64(-0.0), type: .float64), value, count: count, outputType: value.type)
    case .int128:
        let zero = try Datum.constant(.decimal(unscaled: 0, precision: 1, scale: 0), type: value.type)
        return evaluateFixed(SubtractOp<Int128>.self, zero, value, count: count, outputType: value.type)
    default: throw DataFlowError.internalError("negate on \(value.type)")
    }
}
