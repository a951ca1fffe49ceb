/// Merges a projection directly over another projection into one, substituting the inner
/// definitions into the outer expressions (`select(a + 1 as b).select(b * 2)` computes `(a + 1) * 2`).
struct CollapseProjects: OptimizerRule {
    var name: String { "CollapseProjects" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case let .project(outer) = node, case let .project(inner) = outer.child,
                  inner.expressions.allSatisfy({ !$0.isNondeterministic }) else { return node }
            let definitions = inner.definitions
            let merged = zip(outer.expressions, outer.output).map { expr, column -> Expr in
                let substituted = expr.unaliased.substituting(definitions)
                if case let .attribute(attribute) = substituted.node, attribute.name == column.name { return substituted }
                return substituted.alias(column.name)
            }
            return .project(Project(unchecked: inner.child, expressions: merged, output: outer.output))
        }
    }
}

extension Project {
    /// What each output column computes, by identity (the expressions without their names).
    var definitions: [ColumnID: Expr] {
        var definitions: [ColumnID: Expr] = [:]
        for (column, expr) in zip(output, expressions) where definitions[column.id] == nil { definitions[column.id] = expr.unaliased }
        return definitions
    }
}
