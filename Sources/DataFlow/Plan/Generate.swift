/// Turns each row's array or map into rows (Spark's `Generate`): the child's columns repeated for
/// every element or entry, then the generated columns. `explode` makes `col` (an array's
/// elements) or `key` and `value` (a map's entries); `posexplode` puts `pos` (0-based) before
/// them; `inline` makes one column per field of an array of structs. A null or empty input makes
/// no row, or with `outer` one row of nulls.
package struct Generate: Sendable {
    /// What the generator makes of each element.
    package enum Kind: String, Sendable {
        case explode, posexplode, inline
    }

    package var child: LogicalPlan
    package var kind: Kind
    package var outer: Bool
    /// The array or map expanded, resolved against the child.
    package var argument: Expr
    /// The generated columns.
    package var generatedOutput: [Attribute]

    /// The child's columns, then the generated ones.
    package var output: [Attribute] { child.output + generatedOutput }
    package var schema: Schema { output.schema }

    /// The generator function names, with what each makes.
    static let functions: [String: (kind: Kind, outer: Bool)] = [
        "explode": (.explode, false), "explode_outer": (.explode, true), "posexplode": (.posexplode, false),
        "posexplode_outer": (.posexplode, true), "inline": (.inline, false), "inline_outer": (.inline, true),
    ]

    /// The name of the Spark function this node computes.
    package var functionName: String { kind.rawValue + (outer ? "_outer" : "") }

    /// - Parameter names: the generated columns' names, or nil for Spark's defaults.
    /// - Throws: `DataFlowError` (`.analysis`) for an argument that is not an array (of structs,
    ///   for inline) or a map, or a wrong number of names.
    init(child: LogicalPlan, function: String, argument: Expr, names: [String]?, context: BindContext) throws {
        guard let (kind, outer) = Self.functions[function.lowercased()] else {
            throw DataFlowError.internalError("\(function) is not a generator")
        }
        let (typed, field) = try Analyzer(input: child.output, context: context).typed(argument)
        var fields: [Field]
        switch (kind, field.type) {
        case let (.inline, .array(.struct(structFields))):
            fields = structFields.map { Field($0.name, $0.type) }
        case let (.explode, .array(element)), let (.posexplode, .array(element)):
            fields = [Field("col", element)]
        case let (.explode, .map(key, value)), let (.posexplode, .map(key, value)):
            fields = [Field("key", key, nullable: outer), Field("value", value)]
        case let (_, type):
            let expected = kind == .inline ? "an array of structs" : "an array or a map"
            throw DataFlowError(.analysis, "\(function) needs \(expected), found \(type) in \(argument)", location: ErrorLocation(operatorName: function))
        }
        if kind == .posexplode { fields.insert(Field("pos", .int32, nullable: outer), at: 0) }
        if let names {
            guard names.count == fields.count else {
                throw DataFlowError(.analysis, "\(function) makes \(fields.count) columns (\(fields.map(\.name).joined(separator: ", "))), given \(names.count) names",
                                    location: ErrorLocation(operatorName: function))
            }
            for index in fields.indices { fields[index].name = names[index] }
        }
        self.child = child
        self.kind = kind
        self.outer = outer
        self.argument = typed
        generatedOutput = fields.map(Attribute.init)
    }
}
