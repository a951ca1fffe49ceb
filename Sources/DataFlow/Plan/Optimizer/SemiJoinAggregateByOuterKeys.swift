/// Aggregates only the groups a join can use. A join of rows with an aggregation grouped by the
/// join's keys (how a correlated scalar subquery is planned: TPC-H Q17's average quantity per part,
/// Q20's quantity per part and supplier) reads only the groups whose keys the other input has, so
/// the aggregation's input is first semi-joined with where those keys come from: the filtered
/// input of the outer inner joins that holds them (Q17's 204 parts instead of all 200,000), read
/// once more. DuckDB gets there with its delim join. Taken only when that input is filtered and
/// at most a quarter the size of the aggregation's input; runs once (another pass would add the
/// semi join again).
struct SemiJoinAggregateByOuterKeys: OptimizerRule {
    var name: String { "SemiJoinAggregateByOuterKeys" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case var .join(join) = node, join.type == .inner || join.type == .left else { return node }
            let keys = JoinCondition(join.condition, left: join.left.output, right: join.right.output).equiKeys.compactMap { key -> (outer: Attribute, grouped: ColumnID)? in
                guard !key.nullSafe, case let .attribute(outer) = key.left.node, case let .attribute(grouped) = key.right.node else { return nil }
                return (outer, grouped.id)
            }
            guard !keys.isEmpty, let narrowed = narrowed(join.right, keys: keys, outer: join.left) else { return node }
            join.right = narrowed
            return .join(join)
        }
    }

    /// `plan` (projections and aliases over an aggregation grouped by `keys`' grouped columns)
    /// with the aggregation's input semi-joined with the source of `keys`' outer columns in
    /// `outer`; nil when `plan` is not that or the semi join would not pay.
    private func narrowed(_ plan: LogicalPlan, keys: [(outer: Attribute, grouped: ColumnID)], outer: LogicalPlan) -> LogicalPlan? {
        let grouped = Set(keys.map(\.grouped))
        switch plan {
        case var .project(project):
            guard grouped.isSubset(of: project.child.output.ids), let child = narrowed(project.child, keys: keys, outer: outer) else { return nil }
            project.child = child
            return .project(project)
        case var .subqueryAlias(alias):
            guard let child = narrowed(alias.child, keys: keys, outer: outer) else { return nil }
            alias.child = child
            return .subqueryAlias(alias)
        case var .aggregate(aggregate):
            let groupings = Set(aggregate.groupings.compactMap { grouping -> ColumnID? in
                if case let .attribute(attribute) = grouping.node { return attribute.id }
                return nil
            })
            let source = Self.source(of: Set(keys.map(\.outer.id)), in: outer)
            guard grouped.isSubset(of: groupings), Self.isFiltered(source),
                  let sourceRows = source.estimatedRowCount, let inputRows = aggregate.child.estimatedRowCount, sourceRows <= inputRows / 4 else { return nil }
            // The source read again, under columns of its own.
            let copy = source.withFreshColumns()
            let columns = Dictionary(zip(source.output.map(\.id), copy.output), uniquingKeysWith: { first, _ in first })
            let copiedKeys = keys.compactMap { columns[$0.outer.id] }
            let inputKeys = keys.compactMap { key in aggregate.child.output.first { $0.id == key.grouped } }
            guard copiedKeys.count == keys.count, inputKeys.count == keys.count else { return nil }
            let condition = conjunction(zip(inputKeys, copiedKeys).map { $0.reference == $1.reference })
            let keyColumns = LogicalPlan.project(Project(unchecked: copy, expressions: copiedKeys.map(\.reference), output: copiedKeys))
            aggregate.child = .join(Join(unchecked: aggregate.child, keyColumns, type: .leftSemi, condition: condition))
            return .aggregate(aggregate)
        default:
            return nil
        }
    }

    /// The input of `plan`'s inner joins (or the kept side of its left joins), below projections
    /// that pass them through, that holds the columns `ids`: every key `plan` has, it has too.
    private static func source(of ids: Set<ColumnID>, in plan: LogicalPlan) -> LogicalPlan {
        if case let .project(project) = plan, ids.isSubset(of: project.child.output.ids) { return source(of: ids, in: project.child) }
        guard case let .join(join) = plan else { return plan }
        if join.type == .inner || join.type == .left, ids.isSubset(of: join.left.output.ids) { return source(of: ids, in: join.left) }
        if join.type == .inner, ids.isSubset(of: join.right.output.ids) { return source(of: ids, in: join.right) }
        return plan
    }

    /// Whether `plan` gives the same rows each time it is read (scans under deterministic filters,
    /// projections, aliases and semi joins) and drops some of what it reads (has a filter or a
    /// semi join): only then may it be read again for its keys.
    private static func isFiltered(_ plan: LogicalPlan) -> Bool { rereads(plan, filtered: false) }

    /// Whether `plan` rereads alike and, with `filtered` saying whether what is above it drops
    /// rows, whether anything does.
    private static func rereads(_ plan: LogicalPlan, filtered: Bool) -> Bool {
        switch plan {
        case let .scan(scan):
            return filtered || !scan.pushedFilters.isEmpty
        case let .filter(filter):
            return !filter.condition.isNondeterministic && rereads(filter.child, filtered: true)
        case let .project(project):
            return !project.expressions.contains(where: \.isNondeterministic) && rereads(project.child, filtered: filtered)
        case let .subqueryAlias(alias):
            return rereads(alias.child, filtered: filtered)
        case let .join(join) where join.type == .leftSemi:
            return join.condition?.isNondeterministic != true && rereads(join.left, filtered: true) && rereads(join.right, filtered: true)
        default:
            return false
        }
    }
}
