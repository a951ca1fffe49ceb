/// A variable of a lambda function (`x` in `x -> x + 1`): a name for Spark, and an identity the
/// lambda's body is bound by, as a column of the batches of entries it is evaluated over.
package struct LambdaVariable: Sendable {
    /// The name, unique among lambdas (`x_12`), so that nested lambdas never shadow each other.
    package let name: String
    /// The identity its uses are bound by.
    package let id: ColumnID

    /// A fresh variable whose name starts with `base`.
    init(_ base: String) {
        id = .fresh()
        name = "\(base)_\(id.value)"
    }
}

extension Expr {
    /// A lambda of as many fresh variables as `names`, whose body `body` builds from them: the
    /// argument of higher-order functions (`Expr.transform("xs") { x in x + 1 }` builds one).
    static func lambda(_ names: [String], _ body: ([Expr]) -> Expr) -> Expr {
        let variables = names.map(LambdaVariable.init)
        return Expr(.lambda(parameters: variables, body: body(variables.map { Expr(.lambdaVariable($0)) })))
    }

    /// The identities of the columns and enclosing lambdas' variables the expression reads:
    /// a lambda body's inputs from outside itself.
    var freeVariables: [ColumnID] {
        switch node {
        case let .attribute(attribute): return [attribute.id]
        case let .lambdaVariable(variable): return [variable.id]
        case let .lambda(parameters, body):
            let own = Set(parameters.map(\.id))
            return body.freeVariables.filter { !own.contains($0) }
        default: return children.flatMap(\.freeVariables)
        }
    }
}
