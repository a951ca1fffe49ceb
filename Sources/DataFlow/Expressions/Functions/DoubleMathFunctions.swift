import Foundation

/// Math on doubles, by Spark's names: the argument is cast to double and the result is a double.
/// Outside a function's domain the answer is Spark's: NaN for `sqrt(-1)` or `acos(2)` (as Java's
/// Math), null for the logarithms of non-positive numbers.
enum DoubleMathFunctions {
    static let all: [ScalarFunction] = [
        unary("sqrt") { Foundation.sqrt($0) }, unary("cbrt") { Foundation.cbrt($0) },
        unary("exp") { Foundation.exp($0) }, unary("expm1") { Foundation.expm1($0) },
        unary("sin") { Foundation.sin($0) }, unary("cos") { Foundation.cos($0) }, unary("tan") { Foundation.tan($0) },
        unary("asin") { Foundation.asin($0) }, unary("acos") { Foundation.acos($0) }, unary("atan") { Foundation.atan($0) },
        unary("sinh") { Foundation.sinh($0) }, unary("cosh") { Foundation.cosh($0) }, unary("tanh") { Foundation.tanh($0) },
        unary("asinh") { Foundation.asinh($0) }, unary("acosh") { Foundation.acosh($0) }, unary("atanh") { Foundation.atanh($0) },
        unary("cot") { 1 / Foundation.tan($0) }, unary("sec") { 1 / Foundation.cos($0) }, unary("csc") { 1 / Foundation.sin($0) },
        unary("degrees") { $0 * (180 / Double.pi) }, unary("radians") { $0 * (Double.pi / 180) },
        unary("rint") { $0.rounded(.toNearestOrEven) },
        unary("signum") { $0.isNaN ? $0 : ($0 > 0 ? 1 : ($0 < 0 ? -1 : $0)) },
        unary("sign") { $0.isNaN ? $0 : ($0 > 0 ? 1 : ($0 < 0 ? -1 : $0)) },
        positiveDomain("ln") { Foundation.log($0) }, positiveDomain("log10") { Foundation.log10($0) },
        positiveDomain("log2") { Foundation.log2($0) },
        partial("log1p") { $0 <= -1 ? nil : Foundation.log1p($0) },
        log,
        binary("pow") { Foundation.pow($0, $1) }, binary("power") { Foundation.pow($0, $1) },
        // Spark adds 0.0 to both, so that -0.0 counts as 0.0: atan2(-0.0, -1) is π.
        binary("atan2") { Foundation.atan2($0 + 0.0, $1 + 0.0) }, binary("hypot") { Foundation.hypot($0, $1) },
        constant("pi", Double.pi), constant("e", M_E),
    ]

    /// A double function defined everywhere.
    private static func unary(_ name: String, _ transform: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        partial(name) { transform($0) }
    }

    /// A logarithm: null for zero and negative numbers, as Spark's.
    private static func positiveDomain(_ name: String, _ transform: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        partial(name) { $0 <= 0 ? nil : transform($0) }
    }

    /// A double function that is null where `transform` says nil.
    private static func partial(_ name: String, _ transform: @escaping @Sendable (Double) -> Double?) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let argument = try Arguments.coerce(name, arguments, 0, to: .float64, binder)
            return FunctionExpr(name: name, arguments: [argument], dataType: .float64, nullable: true) { inputs, _ in
                mapDoubles(inputs[0].column, transform)
            }
        }
    }

    /// A function of two doubles.
    private static func binary(_ name: String, _ transform: @escaping @Sendable (Double, Double) -> Double?) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let operands = try Arguments.coerceAll(name, arguments, to: .float64, binder)
            return FunctionExpr(name: name, arguments: operands, dataType: .float64, nullable: true) { inputs, count in
                mapDoublePairs(inputs[0], inputs[1], count: count, transform)
            }
        }
    }

    /// log(x): ln(x).
    private static let naturalLog = positiveDomain("log") { Foundation.log($0) }

    /// log(x) is ln(x); log(base, x) is ln(x) / ln(base), null unless both are positive.
    private static let log = ScalarFunction(name: "log") { arguments, binder in
        try Arguments.expect("log", arguments, count: 1...2)
        if arguments.count == 1 { return try naturalLog.bind(arguments, binder) }
        let operands = try Arguments.coerceAll("log", arguments, to: .float64, binder)
        return FunctionExpr(name: "log", arguments: operands, dataType: .float64, nullable: true) { inputs, count in
            mapDoublePairs(inputs[0], inputs[1], count: count) { base, x in
                base <= 0 || x <= 0 ? nil : Foundation.log(x) / Foundation.log(base)
            }
        }
    }

    /// A constant of no arguments (`pi()`, `e()`).
    private static func constant(_ name: String, _ value: Double) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 0...0)
            return try LiteralExpr(.float64(value), type: .float64)
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// The square root (NaN for negative numbers).
    public static func sqrt(_ e: some ColumnOrName) -> Expr { call("sqrt", e) }
    /// The cube root.
    public static func cbrt(_ e: some ColumnOrName) -> Expr { call("cbrt", e) }
    /// e raised to the value.
    public static func exp(_ e: some ColumnOrName) -> Expr { call("exp", e) }
    /// exp(x) - 1, exact near zero.
    public static func expm1(_ e: some ColumnOrName) -> Expr { call("expm1", e) }
    /// The natural logarithm (null for zero and negative numbers).
    public static func log(_ e: some ColumnOrName) -> Expr { call("log", e) }
    /// The logarithm in `base` (null unless both are positive).
    public static func log(_ base: Double, _ e: some ColumnOrName) -> Expr { Expr(.function(name: "log", arguments: [lit(base), e.columnExpr])) }
    /// The natural logarithm (null for zero and negative numbers).
    public static func ln(_ e: some ColumnOrName) -> Expr { call("ln", e) }
    /// The base-10 logarithm (null for zero and negative numbers).
    public static func log10(_ e: some ColumnOrName) -> Expr { call("log10", e) }
    /// The base-2 logarithm (null for zero and negative numbers).
    public static func log2(_ e: some ColumnOrName) -> Expr { call("log2", e) }
    /// ln(1 + x), exact near zero (null for x <= -1).
    public static func log1p(_ e: some ColumnOrName) -> Expr { call("log1p", e) }
    /// The sine of an angle in radians.
    public static func sin(_ e: some ColumnOrName) -> Expr { call("sin", e) }
    /// The cosine of an angle in radians.
    public static func cos(_ e: some ColumnOrName) -> Expr { call("cos", e) }
    /// The tangent of an angle in radians.
    public static func tan(_ e: some ColumnOrName) -> Expr { call("tan", e) }
    /// The cotangent, 1 / tan(x).
    public static func cot(_ e: some ColumnOrName) -> Expr { call("cot", e) }
    /// The secant, 1 / cos(x).
    public static func sec(_ e: some ColumnOrName) -> Expr { call("sec", e) }
    /// The cosecant, 1 / sin(x).
    public static func csc(_ e: some ColumnOrName) -> Expr { call("csc", e) }
    /// The arcsine in radians (NaN outside [-1, 1]).
    public static func asin(_ e: some ColumnOrName) -> Expr { call("asin", e) }
    /// The arccosine in radians (NaN outside [-1, 1]).
    public static func acos(_ e: some ColumnOrName) -> Expr { call("acos", e) }
    /// The arctangent in radians.
    public static func atan(_ e: some ColumnOrName) -> Expr { call("atan", e) }
    /// The angle in radians of the point (x, y): atan2(y, x), with -0.0 taken as 0.0 as Spark does.
    public static func atan2(_ y: some ColumnOrName, _ x: some ColumnOrName) -> Expr { call("atan2", y, x) }
    /// The hyperbolic sine.
    public static func sinh(_ e: some ColumnOrName) -> Expr { call("sinh", e) }
    /// The hyperbolic cosine.
    public static func cosh(_ e: some ColumnOrName) -> Expr { call("cosh", e) }
    /// The hyperbolic tangent.
    public static func tanh(_ e: some ColumnOrName) -> Expr { call("tanh", e) }
    /// The inverse hyperbolic sine.
    public static func asinh(_ e: some ColumnOrName) -> Expr { call("asinh", e) }
    /// The inverse hyperbolic cosine (NaN below 1).
    public static func acosh(_ e: some ColumnOrName) -> Expr { call("acosh", e) }
    /// The inverse hyperbolic tangent (NaN outside [-1, 1]).
    public static func atanh(_ e: some ColumnOrName) -> Expr { call("atanh", e) }
    /// Radians to degrees.
    public static func degrees(_ e: some ColumnOrName) -> Expr { call("degrees", e) }
    /// Radians to degrees; `degrees`' other name.
    public static func toDegrees(_ e: some ColumnOrName) -> Expr { call("todegrees", e) }
    /// Degrees to radians; `radians`' other name.
    public static func toRadians(_ e: some ColumnOrName) -> Expr { call("toradians", e) }
    /// Degrees to radians.
    public static func radians(_ e: some ColumnOrName) -> Expr { call("radians", e) }
    /// The nearest whole number as a double, halves to even.
    public static func rint(_ e: some ColumnOrName) -> Expr { call("rint", e) }
    /// -1.0, 0.0 or 1.0 by the value's sign.
    public static func signum(_ e: some ColumnOrName) -> Expr { call("signum", e) }
    /// `base` raised to `exponent`, as doubles.
    public static func pow(_ base: some ColumnOrName, _ exponent: some ColumnOrName) -> Expr { call("pow", base, exponent) }
    /// sqrt(x² + y²) without overflow in between.
    public static func hypot(_ x: some ColumnOrName, _ y: some ColumnOrName) -> Expr { call("hypot", x, y) }
    /// π.
    public static func pi() -> Expr { Expr(.function(name: "pi", arguments: [])) }
    /// Euler's number e.
    public static func e() -> Expr { Expr(.function(name: "e", arguments: [])) }

    /// A call of the registry's function `name`.
    static func call(_ name: String, _ arguments: any ColumnOrName...) -> Expr {
        Expr(.function(name: name, arguments: arguments.map(\.columnExpr)))
    }
}
