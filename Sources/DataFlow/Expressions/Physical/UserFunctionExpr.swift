/// A call of a user-defined function: its arguments evaluated to columns (cast to the parameter
/// types of a typed UDF), then the Swift function once per batch.
struct UserFunctionExpr: PhysicalExpr {
    let function: UserDefinedFunction
    let arguments: [any PhysicalExpr]

    /// Checks the argument count and casts each argument to its parameter's type.
    init(_ function: UserDefinedFunction, arguments: [any PhysicalExpr], binder: ExprBinder) throws {
        self.function = function
        try Arguments.expect(function.name, arguments, count: function.arity...function.arity)
        guard let types = function.parameterTypes else {
            self.arguments = arguments
            return
        }
        self.arguments = try arguments.indices.map { try Arguments.coerce(function.name, arguments, $0, to: types[$0], binder) }
    }

    var dataType: DataType { function.returnType }
    var nullable: Bool { function.nullable }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        Datum(try function.evaluate(try arguments.map { try $0.evaluateColumn(batch) }, batch.rowCount))
    }

    var description: String { "\(function.name)(\(arguments.map(\.description).joined(separator: ", ")))" }
}
