/// Functions between nested values and JSON text, by Spark's names: to_json, get_json_object.
enum JSONFunctions {
    static let all: [ScalarFunction] = [toJSON, getJSONObject]

    /// get_json_object(json, path): the value at a JSON path (`$.a.b[0]`, `$['a']`, `$.k[*].v`),
    /// as `JSONPath.extract` gives it; null for invalid JSON or a path matching nothing.
    private static let getJSONObject = ScalarFunction(name: "get_json_object") { arguments, binder in
        try Arguments.expect("get_json_object", arguments, count: 2...2)
        let inputs = try Arguments.coerceAll("get_json_object", arguments, to: .string, binder)
        let constantPath = inputs[1].constantValue.map { value -> JSONPath? in
            if case let .string(text) = value { return JSONPath(text) }
            return nil
        }
        return FunctionExpr(name: "get_json_object", arguments: inputs, dataType: .string, nullable: true) { values, count in
            let json = values[0].materialize(count), paths = values[1].materialize(count)
            var builder = ColumnBuilder(type: .string, capacity: count)
            var extracted: [UInt8] = []
            json.withBytes { offsets, data, valid in
                paths.withBytes { pathOffsets, pathData, pathValid in
                    for row in 0..<count {
                        let path = constantPath ?? (pathValid[row] ? JSONPath(String(decoding: stringBytes(pathOffsets, pathData, row), as: UTF8.self)) : nil)
                        extracted.removeAll(keepingCapacity: true)
                        guard valid[row], let path, path.extract(stringBytes(offsets, data, row), into: &extracted) else {
                            builder.appendNull()
                            continue
                        }
                        extracted.withUnsafeBytes { builder.appendBytes($0) }
                    }
                }
            }
            return builder.finish()
        }
    }

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

    /// The value at JSON path `path` (`$.a.b[0]`, `$['a b']`, `$.items[*].id`) of the JSON text
    /// `json`: a string unquoted, anything else as compact JSON; null when the text is not JSON or
    /// nothing is at the path.
    public static func getJSONObject(_ json: some ColumnOrName, _ path: String) -> Expr { call("get_json_object", json, lit(path)) }

    /// One column per field of `fields` (`c0`, `c1`, …): the top-level field's value of the JSON
    /// object `json`, as `getJSONObject` gives it. A generator: use it as a whole column of `select`.
    public static func jsonTuple(_ json: some ColumnOrName, _ fields: String...) -> Expr {
        let values = fields.enumerated().map { index, field in
            (("c\(index)", getJSONObject(json, "$['\(field)']")) as (String, any ColumnOrName))
        }
        return inline(Expr(.function(name: "array", arguments: [Expr(.function(name: "named_struct", arguments: values.flatMap { [lit($0.0), $0.1.columnExpr] }))])))
    }
}
