/// Merges a filter directly over another filter into one filter with both conditions ANDed.
struct CombineFilters: OptimizerRule {
    var name: String { "CombineFilters" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case let .filter(outer) = node, case let .filter(inner) = outer.child else { return node }
            return .filter(Filter(unchecked: inner.child, condition: inner.condition && outer.condition))
        }
    }
}
