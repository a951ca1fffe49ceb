import Foundation

/// Math functions that keep integers and decimals exact: abs, round, bround, floor, ceil.
enum MathFunctions {
    static let all: [ScalarFunction] = [abs, rounding("round", halfEven: false), rounding("bround", halfEven: true),
                                        floorOrCeil("floor", rule: .down), floorOrCeil("ceil", rule: .up), floorOrCeil("ceiling", rule: .up)]

    /// abs(x) of the same type (wrapping for the smallest integer, as Java does).
    private static let abs = ScalarFunction(name: "abs") { arguments, _ in
        try Arguments.expect("abs", arguments, count: 1...1)
        let argument = arguments[0]
        guard argument.dataType.isNumeric else { throw DataFlowError(.analysis, "abs needs a number, found \(argument.dataType)") }
        return FunctionExpr(name: "abs", arguments: [argument], dataType: argument.dataType, nullable: argument.nullable) { inputs, _ in
            let column = inputs[0].column
            switch column.type.physical {
            case .int32: return mapNumbers(column, Int32.self) { $0 < 0 ? 0 &- $0 : $0 }
            case .int64: return mapNumbers(column, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
            case .int128: return mapNumbers(column, Int128.self) { $0 < 0 ? 0 &- $0 : $0 }
            default: return mapNumbers(column, Double.self) { Swift.abs($0) }
            }
        }
    }

    /// round(x[, scale]) rounds half up, bround(x[, scale]) half to even, as Spark's: integers and
    /// decimals stay exact, doubles round from their shortest decimal text.
    private static func rounding(_ name: String, halfEven: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...2)
            let argument = arguments[0]
            let scale = arguments.count == 2 ? try Arguments.constantInt(name, arguments, 1) ?? 0 : 0
            guard argument.dataType.isNumeric else { throw DataFlowError(.analysis, "\(name) needs a number, found \(argument.dataType)") }
            let resultType: DataType
            if case let .decimal(p, s) = argument.dataType {
                let newScale = Swift.max(0, Swift.min(s, scale))
                resultType = .decimal(precision: Swift.min(p - s + newScale + 1, DataType.maxDecimalPrecision), scale: newScale)
            } else {
                resultType = argument.dataType
            }
            return FunctionExpr(name: name, arguments: [argument], dataType: resultType, nullable: argument.nullable) { inputs, _ in
                let column = inputs[0].column
                switch column.type {
                case .float64:
                    return mapNumbers(column, Double.self) { roundDouble($0, scale: scale, halfEven: halfEven) }
                case let .decimal(_, s):
                    guard case let .decimal(p, newScale) = resultType else { return column }
                    let values = decimalValues(column)
                    let rounded = (0..<column.count).map { i -> Int128? in
                        guard let value = roundDecimal(values[i], from: s, to: Swift.min(scale, s), halfEven: halfEven) else { return nil }
                        // A negative scale leaves a count of 10^-scale units: back to units.
                        return scale < 0 ? rescaleDecimal(value, from: 0, to: -scale) : rescaleDecimal(value, from: Swift.min(scale, s), to: newScale)
                    }
                    return try makeDecimalColumn(column, values: rounded, precision: p, scale: newScale, strict: false)
                case .int32:
                    guard scale < 0 else { return column }
                    let factor = Int32(truncatingIfNeeded: powerOfTen(-scale))
                    return mapNumbers(column, Int32.self) { roundInteger($0, factor, halfEven: halfEven) }
                default:
                    guard scale < 0 else { return column }
                    let factor = Int64(truncatingIfNeeded: powerOfTen(-scale))
                    return mapNumbers(column, Int64.self) { roundInteger($0, factor, halfEven: halfEven) }
                }
            }
        }
    }

    /// floor(x) / ceil(x): a long for doubles and integers, decimal(p - s + 1, 0) for decimals.
    private static func floorOrCeil(_ name: String, rule: FloatingPointRoundingRule) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let argument = arguments[0]
            guard argument.dataType.isNumeric else { throw DataFlowError(.analysis, "\(name) needs a number, found \(argument.dataType)") }
            if case let .decimal(p, s) = argument.dataType {
                let resultType = DataType.decimal(precision: Swift.min(p - s + 1, DataType.maxDecimalPrecision), scale: 0)
                return FunctionExpr(name: name, arguments: [argument], dataType: resultType, nullable: argument.nullable) { inputs, _ in
                    let column = inputs[0].column
                    let divisor = powerOfTen(s)
                    let values = decimalValues(column).map { value -> Int128? in
                        let quotient = value / divisor, remainder = value % divisor
                        if remainder == 0 { return quotient }
                        return rule == .down ? (value < 0 ? quotient - 1 : quotient) : (value > 0 ? quotient + 1 : quotient)
                    }
                    return try makeDecimalColumn(column, values: values, precision: resultType.decimalPrecision, scale: 0, strict: false)
                }
            }
            let doubles = try binder.coerce(argument, to: .float64)
            return FunctionExpr(name: name, arguments: [doubles], dataType: .int64, nullable: argument.nullable) { inputs, _ in
                let rounded = mapNumbers(inputs[0].column, Double.self) { $0.rounded(rule) }
                return try cast(rounded, to: .int64, options: CastOptions(strict: false, timeZone: .utc))
            }
        }
    }
}

/// `value` rounded to `scale` decimal places, half away from zero (Spark's HALF_UP on doubles) or
/// half to even (HALF_EVEN, `bround`).
func roundDouble(_ value: Double, scale: Int, halfEven: Bool = false) -> Double {
    guard value.isFinite else { return value }
    if scale >= 0 {
        // Round through the shortest decimal text to avoid binary artifacts (2.675 rounds to 2.68).
        guard let decimal = Decimal(string: "\(value)") else { return value }
        var input = decimal, output = Decimal()
        NSDecimalRound(&output, &input, scale, halfEven ? .bankers : .plain)
        // Through text: NSDecimalNumber.doubleValue is not correctly rounded.
        return Double(output.description) ?? value
    }
    let factor = pow(10, Double(-scale))
    return (value / factor).rounded(halfEven ? .toNearestOrEven : .toNearestOrAwayFromZero) * factor
}

/// An integer rounded to a multiple of `factor`, half up (away from zero) or half to even.
@inline(__always)
func roundInteger<T: FixedWidthInteger>(_ value: T, _ factor: T, halfEven: Bool = false) -> T {
    let remainder = value % factor
    let base = value - remainder
    let twice = remainder.magnitude * 2
    let away = twice > factor.magnitude || (twice == factor.magnitude && (!halfEven || (base / factor) % 2 != 0))
    if away { return value < 0 ? base &- factor : base &+ factor }
    return base
}

/// Applies `transform` to every value of a fixed-width column, keeping its nulls.
@inline(__always)
func mapNumbers<T>(_ column: Column, _: T.Type, _ transform: (T) -> T) -> Column {
    let buffer = Buffer(capacity: column.count * MemoryLayout<T>.stride)
    let out = buffer.typed(T.self)
    column.withValues(T.self) { values, _ in
        for i in 0..<column.count { out[i] = transform(values[i]) }
    }
    return Column(type: column.type, count: column.count, values: buffer,
                  validity: column.hasNulls ? Bitmap.copy(column.validityView, count: column.count) : nil)
}

extension DataType {
    /// The precision of a decimal type (0 otherwise).
    var decimalPrecision: Int { if case let .decimal(p, _) = self { return p } else { return 0 } }
}

extension ColumnOrName where Self == Expr {
    /// The absolute value.
    public static func abs(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "abs", arguments: [e.columnExpr])) }
    /// Rounded half up to `scale` decimal places.
    public static func round(_ e: some ColumnOrName, _ scale: Int = 0) -> Expr { Expr(.function(name: "round", arguments: [e.columnExpr, lit(scale)])) }
    /// Rounded half to even (banker's rounding) to `scale` decimal places.
    public static func bround(_ e: some ColumnOrName, _ scale: Int = 0) -> Expr { Expr(.function(name: "bround", arguments: [e.columnExpr, lit(scale)])) }
    /// The largest integer not above the value.
    public static func floor(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "floor", arguments: [e.columnExpr])) }
    /// The smallest integer not below the value.
    public static func ceil(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "ceil", arguments: [e.columnExpr])) }
    /// The first non-null argument (as `coalesce(...)`).
    public static func coalesce(_ exprs: any ColumnOrName...) -> Expr { Expr(.function(name: "coalesce", arguments: exprs.map(\.columnExpr))) }
    /// Null when `a` equals `b`, else `a`.
    public static func nullIf(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { Expr(.function(name: "nullif", arguments: [a.columnExpr, b.columnExpr])) }
}
