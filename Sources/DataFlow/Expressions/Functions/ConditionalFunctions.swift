/// Conditional functions: coalesce, nvl (two-argument coalesce), nullif.
enum ConditionalFunctions {
    static let all: [ScalarFunction] = [coalesce("coalesce"), coalesce("nvl"), nullIf]

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
}
