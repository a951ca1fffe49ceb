/// Orders a tree of inner and cross joins so that each join has a condition where one can
/// (Spark's ReorderJoin): `FROM part, supplier, partsupp WHERE p_partkey = ps_partkey AND
/// s_suppkey = ps_suppkey` joins partsupp to part before supplier instead of crossing part with
/// supplier. The inputs are taken in written order, each time the first one the conditions
/// connect to those joined already; each condition goes to the lowest join that has its
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
            for index in order.dropFirst() {
                let next = inputs[index]
                let columns = joined.output.ids.union(next.output.ids)
                let (usable, rest) = remaining.partitioned { $0.references.isSubset(of: columns) }
                remaining = rest
                joined = .join(Join(unchecked: joined, next, type: usable.isEmpty ? .cross : .inner, condition: conjunction(usable)))
            }
            if let leftover = conjunction(remaining) { joined = .filter(Filter(unchecked: joined, condition: leftover)) }
            return .project(Project(unchecked: joined, expressions: node.output.map(\.reference), output: node.output))
        }
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
    /// inputs before it; nil when the conditions do not link all inputs (a cross join is asked for).
    private func connectedOrder(_ inputs: [LogicalPlan], _ conditions: [Expr]) -> [Int]? {
        let columns = inputs.map(\.output.ids)
        let links = conditions.filter { !$0.isNondeterministic }.map(\.references)
        var order = [0]
        var joined = columns[0]
        var left = Set(inputs.indices.dropFirst())
        while !left.isEmpty {
            let next = left.sorted().first { index in
                links.contains { reads in
                    !reads.isDisjoint(with: columns[index]) && !reads.isDisjoint(with: joined) && reads.isSubset(of: joined.union(columns[index]))
                }
            }
            guard let next else { return nil }
            order.append(next)
            joined.formUnion(columns[next])
            left.remove(next)
        }
        return order
    }
}
