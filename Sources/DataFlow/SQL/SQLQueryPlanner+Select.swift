/// A select block: FROM and WHERE (with subquery conditions as joins), then grouping and
/// aggregates, HAVING, window functions, QUALIFY, DISTINCT, and ORDER BY (which may sort on
/// columns the select list does not keep).
extension SQLQueryPlanner {
    /// FROM and WHERE of a block: the plan, its scope, and the WHERE conditions that read an
    /// enclosing query's columns (a correlated subquery's, for the caller to turn into a join).
    struct BlockInput {
        var plan: LogicalPlan
        let scope: SQLScope
        var correlated: [Expr]
    }

    func planSelect(_ select: SQLSelect, outer: SQLScope?, orderBy: [SQLOrderItem]) throws -> LogicalPlan {
        let input = try blockInput(select, outer: outer)
        if let reference = input.correlated.first {
            throw text.error(.notImplemented, "a correlated reference (\(reference)) is supported in the WHERE of an EXISTS, IN or scalar subquery; not here", at: select.offset)
        }
        return try blockOutput(select, input: input, orderBy: orderBy)
    }

    func blockInput(_ select: SQLSelect, outer: SQLScope?) throws -> BlockInput {
        var plan = try from(select.from)
        let scope = SQLScope(plan.output, outer: outer)
        var correlated: [Expr] = []
        guard let condition = select.whereClause else { return BlockInput(plan: plan, scope: scope, correlated: []) }
        let subqueries = SQLSubqueryJoins(planner: self)
        let expressions = SQLExpressionPlanner(planner: self, scope: scope, subqueries: subqueries)
        var filters: [Expr] = []
        for part in Self.conjuncts(condition) {
            if let joined = try subqueries.condition(part, on: plan, scope: scope) {
                plan = joined
                continue
            }
            let planned = try expressions.plan(part)
            if planned.containsAggregate {
                throw text.error(.analysis, "aggregate functions are not allowed in WHERE; use HAVING", at: part.offset)
            }
            if planned.containsWindow {
                throw text.error(.analysis, "window functions are not allowed in WHERE; use QUALIFY or a subquery", at: part.offset)
            }
            if planned.contains(where: GroupingAggregation.isGroupingCall) {
                throw text.error(.analysis, "grouping() and grouping_id() are not allowed in WHERE; use HAVING", at: part.offset)
            }
            let local = plan.output.ids.union(subqueries.columns)
            if planned.references.isSubset(of: local) { filters.append(planned) } else { correlated.append(planned) }
        }
        plan = try subqueries.apply(to: plan)
        if let filter = conjunction(filters) { plan = .filter(try located(condition.offset) { try Filter(child: plan, condition: filter, context: context) }) }
        return BlockInput(plan: plan, scope: scope, correlated: correlated)
    }

    /// The AND-ed parts of a condition.
    static func conjuncts(_ expression: SQLExpression) -> [SQLExpression] {
        if case let .binary("AND", left, right) = expression.kind { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }

    /// The rest of the block over `input`. `keys` are extra grouping expressions (a correlated
    /// scalar subquery's join keys), output first; `passing` are input columns the output keeps
    /// after the select list (a correlated IN subquery's).
    func blockOutput(_ select: SQLSelect, input: BlockInput, orderBy: [SQLOrderItem], keys: [Expr] = [], passing: [Attribute] = []) throws -> LogicalPlan {
        let subqueries = SQLSubqueryJoins(planner: self)
        var expressions = SQLExpressionPlanner(planner: self, scope: input.scope, subqueries: subqueries)
        for (name, window) in select.windows { expressions.windows[name.lowercased()] = window }

        // The select list, stars expanded against the FROM columns.
        var items: [(expr: Expr, name: String, offset: Int)] = []
        for item in select.items {
            switch item {
            case let .star(qualifier, offset):
                let columns = input.scope.columns.filter { qualifier.isEmpty || $0.qualifier?.lowercased() == qualifier.last!.lowercased() }
                guard !columns.isEmpty else {
                    throw text.error(.analysis, "\(qualifier.joined(separator: ".")).* matches no relation in FROM", at: offset)
                }
                items += columns.map { ($0.reference, $0.name, offset) }
            case let .expression(sql, alias):
                let planned = try expressions.plan(sql)
                items.append((planned, alias ?? planned.outputName, sql.offset))
            }
        }
        for (name, expr) in items.map({ ($0.name.lowercased(), $0.expr) }) where expressions.aliases[name] == nil { expressions.aliases[name] = expr }

        // GROUP BY, HAVING and ORDER BY as expressions over the FROM columns.
        var groupings = keys
        // Grouping sets as indices into `groupings`: the block's own keys are in every set.
        let groupingSets = select.groupBy?.sets.map { sets in sets.map { Array(keys.indices) + $0.map { $0 + keys.count } } }
        if let groupBy = select.groupBy {
            for sql in groupBy.expressions {
                if case let .literal(.integer(digits, _)) = sql.kind {
                    guard let position = Int(digits), position >= 1, position <= items.count else {
                        throw text.error(.analysis, "GROUP BY position \(digits) is not in the select list (1 to \(items.count))", at: sql.offset)
                    }
                    groupings.append(items[position - 1].expr)
                } else {
                    groupings.append(try expressions.plan(sql))
                }
            }
        }
        let having = try select.having.map(expressions.plan)
        let qualify = try select.qualify.map(expressions.plan)
        var orders: [(item: SQLOrderItem, expr: Expr?)] = []
        for item in orderBy {
            if case let .literal(.integer(digits, _)) = item.expression.kind {
                guard let position = Int(digits), position >= 1, position <= items.count else {
                    throw text.error(.analysis, "ORDER BY position \(digits) is not in the select list (1 to \(items.count))", at: item.expression.offset)
                }
                orders.append((item, items[position - 1].expr))
                continue
            }
            if case let .name(parts) = item.expression.kind, parts.count == 1,
               let match = items.first(where: { $0.name.lowercased() == parts[0].lowercased() }) {
                orders.append((item, match.expr))
                continue
            }
            orders.append((item, try expressions.plan(item.expression)))
        }

        var plan = input.plan
        let isAggregate = select.groupBy != nil || having != nil || !keys.isEmpty
            || items.contains { $0.expr.containsAggregate } || orders.contains { $0.expr?.containsAggregate == true }
        var rewrite: (Expr) throws -> Expr = { $0 }
        let blockExpressions = items.map(\.expr) + [having, qualify].compactMap({ $0 }) + orders.compactMap(\.expr)
        if !isAggregate, let call = blockExpressions.first(where: { $0.contains(where: GroupingAggregation.isGroupingCall) }) {
            throw text.error(.analysis, "\(call) needs GROUP BY: it says whether a grouping expression is grouped in a row's grouping set", at: select.offset)
        }
        if isAggregate {
            let aggregation = GroupingAggregation(groupings: groupings, sets: groupingSets, over: plan, session: session) { [text] in text.error($0, $1, at: select.offset) }
            for expr in blockExpressions { aggregation.collect(expr) }
            plan = try aggregation.plan()
            rewrite = { try aggregation.rewrite($0) }
            if let offset = subqueries.firstCorrelated {
                throw text.error(.notImplemented, "a correlated scalar subquery in a query that groups is not supported; move it into a subquery in FROM", at: offset)
            }
            if let offending = passing.first {
                throw text.error(.notImplemented, "a correlated IN subquery that aggregates is not supported (column \(offending.name))", at: select.offset)
            }
        }
        let finalItems = try items.map { (try rewrite($0.expr), $0.name, $0.offset) }
        let finalOrders = try orders.map { ($0.item, try $0.expr.map(rewrite)) }
        plan = try subqueries.apply(to: plan)
        if let having {
            plan = .filter(try located(select.offset) { try Filter(child: plan, condition: try rewrite(having), context: context) })
        }

        // The projection: the select list (the aggregate's keys first when asked), then hidden
        // columns for QUALIFY and ORDER BY keys the list does not have.
        var outputs = keys.indices.map { plan.output[$0].reference.alias(plan.output[$0].name) }
        outputs += finalItems.map { $0.0.alias($0.1) }
        outputs += passing.map(\.reference)
        let visible = outputs.count
        var sortKeys: [(item: SQLOrderItem, index: Int)] = []
        for (item, expr) in finalOrders {
            guard let expr else { continue }
            if let index = outputs.firstIndex(where: { $0.unaliased.sameAs(expr) }) {
                sortKeys.append((item, index))
            } else {
                if select.distinct {
                    throw text.error(.analysis, "with SELECT DISTINCT, ORDER BY may only use selected columns", at: item.expression.offset)
                }
                outputs.append(expr.alias("__order\(outputs.count)"))
                sortKeys.append((item, outputs.count - 1))
            }
        }
        var qualifyIndex: Int?
        if let qualify {
            outputs.append(try rewrite(qualify).alias("__qualify"))
            qualifyIndex = outputs.count - 1
        }
        for (expr, _, offset) in finalItems where !expr.references.isSubset(of: plan.output.ids) {
            let missing = Expr(.attribute(input.scope.columns.first { expr.references.contains($0.id) } ?? Attribute(Field("?", .null))))
            throw text.error(.analysis, isAggregate
                ? "\(missing) is neither grouped nor aggregated: add it to GROUP BY or wrap it in an aggregate such as first(…)"
                : "\(missing) cannot be used here", at: offset)
        }
        let projected = try located(select.offset) { try DataFrame(session: session, plan: plan).select(outputs).plan }
        plan = projected
        if let qualifyIndex {
            plan = .filter(try Filter(child: plan, condition: plan.output[qualifyIndex].reference, context: context))
        }
        if select.distinct {
            plan = .dropDuplicates(DropDuplicates(child: plan, keys: Array(plan.output.prefix(visible))))
        }
        if !sortKeys.isEmpty {
            let expressions = SQLExpressionPlanner(planner: self, scope: SQLScope(plan.output))
            plan = .sort(try Sort(child: plan, orders: sortKeys.map { expressions.sortKey($0.item, plan.output[$0.index].reference) }, context: context))
        }
        if plan.output.count > visible {
            plan = .project(Project(unchecked: plan, expressions: plan.output.prefix(visible).map(\.reference), output: Array(plan.output.prefix(visible))))
        }
        return plan
    }
}
