/// Moves filters toward the data: below projections (substituting computed columns), sorts,
/// repartitions, dropDuplicates on their keys, unions and aggregates (for conditions on grouping
/// columns), and into scans whose source accepts them.
struct PushDownFilter: OptimizerRule {
    var name: String { "PushDownFilter" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .filter(filter) = node else { return node }
            return push(filter)
        }
    }

    private func push(_ filter: Filter) -> LogicalPlan {
        let condition = filter.condition
        if condition.isNondeterministic { return .filter(filter) }
        switch filter.child {
        case let .project(project):
            // Replace references to computed columns with their definitions.
            guard project.expressions.allSatisfy({ !$0.isNondeterministic }), !condition.hasQualifiedReference else { return .filter(filter) }
            var definitions: [String: Expr] = [:]
            for expr in project.expressions { definitions[expr.outputName.lowercased()] = expr.unaliased }
            let rewritten = condition.transformUp { node in
                if case let .column(name, nil) = node.node, let definition = definitions[name.lowercased()] { return definition }
                return node
            }
            let pushed = LogicalPlan.filter(Filter(unchecked: project.child, condition: rewritten))
            return .project(Project(unchecked: pushed, expressions: project.expressions, schema: project.schema))
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
                // Union inputs may name columns differently: rename by position.
                let renamed = renameColumns(condition, from: union.schema.names, to: input.schema.names)
                return .filter(Filter(unchecked: input, condition: renamed))
            }
            return .union(union)
        case let .dropDuplicates(dedup):
            let keys = Set(dedup.keys.map { $0.lowercased() })
            let (below, above) = conjuncts(condition).partitioned { $0.readsOnly(keys) }
            guard !below.isEmpty else { return .filter(filter) }
            var dedup = dedup
            dedup.child = .filter(Filter(unchecked: dedup.child, condition: conjunction(below)!))
            return wrap(.dropDuplicates(dedup), above)
        case let .aggregate(aggregate):
            let keyNames = Set(aggregate.groupings.compactMap { expr -> String? in
                if case let .column(name, _) = expr.node { return name.lowercased() }
                return nil
            })
            let (below, above) = conjuncts(condition).partitioned { $0.readsOnly(keyNames) && !$0.referencedColumns.isEmpty }
            guard !below.isEmpty else { return .filter(filter) }
            var aggregate = aggregate
            aggregate.child = .filter(Filter(unchecked: aggregate.child, condition: conjunction(below)!))
            return wrap(.aggregate(aggregate), above)
        case let .scan(scan):
            var scan = scan
            var remaining: [Expr] = []
            for part in conjuncts(condition) {
                guard let pushed = pushedFilter(part, schema: scan.schema) else { remaining.append(part); continue }
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

    private func renameColumns(_ expr: Expr, from: [String], to: [String]) -> Expr {
        var mapping: [String: String] = [:]
        for (a, b) in zip(from, to) { mapping[a.lowercased()] = b }
        return expr.transformUp { node in
            if case let .column(name, _) = node.node, let target = mapping[name.lowercased()] { return col(target) }
            return node
        }
    }

    /// The `PushedFilter` form of a simple predicate on one column of `schema` and constants.
    private func pushedFilter(_ expr: Expr, schema: Schema) -> PushedFilter? {
        func columnName(_ e: Expr) -> String? {
            guard case let .column(name, _) = e.node, let index = try? schema.index(of: name) else { return nil }
            return schema[index].name
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
            let operators: [BinaryOperator: PushedFilter.ComparisonOperator] = [
                .equal: .equal, .notEqual: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual, .greater: .greater, .greaterOrEqual: .greaterOrEqual,
            ]
            let flipped: [BinaryOperator: BinaryOperator] = [.less: .greater, .lessOrEqual: .greaterOrEqual, .greater: .less, .greaterOrEqual: .lessOrEqual]
            if let name = columnName(lhs), let value = constant(rhs), let pushedOp = operators[op] {
                return .compare(column: name, op: pushedOp, value: value)
            }
            if let name = columnName(rhs), let value = constant(lhs), let pushedOp = operators[flipped[op] ?? op] {
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
