/// Orders a tree of inner and cross joins so that each join has a condition where one can
/// (Spark's ReorderJoin): `FROM part, supplier, partsupp WHERE p_partkey = ps_partkey AND
/// s_suppkey = ps_suppkey` joins partsupp to part before supplier instead of crossing part with
/// supplier. The inputs are taken in written order, each time the first one the conditions
/// connect to those joined already, but a filtered dimension first: an input whose filters
/// likely drop rows, no larger unfiltered than what is joined, and linked to it by an equality
/// (TPC-H Q7 and Q21 join supplier to their one or two nations before lineitem, which then
/// carries only those nations' rows on). Each condition goes to the lowest join that has its
/// columns. A projection on top keeps the columns in their original order.
struct ReorderJoins: OptimizerRule {
    var name: String { "ReorderJoins" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .join(join) = node, join.type == .inner || join.type == .cross else { return node }
            var inputs: [LogicalPlan] = [], conditions: [Expr] = []
            flatten(node, into: &inputs, conditions: &conditions)
            guard inputs.count > 2, let order = connectedOrder(inputs, conditions), order != Array(inputs.indices) else { return node }
            var joined = inputs[order[0]]
            var remaining = conditions
            for index in order.dropFirst() { joined = Self.join(joined, inputs[index], taking: &remaining) }
            if let leftover = conjunction(remaining) { joined = .filter(Filter(unchecked: joined, condition: leftover)) }
            return .project(Project(unchecked: joined, expressions: node.output.map(\.reference), output: node.output))
        }
    }

    /// `joined` joined with `next` on the conditions of `remaining` that read only their columns,
    /// which are taken from it (a cross join when there are none).
    private static func join(_ joined: LogicalPlan, _ next: LogicalPlan, taking remaining: inout [Expr]) -> LogicalPlan {
        let columns = joined.output.ids.union(next.output.ids)
        let (usable, rest) = remaining.partitioned { $0.references.isSubset(of: columns) }
        remaining = rest
        return .join(Join(unchecked: joined, next, type: usable.isEmpty ? .cross : .inner, condition: conjunction(usable)))
    }

    /// The inputs of nested inner and cross joins, left to right, and their conditions' parts.
    private func flatten(_ plan: LogicalPlan, into inputs: inout [LogicalPlan], conditions: inout [Expr]) {
        guard case let .join(join) = plan, join.type == .inner || join.type == .cross else {
            inputs.append(plan)
            return
        }
        flatten(join.left, into: &inputs, conditions: &conditions)
        flatten(join.right, into: &inputs, conditions: &conditions)
        if let condition = join.condition { conditions += conjuncts(condition) }
    }

    /// The order that joins each input, in written order, as soon as a condition links it to the
    /// inputs before it (a filtered dimension of them first); nil when the conditions do not link
    /// all inputs (a cross join is asked for).
    private func connectedOrder(_ inputs: [LogicalPlan], _ conditions: [Expr]) -> [Int]? {
        let columns = inputs.map(\.output.ids)
        let links = conditions.filter { !$0.isNondeterministic }.map(\.references)
        let equalities = conditions.compactMap { condition -> (Set<ColumnID>, Set<ColumnID>)? in
            guard case let .binary(.equal, lhs, rhs) = condition.node, !condition.isNondeterministic else { return nil }
            return (lhs.references, rhs.references)
        }
        var order = [0]
        var joinedPlan = inputs[0], remaining = conditions
        var left = Set(inputs.indices.dropFirst())
        while !left.isEmpty {
            let joined = joinedPlan.output.ids
            let joinedRows = joinedPlan.likelyRowCount
            let connected = left.sorted().filter { index in
                links.contains { reads in
                    !reads.isDisjoint(with: columns[index]) && !reads.isDisjoint(with: joined) && reads.isSubset(of: joined.union(columns[index]))
                }
            }
            /// Whether `index` is a filtered dimension of what is joined (see the type's comment).
            func isFilteredDimension(_ index: Int) -> Bool {
                guard let joinedRows, let likely = inputs[index].likelyRowCount, let unfiltered = inputs[index].estimatedRowCount,
                      likely < unfiltered, unfiltered <= joinedRows else { return false }
                let own = columns[index]
                return equalities.contains { lhs, rhs in
                    !lhs.isEmpty && !rhs.isEmpty && ((lhs.isSubset(of: joined) && rhs.isSubset(of: own)) || (lhs.isSubset(of: own) && rhs.isSubset(of: joined)))
                }
            }
            guard let next = connected.first(where: isFilteredDimension) ?? connected.first else { return nil }
            order.append(next)
            left.remove(next)
            joinedPlan = Self.join(joinedPlan, inputs[next], taking: &remaining)
        }
        return order
    }
}
