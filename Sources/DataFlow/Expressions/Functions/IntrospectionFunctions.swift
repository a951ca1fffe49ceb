/// Functions that describe the query rather than compute on rows, by Spark's names: typeof and
/// current_timezone.
enum IntrospectionFunctions {
    static let all: [ScalarFunction] = [typeOf, currentTimeZone]

    /// typeof(e): the name of e's type as Spark writes it (`int`, `decimal(10,2)`, `array<string>`).
    private static let typeOf = ScalarFunction(name: "typeof") { arguments, _ in
        try Arguments.expect("typeof", arguments, count: 1...1)
        return try LiteralExpr(.string(arguments[0].dataType.simpleString), type: .string)
    }

    /// current_timezone(): the session time zone's identifier.
    private static let currentTimeZone = ScalarFunction(name: "current_timezone") { arguments, binder in
        try Arguments.expect("current_timezone", arguments, count: 0...0)
        return try LiteralExpr(.string(binder.context.timeZone.identifier), type: .string)
    }
}

extension ColumnOrName where Self == Expr {
    /// The name of the expression's type as Spark writes it (`int`, `decimal(10,2)`, `array<string>`).
    public static func typeof(_ e: some ColumnOrName) -> Expr { call("typeof", e) }
    /// The session time zone's identifier.
    public static func currentTimezone() -> Expr { Expr(.function(name: "current_timezone", arguments: [])) }
}
