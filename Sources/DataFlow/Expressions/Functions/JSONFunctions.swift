/// Functions between nested values and JSON text, by Spark's names: to_json.
enum JSONFunctions {
    static let all: [ScalarFunction] = [toJSON]

    /// to_json(struct, array or map): the value as JSON text (see `JSONText`); null for null.
    private static let toJSON = ScalarFunction(name: "to_json") { arguments, binder in
        try Arguments.expect("to_json", arguments, count: 1...1)
        guard arguments[0].dataType.isNested else {
            throw DataFlowError(.analysis, "to_json needs a struct, an array or a map, found \(arguments[0].dataType)")
        }
        let timeZone = binder.context.timeZone
        return FunctionExpr(name: "to_json", arguments: arguments, dataType: .string, nullable: arguments[0].nullable) { inputs, count in
            try JSONText.format(inputs[0].materialize(count), timeZone: timeZone)
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// A struct, array or map as JSON text.
    public static func toJSON(_ value: some ColumnOrName) -> Expr { call("to_json", value) }
}
