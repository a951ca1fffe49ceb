/// Moves a left semi or anti join below an inner or cross join, to the side whose columns its
/// condition reads (or below a left outer join, to its preserved left side), as Spark does by
/// pushing `IN` and `EXISTS` predicates down before it rewrites them into joins: in TPC-H Q18,
/// `orders ⋈ lineitem ⋉ (orders over 300 units)` becomes `(orders ⋉ …) ⋈ lineitem`, so the
/// subquery keeps 57 orders before six million lineitems are joined to them rather than after.
/// It moves only where the join is not estimated to shrink that side (the other side is estimated
/// no smaller): in Q21 the join to one nation's suppliers leaves few lineitems for the `EXISTS` to
/// test, so it stays above.
struct PushDownSemiJoin: OptimizerRule {
    var name: String { "PushDownSemiJoin" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .join(semi) = node, semi.type == .leftSemi || semi.type == .leftAnti,
                  case let .join(below) = semi.left, [.inner, .cross, .left].contains(below.type),
                  semi.condition?.isNondeterministic != true else { return node }
            let reads = (semi.condition?.references ?? []).intersection(below.output.ids)
            let moved = { (input: LogicalPlan) in
                LogicalPlan.join(Join(unchecked: input, semi.right, type: semi.type, condition: semi.condition))
            }
            // Whether the join is not expected to shrink `side` (unknown sizes: Spark's choice, move).
            let fansOut = { (side: LogicalPlan, other: LogicalPlan) -> Bool in
                guard let sideRows = side.likelyRowCount, let otherRows = other.likelyRowCount else { return true }
                return otherRows >= sideRows
            }
            if reads.isSubset(of: below.left.output.ids), fansOut(below.left, below.right) {
                return .join(Join(unchecked: moved(below.left), below.right, type: below.type, condition: below.condition))
            }
            if below.type != .left, reads.isSubset(of: below.right.output.ids), fansOut(below.right, below.left) {
                return .join(Join(unchecked: below.left, moved(below.right), type: below.type, condition: below.condition))
            }
            return node
        }
    }
}
