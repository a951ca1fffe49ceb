/// A rewrite of a logical plan that keeps its result. Each rule lives in its own file.
protocol OptimizerRule: Sendable {
    /// The rule's name, as shown when tracing the optimizer.
    var name: String { get }
    /// Rewrites `plan`.
    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan
}

/// Runs the rules in order, repeatedly, until the plan stops changing (at most `maxPasses` times);
/// then each of `onceRules` once, and the rules again until the plan settles.
struct Optimizer: Sendable {
    let rules: [any OptimizerRule]
    let maxPasses: Int
    /// Rules whose rewrite another pass would repeat (they add to the plan rather than move it).
    var onceRules: [any OptimizerRule] = []

    /// The default rule set.
    static let standard = Optimizer(rules: [
        FoldConstants(),
        FactorDisjunctions(),
        CombineFilters(),
        PushDownFilter(),
        ReorderJoins(),
        PushDownSemiJoin(),
        RewriteTopOnePerKey(),
        CollapseProjects(),
        PushDownLimit(),
        PruneColumns(),
    ], maxPasses: 8, onceRules: [InferSideFiltersFromDisjunctions(), SemiJoinAggregateByOuterKeys()])

    func optimize(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        let settled = try settle(plan, context: context)
        if onceRules.isEmpty { return settled }
        var next = settled
        for rule in onceRules { next = try rule.apply(next, context: context) }
        return next == settled ? settled : try settle(next, context: context)
    }

    /// `plan` with the rules applied until it stops changing (or `maxPasses` times).
    private func settle(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        var current = plan
        for _ in 0..<maxPasses {
            var next = current
            for rule in rules { next = try rule.apply(next, context: context) }
            if next == current { return next }
            current = next
        }
        return current
    }
}

/// Splits a condition into its AND-ed parts.
func conjuncts(_ condition: Expr) -> [Expr] {
    if case let .binary(.and, lhs, rhs) = condition.node { return conjuncts(lhs) + conjuncts(rhs) }
    return [condition]
}

/// Splits a condition into its OR-ed parts.
func disjuncts(_ condition: Expr) -> [Expr] {
    if case let .binary(.or, lhs, rhs) = condition.node { return disjuncts(lhs) + disjuncts(rhs) }
    return [condition]
}

/// ANDs conditions together (nil when there are none).
func conjunction(_ parts: [Expr]) -> Expr? {
    guard var result = parts.first else { return nil }
    for part in parts.dropFirst() { result = result && part }
    return result
}

extension Expr {
    /// Whether the result can differ between evaluations of the same row (current time, random).
    var isNondeterministic: Bool {
        contains { if case let .function(name, _) = $0.node { return ["current_timestamp", "rand", "uuid"].contains(name.lowercased()) } else { return false } }
    }
}
