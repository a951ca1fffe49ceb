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
            if planned.contains(where: Aggregation.isGroupingCall) {
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
        if !isAggregate, let call = blockExpressions.first(where: { $0.contains(where: Aggregation.isGroupingCall) }) {
            throw text.error(.analysis, "\(call) needs GROUP BY: it says whether a grouping expression is grouped in a row's grouping set", at: select.offset)
        }
        if isAggregate {
            let aggregation = Aggregation(groupings: groupings, sets: groupingSets, over: plan, planner: self, offset: select.offset)
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

/// Grouping for one select block: the aggregate calls its expressions use, each computed once
/// by an `Aggregate` node, and the rewrite of those expressions over the node's output (grouping
/// expressions and calls replaced by the columns that hold them).
///
/// Grouping sets (`ROLLUP`, `CUBE`, `GROUPING SETS`) are planned as Spark's Expand: the input
/// crossed with the set numbers (each row once per set), each grouping expression null in the
/// copies for sets without it, then one aggregation grouped by those columns and the set number.
/// `grouping(e)` and `grouping_id(…)` become constants per set number.
final class Aggregation {
    private let groupings: [Expr]
    /// Each grouping set as indices into `groupings`; nil for a plain GROUP BY.
    private let sets: [[Int]]?
    private let input: LogicalPlan
    private let planner: SQLQueryPlanner
    /// Where the select block starts, for errors.
    private let offset: Int
    private var calls: [Expr] = []
    private var output: [Attribute] = []

    /// `grouping(e)`: 1 when `e` is not grouped in a row's grouping set (its null stands for every
    /// value), else 0.
    static let groupingName = "grouping"
    /// `grouping_id(e1, …, en)`: the bits `grouping(e1)` … `grouping(en)`, `e1`'s the highest;
    /// without arguments, over every GROUP BY expression.
    static let groupingIDName = "grouping_id"

    /// Whether `expr` itself is a `grouping` or `grouping_id` call.
    static func isGroupingCall(_ expr: Expr) -> Bool {
        if case let .function(name, _) = expr.node { return name == groupingName || name == groupingIDName }
        return false
    }

    init(groupings: [Expr], sets: [[Int]]?, over input: LogicalPlan, planner: SQLQueryPlanner, offset: Int) {
        self.groupings = groupings
        self.sets = sets
        self.input = input
        self.planner = planner
        self.offset = offset
    }

    /// Records the aggregate calls in `expr` (not those inside window functions' own aggregates).
    func collect(_ expr: Expr) {
        if case let .window(call) = expr.node {
            call.function.arguments.forEach(collect)
            (call.spec?.partitionBy ?? []).forEach(collect)
            (call.spec?.orderBy ?? []).forEach(collect)
            return
        }
        if case .aggregate = expr.node {
            if !calls.contains(where: { $0.sameAs(expr) }) { calls.append(expr) }
            return
        }
        expr.children.forEach(collect)
    }

    func plan() throws -> LogicalPlan {
        let named = calls.enumerated().map { $1.alias("__agg\($0)") }
        guard let sets else {
            let groupingNames = groupings.enumerated().map { index, expr -> Expr in
                if case .attribute = expr.node { return expr }
                return expr.alias("__group\(index)")
            }
            let aggregate = try Aggregate(child: input, groupings: groupingNames, aggregates: named, context: planner.context)
            output = aggregate.output
            return .aggregate(aggregate)
        }
        let numbers = try planner.session.createDataFrame(columns: [try Column(sets.indices.map { Int32($0) })],
                                                          schema: Schema([Field("__grouping_set", .int32, nullable: false)]))
        let expanded = try DataFrame(session: planner.session, plan: input).crossJoin(numbers)
        let setNumber = expanded.plan.output[input.output.count].reference
        let keys = groupings.enumerated().map { index, expr -> Expr in
            let inSets = sets.indices.filter { sets[$0].contains(index) }.map { lit(.int32(Int32($0))) }
            return when(inSets.isEmpty ? lit(false) : setNumber.isin(inSets), expr).alias("__group\(index)")
        }
        let projected = try expanded.select(input.output.map(\.reference) + keys + [setNumber]).plan
        let aggregate = try Aggregate(child: projected, groupings: projected.output[input.output.count...].map { $0.reference },
                                      aggregates: named, context: planner.context)
        output = aggregate.output
        return .aggregate(aggregate)
    }

    /// Where the aggregate calls' columns start in the output: after the grouping columns (and
    /// the set number, with grouping sets).
    private var callsStart: Int { groupings.count + (sets == nil ? 0 : 1) }

    /// `expr` over the aggregate's output.
    func rewrite(_ expr: Expr) throws -> Expr {
        if let index = groupings.firstIndex(where: { $0.sameAs(expr) }) { return output[index].reference }
        if case .aggregate = expr.node, let index = calls.firstIndex(where: { $0.sameAs(expr) }) {
            return output[callsStart + index].reference
        }
        if case let .function(name, arguments) = expr.node, Self.isGroupingCall(expr) {
            return try groupingValue(expr, name: name, arguments: arguments)
        }
        if case let .window(call) = expr.node, case let .aggregate(inner) = call.function {
            // An aggregate over a window: its argument is over the groups.
            var rewritten = call
            rewritten.function = .aggregate(AggregateCall(kind: inner.kind, arguments: try inner.arguments.map(rewrite), distinct: inner.distinct, ignoreNulls: inner.ignoreNulls))
            rewritten.spec?.partitionBy = try call.spec?.partitionBy.map(rewrite) ?? []
            rewritten.spec?.orderBy = try call.spec?.orderBy.map(rewrite) ?? []
            return Expr(.window(rewritten))
        }
        let children = expr.children
        return children.isEmpty ? expr : expr.withChildren(try children.map(rewrite))
    }

    /// A `grouping` or `grouping_id` call over the aggregate's output: its value for each set
    /// number (0 in every row of a plain GROUP BY). `grouping` is an integer, `grouping_id` a long,
    /// as Spark's (whose `grouping` is a tinyint).
    private func groupingValue(_ call: Expr, name: String, arguments: [Expr]) throws -> Expr {
        if name == Self.groupingName && arguments.count != 1 {
            throw planner.text.error(.analysis, "grouping takes one GROUP BY expression, got \(arguments.count) arguments", at: offset)
        }
        let indices = try arguments.isEmpty ? Array(groupings.indices) : arguments.map { argument in
            guard let index = groupings.firstIndex(where: { $0.sameAs(argument) }) else {
                throw planner.text.error(.analysis, "\(call): \(argument) is not a GROUP BY expression", at: offset)
            }
            return index
        }
        guard indices.count < Int64.bitWidth else {
            throw planner.text.error(.analysis, "\(name) takes at most \(Int64.bitWidth - 1) expressions, got \(indices.count)", at: offset)
        }
        let typed: (Int64) -> Expr = { name == Self.groupingName ? lit(.int32(Int32($0))) : lit(.int64($0)) }
        guard let sets else { return typed(0) }
        let values = sets.map { set in indices.reduce(Int64(0)) { bits, index in bits << 1 | (set.contains(index) ? 0 : 1) } }
        let setNumber = output[groupings.count].reference
        let branches = Set(values).sorted().filter { $0 != 0 }.map { distinct in
            CaseBranch(condition: setNumber.isin(values.indices.filter { values[$0] == distinct }.map { lit(.int32(Int32($0))) }), value: typed(distinct))
        }
        return branches.isEmpty ? typed(0) : Expr(.caseWhen(branches: branches, otherwise: typed(0)))
    }
}
