import DataFlow

extension ExpressionTranslator {
    /// `get_field(s, 'x')` as Spark reads a struct field: the column's name followed by the field
    /// names (`s`.`x`), which Spark resolves to the field. Spark Connect's messages here carry no
    /// field extraction, so the struct must be a column, or a field of one.
    /// - Throws: `DataFlowError` (`.notImplemented`) for a struct computed by an expression.
    func fieldAccess(_ arguments: [Expr]) throws -> Spark_Connect_Expression {
        var attribute = Spark_Connect_Expression.UnresolvedAttribute()
        attribute.unparsedIdentifier = try fieldPath(arguments).map(Self.quoted).joined(separator: ".")
        var expr = Spark_Connect_Expression()
        expr.exprType = .unresolvedAttribute(attribute)
        return expr
    }

    /// The name parts of `get_field(struct, name)`: the column's (qualifier and name), then the fields.
    private func fieldPath(_ arguments: [Expr]) throws -> [String] {
        guard arguments.count == 2, case let .literal(.string(field), _) = arguments[1].node else {
            throw DataFlowError(.notImplemented, "get_field on Spark takes a struct and a field name literal")
        }
        switch arguments[0].node {
        case let .column(name, qualifier):
            return (qualifier.map { [Self.sparkQualifier($0)] } ?? []) + [name, field]
        case let .attribute(attribute):
            return (attribute.qualifier.map { [Self.sparkQualifier($0)] } ?? []) + [attribute.name, field]
        case let .function(name, inner) where name.lowercased() == "get_field":
            return try fieldPath(inner) + [field]
        default:
            throw DataFlowError(.notImplemented, "get_field on Spark needs a struct column, not the expression \(arguments[0])")
        }
    }
}
