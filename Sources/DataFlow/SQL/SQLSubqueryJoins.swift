/// Subqueries as joins, as Spark decorrelates them: `EXISTS` a semi join and `NOT EXISTS` an anti
/// join on the subquery's correlated conditions; `IN` a semi join on equality as well; `NOT IN` an
/// anti join with SQL's null semantics; a scalar subquery a join with its one row (uncorrelated)
/// or with its aggregate grouped by the correlated keys (a left join on them).
final class SQLSubqueryJoins {
    private let planner: SQLQueryPlanner
    /// Scalar subqueries met so far: joined onto the input by `apply(to:)`.
    private var pending: [(plan: LogicalPlan, type: JoinType, condition: Expr?)] = []
    /// The columns those joins add.
    private(set) var columns: Set<ColumnID> = []
    /// Where the first correlated scalar subquery is, if any (their joins need the outer query's
    /// rows before grouping).
    private(set) var firstCorrelated: Int?

    init(planner: SQLQueryPlanner) {
        self.planner = planner
    }

    private var text: SQLText { planner.text }
    private var context: BindContext { planner.context }

    /// `plan` joined with the scalar subqueries met.
    func apply(to plan: LogicalPlan) throws -> LogicalPlan {
        var result = plan
        for join in pending {
            result = .join(try Join(left: result, right: join.plan, type: join.type, condition: join.condition, context: context))
        }
        pending = []
        return result
    }

    /// A WHERE conjunct that is `[NOT] EXISTS (…)` or `x [NOT] IN (SELECT …)`, as a join onto
    /// `plan`; nil for any other condition.
    func condition(_ sql: SQLExpression, on plan: LogicalPlan, scope: SQLScope) throws -> LogicalPlan? {
        var sql = sql, negate = false
        while case let .unary("NOT", inner) = sql.kind {
            sql = inner
            negate.toggle()
        }
        switch sql.kind {
        case let .exists(query, negated):
            return try exists(query, negated: negated != negate, on: plan, scope: scope, at: sql.offset)
        case let .inSubquery(value, query, negated):
            let planned = try SQLExpressionPlanner(planner: planner, scope: scope).plan(value)
            return try membership(planned, query, negated: negated != negate, on: plan, scope: scope, at: sql.offset)
        default:
            return nil
        }
    }

    /// The block of a subquery that may be correlated: a plain SELECT without WITH, set
    /// operations or LIMIT; nil for other queries, which must not read outer columns.
    private func correlatableBlock(_ query: SQLQuery) -> SQLSelect? {
        guard query.ctes.isEmpty, query.limit == nil, query.offset == nil, case let .select(select) = query.body else { return nil }
        return select
    }

    private func exists(_ query: SQLQuery, negated: Bool, on plan: LogicalPlan, scope: SQLScope, at offset: Int) throws -> LogicalPlan {
        let type: JoinType = negated ? .leftAnti : .leftSemi
        if let select = correlatableBlock(query), select.groupBy == nil, select.having == nil {
            let input = try planner.blockInput(select, outer: scope)
            if !input.correlated.isEmpty {
                return .join(try join(plan, input.plan, type: type, condition: conjunction(input.correlated), at: offset))
            }
        }
        let inner = LogicalPlan.limit(Limit(child: try planner.plan(query, outer: scope), count: 1))
        return .join(try join(plan, inner, type: type, condition: nil, at: offset))
    }

    private func membership(_ value: Expr, _ query: SQLQuery, negated: Bool, on plan: LogicalPlan, scope: SQLScope, at offset: Int) throws -> LogicalPlan {
        var inner: LogicalPlan
        var correlated: [Expr] = []
        var passed = 0
        if let select = correlatableBlock(query), case let input = try planner.blockInput(select, outer: scope), !input.correlated.isEmpty {
            // The inner columns the correlated conditions read pass through the subquery's output.
            let innerColumns = input.plan.output.filter { column in input.correlated.contains { $0.references.contains(column.id) } }
            inner = try planner.blockOutput(select, input: input, orderBy: [], passing: innerColumns)
            correlated = input.correlated
            passed = innerColumns.count
        } else {
            inner = try planner.plan(query, outer: scope)
        }
        guard inner.output.count - passed == 1 else {
            throw text.error(.analysis, "the subquery of IN must return one column, found \(inner.output.count - passed)", at: offset)
        }
        let member = inner.output[0]
        let equal = value == member.reference
        if !negated {
            return .join(try join(plan, inner, type: .leftSemi, condition: conjunction(correlated + [equal]), at: offset))
        }
        let valueNullable = (try? Analyzer(input: plan.output, context: context).typed(value).field.nullable) ?? true
        if !correlated.isEmpty || (!valueNullable && !member.nullable) {
            // x NOT IN (…) is false where any member equals x or is null, or x is null (with members).
            let unknown = correlated.isEmpty ? equal : equal || value.isNull() || member.reference.isNull()
            return .join(try join(plan, inner, type: .leftAnti, condition: conjunction(correlated + [unknown]), at: offset))
        }
        // Uncorrelated with nulls possible: an anti join on equality, then the null rules from the
        // members' counts (no members: every row; a null member: none; a null x: none).
        let anti = LogicalPlan.join(try join(plan, inner, type: .leftAnti, condition: equal, at: offset))
        let counts = try Aggregate(child: inner, groupings: [], aggregates: [Expr.count().alias("members"), Expr.count(member.reference).alias("known")], context: context)
        let members = counts.output[0].reference, known = counts.output[1].reference
        let withCounts = LogicalPlan.join(try join(anti, .aggregate(counts), type: .cross, condition: nil, at: offset))
        let kept = members == lit(.int64(0)) || (value.isNotNull() && known == members)
        let filtered = LogicalPlan.filter(try Filter(child: withCounts, condition: kept, context: context))
        return .project(Project(unchecked: filtered, expressions: plan.output.map(\.reference), output: plan.output))
    }

    /// A scalar subquery: its value as a column of a join `apply(to:)` adds.
    func scalar(_ query: SQLQuery, scope: SQLScope, at offset: Int) throws -> Expr {
        if let select = correlatableBlock(query), case let input = try planner.blockInput(select, outer: scope), !input.correlated.isEmpty {
            if firstCorrelated == nil { firstCorrelated = offset }
            return try correlatedScalar(select, input: input, at: offset)
        }
        let inner = try planner.plan(query, outer: scope)
        guard inner.output.count == 1 else {
            throw text.error(.analysis, "a scalar subquery must return one column, found \(inner.output.count)", at: offset)
        }
        guard Self.atMostOneRow(inner) else {
            throw text.error(.analysis, "a scalar subquery must return at most one row: aggregate without GROUP BY, or add LIMIT 1", at: offset)
        }
        let exactlyOne = Self.exactlyOneRow(inner)
        pending.append((inner, exactlyOne ? .cross : .left, nil))
        columns.insert(inner.output[0].id)
        return inner.output[0].reference
    }

    /// A correlated scalar subquery: its aggregate grouped by the inner sides of the correlated
    /// equalities, left-joined on them; where no group matches, the value the aggregate has over
    /// no rows (0 for a count, else null).
    private func correlatedScalar(_ select: SQLSelect, input: SQLQueryPlanner.BlockInput, at offset: Int) throws -> Expr {
        let innerColumns = input.plan.output.ids
        var keys: [(inner: Expr, outer: Expr)] = []
        for condition in input.correlated {
            guard case let .binary(.equal, left, right) = condition.node else {
                throw text.error(.notImplemented, "a correlated scalar subquery may only compare outer and inner columns with =, found \(condition)", at: offset)
            }
            if left.references.isSubset(of: innerColumns), right.references.isDisjoint(with: innerColumns) {
                keys.append((left, right))
            } else if right.references.isSubset(of: innerColumns), left.references.isDisjoint(with: innerColumns) {
                keys.append((right, left))
            } else {
                throw text.error(.notImplemented, "a correlated condition must compare an inner expression with an outer one: \(condition)", at: offset)
            }
        }
        guard select.items.count == 1, case let .expression(item, _) = select.items[0] else {
            throw text.error(.analysis, "a scalar subquery must return one column", at: offset)
        }
        let itemExpr = try SQLExpressionPlanner(planner: planner, scope: input.scope).plan(item)
        guard itemExpr.containsAggregate, select.groupBy == nil else {
            throw text.error(.notImplemented, "a correlated scalar subquery must aggregate without GROUP BY (as sum(…) or max(…) do)", at: offset)
        }
        let grouped = try planner.blockOutput(select, input: input, orderBy: [], keys: keys.map(\.inner))
        let value = grouped.output[keys.count]
        pending.append((grouped, .left, conjunction(zip(keys, grouped.output).map { $0.outer == $1.reference })))
        columns.formUnion(grouped.output.ids)
        if case let .aggregate(call) = itemExpr.unaliased.node, call.kind != .count { return value.reference }
        return when(grouped.output[0].reference.isNull(), Self.valueOverNoRows(itemExpr)).otherwise(value.reference)
    }

    /// `expr` with count calls as 0 and other aggregates as null: its value over no rows.
    private static func valueOverNoRows(_ expr: Expr) -> Expr {
        expr.transformUp { node in
            guard case let .aggregate(call) = node.node else { return node }
            return call.kind == .count ? lit(.int64(0)) : Expr(.literal(.null, type: nil))
        }
    }

    private func join(_ left: LogicalPlan, _ right: LogicalPlan, type: JoinType, condition: Expr?, at offset: Int) throws -> Join {
        try planner.located(offset) { try Join(left: left, right: right, type: type, condition: condition, context: context) }
    }

    /// Whether the plan yields one row whatever its input: a global aggregate under projections.
    private static func exactlyOneRow(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case let .aggregate(aggregate): return aggregate.groupings.isEmpty
        case let .project(project): return exactlyOneRow(project.child)
        case let .subqueryAlias(alias): return exactlyOneRow(alias.child)
        case let .sort(sort): return exactlyOneRow(sort.child)
        default: return false
        }
    }

    /// Whether the plan yields at most one row.
    private static func atMostOneRow(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case let .limit(limit): return limit.count <= 1 || atMostOneRow(limit.child)
        case let .filter(filter): return atMostOneRow(filter.child)
        case let .project(project): return atMostOneRow(project.child)
        case let .subqueryAlias(alias): return atMostOneRow(alias.child)
        case let .sort(sort): return atMostOneRow(sort.child)
        default: return exactlyOneRow(plan)
        }
    }
}
