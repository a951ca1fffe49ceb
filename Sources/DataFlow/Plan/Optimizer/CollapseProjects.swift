/// Merges a projection directly over another projection into one, substituting the inner
/// definitions into the outer expressions (`select(a + 1 as b).select(b * 2)` computes `(a + 1) * 2`).
struct CollapseProjects: OptimizerRule {
    var name: String { "CollapseProjects" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case let .project(outer) = node, case let .project(inner) = outer.child,
                  inner.expressions.allSatisfy({ !$0.isNondeterministic }),
                  outer.expressions.allSatisfy({ !$0.hasQualifiedReference }) else { return node }
            var definitions: [String: Expr] = [:]
            for expr in inner.expressions { definitions[expr.outputName.lowercased()] = expr.unaliased }
            let merged = outer.expressions.map { expr -> Expr in
                let substituted = expr.unaliased.transformUp { node in
                    if case let .column(name, nil) = node.node, let definition = definitions[name.lowercased()] { return definition }
                    return node
                }
                if case .column = substituted.node, substituted.outputName == expr.outputName { return substituted }
                return Expr(.alias(substituted, name: expr.outputName))
            }
            return .project(Project(unchecked: inner.child, expressions: merged, schema: outer.schema))
        }
    }
}
