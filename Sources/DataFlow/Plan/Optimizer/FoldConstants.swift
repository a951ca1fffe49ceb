/// Evaluates sub-expressions that read no columns once, at planning time: `lit(2) * 3` becomes `6`,
/// `lit("2025-01-01").cast(.date)` becomes a date literal.
struct FoldConstants: OptimizerRule {
    var name: String { "FoldConstants" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case let .project(project):
                let folded = zip(project.expressions, project.output).map { expr, column in fold(expr, context, name: column.name) }
                return .project(Project(unchecked: project.child, expressions: folded, output: project.output))
            case let .filter(filter):
                return .filter(Filter(unchecked: filter.child, condition: fold(filter.condition, context, name: nil)))
            default:
                return node
            }
        }
    }

    /// `expr` with its constant sub-trees replaced by literals; a projection's output keeps its
    /// printed `name` by an alias, conditions need none.
    func fold(_ expr: Expr, _ context: BindContext, name: String?) -> Expr {
        let folded = expr.transformUp { node in
            guard !node.isLiteral, !node.readsColumns, !node.containsAggregate, !node.isNondeterministic else { return node }
            switch node.node {
            case .alias, .sortKey: return node
            default: break
            }
            // Evaluate over a one-row batch with no columns.
            let empty = RecordBatch(unchecked: Schema([]), columns: [], rowCount: 1)
            guard let bound = try? ExprBinder(input: [], context: context).bind(node),
                  let value = try? bound.evaluate(empty).column.scalar(at: 0) else { return node }
            return Expr(.literal(value, type: bound.dataType))
        }
        // Keep the printed name the user would see.
        guard let name else { return folded }
        if case .alias = expr.node { return folded }
        if folded.sameAs(expr) { return expr }
        return folded.alias(name)
    }
}
