/// Moves filters toward the data: below aliases, projections (substituting computed columns), sorts,
/// repartitions, dropDuplicates on their keys, unions and aggregates (for conditions on grouping
/// columns), and into scans whose source accepts them.
struct PushDownFilter: OptimizerRule {
    var name: String { "PushDownFilter" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            switch node {
            case let .filter(filter):
                if case let .join(join) = filter.child { return pushIntoJoin(filter.condition, join) }
                return push(filter)
            case let .join(join):
                return pushJoinCondition(join)
            default:
                return node
            }
        }
    }

    /// Which input of a join an expression reads, given each input's columns.
    private func side(_ expr: Expr, _ columns: (left: Set<ColumnID>, right: Set<ColumnID>)) -> JoinCondition.Side {
        if expr.isNondeterministic { return .neither }
        return JoinCondition.Side(of: expr, left: columns.left, right: columns.right)
    }

    /// A filter above a join: conditions on one side go below the join where that cannot change
    /// which rows the join keeps (not into the side an outer join pads with nulls); conditions on
    /// both sides of an inner or cross join become its condition (`FROM a, b WHERE a.k = b.k` is
    /// an equi-join).
    private func pushIntoJoin(_ condition: Expr, _ join: Join) -> LogicalPlan {
        let toLeft = [.inner, .cross, .left, .leftSemi, .leftAnti].contains(join.type)
        let toRight = [.inner, .cross, .right].contains(join.type)
        let intoCondition = join.type == .inner || join.type == .cross
        let columns = (join.left.output.ids, join.right.output.ids)
        var pushed = join
        var kept: [Expr] = [], joining: [Expr] = []
        for part in conjuncts(condition) {
            switch side(part, columns) {
            case .left where toLeft: pushed.left = .filter(Filter(unchecked: pushed.left, condition: part))
            case .right where toRight: pushed.right = .filter(Filter(unchecked: pushed.right, condition: part))
            case .both where intoCondition: joining.append(part)
            default: kept.append(part)
            }
        }
        if !joining.isEmpty {
            pushed = Join(unchecked: pushed.left, pushed.right, type: .inner, condition: conjunction((pushed.condition.map(conjuncts) ?? []) + joining))
        }
        return wrap(.join(pushed), kept)
    }

    /// Conditions in a join's ON clause that read one side only filter that side first, where the
    /// join type allows: any side of an inner join, the non-preserved side of an outer join, and
    /// either side of a semi join (the right side of an anti join).
    private func pushJoinCondition(_ join: Join) -> LogicalPlan {
        guard let condition = join.condition else { return .join(join) }
        let toLeft = [.inner, .cross, .right, .leftSemi].contains(join.type)
        let toRight = [.inner, .cross, .left, .leftSemi, .leftAnti].contains(join.type)
        let columns = (join.left.output.ids, join.right.output.ids)
        var left = join.left, right = join.right
        var kept: [Expr] = []
        for part in conjuncts(condition) {
            switch side(part, columns) {
            case .left where toLeft: left = .filter(Filter(unchecked: left, condition: part))
            case .right where toRight: right = .filter(Filter(unchecked: right, condition: part))
            default: kept.append(part)
            }
        }
        guard kept.count < conjuncts(condition).count else { return .join(join) }
        var pushed = join
        pushed.left = left
        pushed.right = right
        pushed.condition = conjunction(kept)
        return .join(pushed)
    }

    private func push(_ filter: Filter) -> LogicalPlan {
        let condition = filter.condition
        if condition.isNondeterministic { return .filter(filter) }
        switch filter.child {
        case let .project(project):
            // Replace references to computed columns with their definitions.
            guard project.expressions.allSatisfy({ !$0.isNondeterministic }) else { return .filter(filter) }
            let pushed = LogicalPlan.filter(Filter(unchecked: project.child, condition: condition.substituting(project.definitions)))
            return .project(Project(unchecked: pushed, expressions: project.expressions, output: project.output))
        case let .subqueryAlias(alias):
            // A table's name in SQL (`FROM lineitem`, a temporary view) qualifies the same columns.
            var alias = alias
            alias.child = .filter(Filter(unchecked: alias.child, condition: condition))
            return .subqueryAlias(alias)
        case let .sort(sort):
            var sort = sort
            sort.child = .filter(Filter(unchecked: sort.child, condition: condition))
            return .sort(sort)
        case let .repartition(repartition):
            var repartition = repartition
            repartition.child = .filter(Filter(unchecked: repartition.child, condition: condition))
            return .repartition(repartition)
        case let .union(union):
            var union = union
            union.inputs = union.inputs.map { input in
                // Each input's columns match the union's by position.
                var columns: [ColumnID: Expr] = [:]
                for (column, inputColumn) in zip(union.output, input.output) { columns[column.id] = inputColumn.reference }
                return .filter(Filter(unchecked: input, condition: condition.substituting(columns)))
            }
            return .union(union)
        case let .dropDuplicates(dedup):
            let keys = dedup.keys.ids
            let (below, above) = conjuncts(condition).partitioned { $0.references.isSubset(of: keys) }
            guard !below.isEmpty else { return .filter(filter) }
            var dedup = dedup
            dedup.child = .filter(Filter(unchecked: dedup.child, condition: conjunction(below)!))
            return wrap(.dropDuplicates(dedup), above)
        case let .aggregate(aggregate):
            // Grouping columns passed through keep their identity: a condition on them reads the input.
            let keys = Set(aggregate.groupings.compactMap { expr -> ColumnID? in
                if case let .attribute(attribute) = expr.node { return attribute.id }
                return nil
            })
            let (below, above) = conjuncts(condition).partitioned { !$0.references.isEmpty && $0.references.isSubset(of: keys) }
            guard !below.isEmpty else { return .filter(filter) }
            var aggregate = aggregate
            aggregate.child = .filter(Filter(unchecked: aggregate.child, condition: conjunction(below)!))
            return wrap(.aggregate(aggregate), above)
        case let .scan(scan):
            var scan = scan
            var remaining: [Expr] = []
            for part in conjuncts(condition) {
                guard let pushed = pushedFilter(part, columns: scan.output) else { remaining.append(part); continue }
                switch scan.source.pushdown(for: pushed) {
                case .exact:
                    if !scan.pushedFilters.contains(pushed) { scan.pushedFilters.append(pushed) }
                case .inexact:
                    if !scan.pushedFilters.contains(pushed) { scan.pushedFilters.append(pushed) }
                    remaining.append(part)
                case .unsupported:
                    remaining.append(part)
                }
            }
            return wrap(.scan(scan), remaining)
        default:
            return .filter(filter)
        }
    }

    private func wrap(_ plan: LogicalPlan, _ conditions: [Expr]) -> LogicalPlan {
        guard let condition = conjunction(conditions) else { return plan }
        return .filter(Filter(unchecked: plan, condition: condition))
    }

    /// The `PushedFilter` form of a simple predicate on one of the scan's `columns` and constants.
    private func pushedFilter(_ expr: Expr, columns: [Attribute]) -> PushedFilter? {
        func columnName(_ e: Expr) -> String? {
            guard case let .attribute(attribute) = e.node, let column = columns.first(where: { $0.id == attribute.id }) else { return nil }
            return column.name
        }
        func constant(_ e: Expr) -> Scalar? {
            if case let .literal(value, _) = e.node, !value.isNull { return value }
            return nil
        }
        switch expr.node {
        case let .unary(.isNull, operand): return columnName(operand).map { .isNull(column: $0) }
        case let .unary(.isNotNull, operand): return columnName(operand).map { .isNotNull(column: $0) }
        case let .inList(operand, values):
            guard let name = columnName(operand) else { return nil }
            let constants = values.compactMap(constant)
            return constants.count == values.count ? .inList(column: name, values: constants) : nil
        case let .binary(op, lhs, rhs) where op.isComparison && op != .nullSafeEqual:
            if let name = columnName(lhs), let value = constant(rhs), let pushedOp = PushedFilter.ComparisonOperator(op) {
                return .compare(column: name, op: pushedOp, value: value)
            }
            if let name = columnName(rhs), let value = constant(lhs), let pushedOp = PushedFilter.ComparisonOperator(op.withOperandsSwapped) {
                return .compare(column: name, op: pushedOp, value: value)
            }
            return nil
        default:
            return nil
        }
    }
}

extension Array {
    /// The elements that satisfy `predicate`, and those that do not, each in order.
    func partitioned(by predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var yes: [Element] = [], no: [Element] = []
        for element in self { if predicate(element) { yes.append(element) } else { no.append(element) } }
        return (yes, no)
    }
}
