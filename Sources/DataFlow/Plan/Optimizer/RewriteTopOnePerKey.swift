/// `rowNumber() == 1` over a partitioned, ordered window is the "latest row per key" idiom: the
/// window keeps only each partition's first row, which runs without sorting (TopOnePerKey).
struct RewriteTopOnePerKey: OptimizerRule {
    var name: String { "RewriteTopOnePerKey" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .filter(filter) = node, case var .window(window) = filter.child, !window.firstRowOnly,
                  window.functions.count == 1, case let .window(call) = window.functions[0].unaliased.node,
                  case .rowNumber = call.function, !window.spec.partitionBy.isEmpty, !window.spec.orderBy.isEmpty else { return node }
            let rowNumber = window.functionOutput[0].id
            let parts = conjuncts(filter.condition)
            guard let index = parts.firstIndex(where: { selectsFirstRow($0, rowNumber) }) else { return node }
            window.firstRowOnly = true
            var rest = parts
            rest.remove(at: index)
            guard let remaining = conjunction(rest) else { return .window(window) }
            return .filter(Filter(unchecked: .window(window), condition: remaining))
        }
    }

    /// Whether `expr` is `rn == 1`, `rn <= 1` or `rn < 2` (either way round) on the column `rowNumber`.
    private func selectsFirstRow(_ expr: Expr, _ rowNumber: ColumnID) -> Bool {
        guard case let .binary(op, lhs, rhs) = expr.node else { return false }
        func isColumn(_ e: Expr) -> Bool { if case let .attribute(a) = e.node { return a.id == rowNumber } else { return false } }
        func constant(_ e: Expr) -> Int64? {
            switch e.node {
            case let .literal(.int32(v), _): return Int64(v)
            case let .literal(.int64(v), _): return v
            default: return nil
            }
        }
        if isColumn(lhs), let value = constant(rhs) {
            return (op == .equal && value == 1) || (op == .lessOrEqual && value == 1) || (op == .less && value == 2)
        }
        if isColumn(rhs), let value = constant(lhs) {
            return (op == .equal && value == 1) || (op == .greaterOrEqual && value == 1) || (op == .greater && value == 2)
        }
        return false
    }
}
