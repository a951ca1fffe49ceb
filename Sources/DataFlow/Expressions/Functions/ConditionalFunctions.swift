/// Conditional functions: coalesce, nvl / ifnull (two-argument coalesce), nullif, nvl2,
/// equal_null, isnan, nanvl, nullifzero, zeroifnull, isnull, isnotnull.
enum ConditionalFunctions {
    static let all: [ScalarFunction] = [coalesce("coalesce"), coalesce("nvl"), coalesce("ifnull"), nullIf, nvl2, equalNull, isNaN, nanvl,
                                        nullIfZero, zeroIfNull, nullTest("isnull", .isNull), nullTest("isnotnull", .isNotNull)]

    /// isnull(e) / isnotnull(e): `e IS NULL` / `e IS NOT NULL` as functions.
    private static func nullTest(_ name: String, _ op: UnaryOperator) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...1)
            return UnaryExpr(op: op, child: arguments[0])
        }
    }

    private static func coalesce(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...Int.max)
            guard let type = TypeCoercion.commonType(arguments.map(\.dataType)) else {
                throw DataFlowError(.analysis, "\(name): arguments have incompatible types \(arguments.map(\.dataType))")
            }
            let resultType = type == .null ? DataType.string : type
            return CoalesceExpr(arguments: try arguments.map { try binder.coerce($0, to: resultType) }, dataType: resultType)
        }
    }

    /// nullif(a, b): null when a = b, else a.
    private static let nullIf = ScalarFunction(name: "nullif") { arguments, binder in
        try Arguments.expect("nullif", arguments, count: 2...2)
        guard let type = TypeCoercion.commonType(arguments[0].dataType, arguments[1].dataType) else {
            throw DataFlowError(.analysis, "nullif: cannot compare \(arguments[0].dataType) with \(arguments[1].dataType)")
        }
        let a = try binder.coerce(arguments[0], to: type), b = try binder.coerce(arguments[1], to: type)
        let equal = ComparisonExpr(op: .equal, lhs: a, rhs: b)
        return CaseWhenExpr(conditions: [equal], values: [try LiteralExpr(.null, type: type)], otherwise: a, dataType: type)
    }

    /// nvl2(a, b, c): b when a is not null, else c.
    private static let nvl2 = ScalarFunction(name: "nvl2") { arguments, binder in
        try Arguments.expect("nvl2", arguments, count: 3...3)
        guard let type = TypeCoercion.commonType(arguments[1].dataType, arguments[2].dataType) else {
            throw DataFlowError(.analysis, "nvl2: \(arguments[1].dataType) and \(arguments[2].dataType) have no common type")
        }
        let resultType = type == .null ? DataType.string : type
        return CaseWhenExpr(conditions: [UnaryExpr(op: .isNotNull, child: arguments[0])], values: [try binder.coerce(arguments[1], to: resultType)],
                            otherwise: try binder.coerce(arguments[2], to: resultType), dataType: resultType)
    }

    /// equal_null(a, b): a <=> b, true when both are null.
    private static let equalNull = ScalarFunction(name: "equal_null") { arguments, binder in
        try Arguments.expect("equal_null", arguments, count: 2...2)
        return try binder.bindBinary(.nullSafeEqual, arguments[0], arguments[1], in: "equal_null(\(arguments[0]), \(arguments[1]))")
    }

    /// isnan(x): whether the double is NaN (false for null).
    private static let isNaN = ScalarFunction(name: "isnan") { arguments, binder in
        try Arguments.expect("isnan", arguments, count: 1...1)
        let value = try Arguments.coerce("isnan", arguments, 0, to: .float64, binder)
        return FunctionExpr(name: "isnan", arguments: [value], dataType: .boolean, nullable: false) { inputs, count in
            let column = inputs[0].materialize(count)
            return try column.withValues(Double.self) { values, valid in try Column((0..<count).map { valid[$0] && values[$0].isNaN }) }
        }
    }

    /// nanvl(a, b): b when a is NaN, else a (doubles).
    private static let nanvl = ScalarFunction(name: "nanvl") { arguments, binder in
        try Arguments.expect("nanvl", arguments, count: 2...2)
        let values = try Arguments.coerceAll("nanvl", arguments, to: .float64, binder)
        let isNaN = try ConditionalFunctions.isNaN.bind([values[0]], binder)
        return CaseWhenExpr(conditions: [isNaN], values: [values[1]], otherwise: values[0], dataType: .float64)
    }

    /// nullifzero(x): null when x is 0, else x.
    private static let nullIfZero = ScalarFunction(name: "nullifzero") { arguments, binder in
        try Arguments.expect("nullifzero", arguments, count: 1...1)
        return try nullIf.bind([arguments[0], try LiteralExpr(.int32(0), type: .int32)], binder)
    }

    /// zeroifnull(x): 0 when x is null, else x.
    private static let zeroIfNull = ScalarFunction(name: "zeroifnull") { arguments, binder in
        try Arguments.expect("zeroifnull", arguments, count: 1...1)
        return try coalesce("coalesce").bind([arguments[0], try LiteralExpr(.int32(0), type: .int32)], binder)
    }
}

extension ColumnOrName where Self == Expr {
    /// Whether the value is null (`e IS NULL`).
    public static func isnull(_ e: some ColumnOrName) -> Expr { e.columnExpr.isNull() }
    /// Whether the value is not null (`e IS NOT NULL`).
    public static func isnotnull(_ e: some ColumnOrName) -> Expr { e.columnExpr.isNotNull() }
    /// `b` when `a` is not null, else `c`.
    public static func nvl2(_ a: some ColumnOrName, _ b: some ColumnOrName, _ c: some ColumnOrName) -> Expr { call("nvl2", a, b, c) }
    /// `a <=> b`: true when both are null.
    public static func equalNull(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("equal_null", a, b) }
    /// Whether the double is NaN.
    public static func isnan(_ e: some ColumnOrName) -> Expr { call("isnan", e) }
    /// `b` when `a` is NaN, else `a`.
    public static func nanvl(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("nanvl", a, b) }
    /// Null when the value is 0.
    public static func nullifzero(_ e: some ColumnOrName) -> Expr { call("nullifzero", e) }
    /// 0 when the value is null.
    public static func zeroifnull(_ e: some ColumnOrName) -> Expr { call("zeroifnull", e) }
}
