/// Gives each input of a join the filter an OR in its condition implies for that input alone, as
/// DuckDB and DataFusion do: when every branch of `(n1 = 'FRANCE' AND n2 = 'GERMANY') OR
/// (n1 = 'GERMANY' AND n2 = 'FRANCE')` says something about one input, that input's rows must
/// pass the OR of those parts (`n1 = 'FRANCE' OR n1 = 'GERMANY'`), so the input is filtered before
/// the join (TPC-H Q7's nations, Q19's parts and quantities). The join keeps the whole condition.
/// Runs once, after the other rules settled (the derived filters would otherwise be derived again
/// each pass once pushed away from the join); they then move down with the other rules.
struct InferSideFiltersFromDisjunctions: OptimizerRule {
    var name: String { "InferSideFiltersFromDisjunctions" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case var .join(join) = node, let condition = join.condition else { return node }
            // The sides a condition may filter before the join, as PushDownFilter's ON clause.
            let toLeft = [.inner, .cross, .right, .leftSemi].contains(join.type)
            let toRight = [.inner, .cross, .left, .leftSemi, .leftAnti].contains(join.type)
            let columns = (left: join.left.output.ids, right: join.right.output.ids)
            var left: [Expr] = [], right: [Expr] = []
            for part in conjuncts(condition) where !part.isNondeterministic {
                let branches = disjuncts(part)
                guard branches.count > 1 else { continue }
                if toLeft, let implied = implied(by: branches, on: columns.left, other: columns.right) { left.append(implied) }
                if toRight, let implied = implied(by: branches, on: columns.right, other: columns.left) { right.append(implied) }
            }
            if left.isEmpty && right.isEmpty { return node }
            if let filter = conjunction(left) { join.left = .filter(Filter(unchecked: join.left, condition: filter)) }
            if let filter = conjunction(right) { join.right = .filter(Filter(unchecked: join.right, condition: filter)) }
            return .join(join)
        }
    }

    /// The OR, over `branches`, of each branch's conditions on `side`'s columns only; nil when a
    /// branch has none (it then lets any row of the side through) or when no branch reads the
    /// `other` side (the whole OR is then the side's, and pushed down as it is).
    private func implied(by branches: [Expr], on side: Set<ColumnID>, other: Set<ColumnID>) -> Expr? {
        var readsOther = false
        var parts: [Expr] = []
        for branch in branches {
            let own = conjuncts(branch).filter { part in
                let reads = part.references
                if !reads.isSubset(of: side) { readsOther = readsOther || !reads.isDisjoint(with: other) }
                return !reads.isEmpty && reads.isSubset(of: side)
            }
            guard let owned = conjunction(own) else { return nil }
            parts.append(owned)
        }
        guard readsOther else { return nil }
        return parts.dropFirst().reduce(parts[0]) { $0 || $1 }
    }
}
