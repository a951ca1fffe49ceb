/// Takes the conditions every branch of an OR shares out of it, as Spark's boolean simplification
/// does: `(a AND b) OR (a AND c)` becomes `a AND (b OR c)`. A join condition written inside each
/// branch (TPC-H Q19's `p_partkey = l_partkey`) then reaches the join as an equality instead of
/// leaving a nested-loop join over the whole OR.
struct FactorDisjunctions: OptimizerRule {
    var name: String { "FactorDisjunctions" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case let .filter(filter):
                let factored = factor(filter.condition)
                return factored.sameAs(filter.condition) ? node : .filter(Filter(unchecked: filter.child, condition: factored))
            case var .join(join):
                guard let condition = join.condition else { return node }
                let factored = factor(condition)
                if factored.sameAs(condition) { return node }
                join.condition = factored
                return .join(join)
            default:
                return node
            }
        }
    }

    /// `condition` with each OR's shared conjuncts taken out of it.
    func factor(_ condition: Expr) -> Expr {
        condition.transformUp { node in
            guard case .binary(.or, _, _) = node.node, !node.isNondeterministic else { return node }
            let branches = disjuncts(node).map(conjuncts)
            let shared = branches[0].filter { part in branches.dropFirst().allSatisfy { branch in branch.contains { $0.sameAs(part) } } }
            guard !shared.isEmpty else { return node }
            let rests = branches.map { branch in branch.filter { part in !shared.contains { $0.sameAs(part) } } }
            // A branch with nothing left is true: the OR is then just the shared part.
            if rests.contains(where: \.isEmpty) { return conjunction(shared)! }
            let remaining = rests.map { conjunction($0)! }.dropFirst().reduce(conjunction(rests[0])!) { $0 || $1 }
            return conjunction(shared + [remaining])!
        }
    }
}
