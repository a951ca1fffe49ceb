/// Plans SQL queries into the resolved `LogicalPlan`s the DataFrame API builds: relations, joins,
/// set operations, CTEs, ordering and limits here; select blocks in `SQLQueryPlanner+Select.swift`,
/// subqueries in `SQLSubqueryJoins.swift`.
package final class SQLQueryPlanner {
    let session: Session
    let text: SQLText
    let tables: (any SQLTableProvider)?
    /// The CTEs in scope, innermost `WITH` last.
    private var ctes: [[String: LogicalPlan]] = []

    package init(session: Session, text: SQLText, tables: (any SQLTableProvider)?) {
        self.session = session
        self.text = text
        self.tables = tables
    }

    var context: BindContext { session.bindContext() }

    /// The plan of `query`; `outer` is the enclosing query's scope when `query` is a subquery.
    package func plan(_ query: SQLQuery, outer: SQLScope? = nil) throws -> LogicalPlan {
        ctes.append([:])
        defer { ctes.removeLast() }
        for cte in query.ctes {
            var plan = try self.plan(cte.query)
            if !cte.columns.isEmpty { plan = try renamed(plan, to: cte.columns, at: cte.offset) }
            ctes[ctes.count - 1][cte.name.lowercased()] = plan
        }
        var plan: LogicalPlan
        if case let .select(select) = query.body {
            plan = try planSelect(select, outer: outer, orderBy: query.orderBy)
        } else {
            plan = try body(query.body, outer: outer)
            if !query.orderBy.isEmpty {
                let expressions = SQLExpressionPlanner(planner: self, scope: SQLScope(plan.output, outer: outer))
                let keys = try query.orderBy.map { item -> Expr in
                    if case let .literal(.integer(digits, _)) = item.expression.kind {
                        return expressions.sortKey(item, try ordinal(digits, of: plan.output, at: item.expression.offset).reference)
                    }
                    return try expressions.sortKey(item)
                }
                plan = .sort(try Sort(child: plan, orders: keys, context: context))
            }
        }
        if query.limit != nil || query.offset != nil {
            let count = try query.limit.map { try constantInteger($0, what: "LIMIT") } ?? Int.max
            let offset = try query.offset.map { try constantInteger($0, what: "OFFSET") } ?? 0
            plan = .limit(Limit(child: plan, count: count, offset: offset))
        }
        return plan
    }

    /// The output column an ORDER BY or GROUP BY ordinal (1-based) names.
    func ordinal(_ digits: String, of columns: [Attribute], at offset: Int) throws -> Attribute {
        guard let position = Int(digits), position >= 1, position <= columns.count else {
            throw text.error(.analysis, "position \(digits) is not in the select list (1 to \(columns.count))", at: offset)
        }
        return columns[position - 1]
    }

    /// A non-negative integer constant (LIMIT, OFFSET).
    private func constantInteger(_ expression: SQLExpression, what: String) throws -> Int {
        guard case let .literal(.integer(digits, _)) = expression.kind, let value = Int(digits), value >= 0 else {
            throw text.error(.analysis, "\(what) takes a non-negative integer constant", at: expression.offset)
        }
        return value
    }

    // MARK: Bodies

    private func body(_ body: SQLQueryBody, outer: SQLScope?) throws -> LogicalPlan {
        switch body {
        case let .select(select): return try planSelect(select, outer: outer, orderBy: [])
        case let .nested(query): return try plan(query, outer: outer)
        case let .values(rows, offset): return try values(rows, at: offset)
        case let .setOperation(op, all, left, right, offset):
            let inputs = try DataFrame.coercedForUnion([try self.body(left, outer: outer), try self.body(right, outer: outer)], context: context)
            guard let inputs else {
                throw text.error(.analysis, "\(op.rawValue) needs the same number of columns on both sides", at: offset)
            }
            switch op {
            case .union:
                let union = LogicalPlan.union(Union(inputs: inputs.plans, output: [Attribute](fresh: Schema(inputs.fields))))
                return all ? union : .dropDuplicates(DropDuplicates(child: union, keys: union.output))
            case .intersect, .except:
                if all { throw text.error(.notImplemented, "\(op.rawValue) ALL is not supported; \(op.rawValue) (DISTINCT) is", at: offset) }
                // Spark's rewrite: a semi (anti) join on every column, null equal to null, then distinct.
                let left = inputs.plans[0], right = inputs.plans[1].withFreshColumns()
                let condition = conjunction(zip(left.output, right.output).map { $0.reference.eqNullSafe($1.reference) })
                let join = try Join(left: left, right: right, type: op == .intersect ? .leftSemi : .leftAnti, condition: condition, context: context)
                return .dropDuplicates(DropDuplicates(child: .join(join), keys: join.output))
            }
        }
    }

    /// `VALUES` rows as a union of one-row projections, each column of its rows' common type,
    /// named `col1`, `col2`, … as Spark names them.
    private func values(_ rows: [[SQLExpression]], at offset: Int) throws -> LogicalPlan {
        let width = rows[0].count
        guard rows.allSatisfy({ $0.count == width }) else {
            throw text.error(.analysis, "VALUES rows must all have \(width) values", at: offset)
        }
        let one = LogicalPlan.range(RangeRelation(start: 0, end: 1, step: 1, partitions: 1))
        let expressions = SQLExpressionPlanner(planner: self, scope: SQLScope([]))
        let names = (1...width).map { "col\($0)" }
        let projections = try rows.map { row in
            LogicalPlan.project(try Project(child: one, expressions: try zip(row, names).map { try expressions.plan($0).alias($1) }, context: context))
        }
        guard projections.count > 1 else { return projections[0] }
        guard let inputs = try DataFrame.coercedForUnion(projections, context: context) else {
            throw text.error(.analysis, "VALUES rows must all have \(width) values", at: offset)
        }
        return .union(Union(inputs: inputs.plans, output: [Attribute](fresh: Schema(inputs.fields))))
    }

    /// `plan` with its columns renamed to `names` (a CTE's or alias's column list).
    func renamed(_ plan: LogicalPlan, to names: [String], at offset: Int) throws -> LogicalPlan {
        guard names.count == plan.output.count else {
            throw text.error(.analysis, "\(names.count) column names given for \(plan.output.count) columns", at: offset)
        }
        return .project(try Project(child: plan, expressions: zip(plan.output, names).map { $0.reference.alias($1) }, context: context))
    }

    // MARK: Relations

    /// The FROM clause: its relations cross-joined (the optimizer turns WHERE equalities into join
    /// conditions and orders the joins); one empty row without FROM.
    func from(_ relations: [SQLRelation]) throws -> LogicalPlan {
        guard var plan = try relations.first.map(relation) else {
            return .range(RangeRelation(start: 0, end: 1, step: 1, partitions: 1))
        }
        for next in relations.dropFirst() {
            plan = .join(try Join(left: plan, right: try relation(next), type: .cross, condition: nil, context: context))
        }
        return plan
    }

    private func relation(_ relation: SQLRelation) throws -> LogicalPlan {
        switch relation {
        case let .table(name, alias, offset):
            return try aliased(try table(name, at: offset).withFreshColumns(), alias ?? SQLAlias(name: name[name.count - 1], columns: []), at: offset)
        case let .file(format, path, alias, offset):
            guard let tables else {
                throw text.error(.analysis, "reading files in SQL needs DataFlowIO's session.sql", at: offset)
            }
            let frame = try located(offset) { try tables.files(format: format, path: path, session: session) }
            return try alias.map { try aliased(frame.plan.withFreshColumns(), $0, at: offset) } ?? frame.plan.withFreshColumns()
        case let .subquery(query, alias, offset):
            let plan = try self.plan(query)
            guard let alias else { return plan }
            return try aliased(plan, alias, at: offset)
        case let .function(name, arguments, alias, offset):
            guard name.lowercased() == "range" else {
                throw text.error(.analysis, "unknown table function \(name); DataFlow has range(end), range(start, end[, step[, partitions]])", at: offset)
            }
            let expressions = SQLExpressionPlanner(planner: self, scope: SQLScope([]))
            let values = try arguments.map { argument -> Int64 in
                switch try? expressions.plan(argument).node {
                case let .literal(.int32(value), _)?: return Int64(value)
                case let .literal(.int64(value), _)?: return value
                default: throw text.error(.analysis, "range takes integer constants", at: argument.offset)
                }
            }
            guard (1...4).contains(values.count) else { throw text.error(.analysis, "range takes 1 to 4 arguments", at: offset) }
            let start = values.count == 1 ? 0 : values[0], end = values.count == 1 ? values[0] : values[1]
            let frame = try located(offset) {
                try session.range(start, end, step: values.count > 2 ? values[2] : 1, partitions: values.count > 3 ? Int(values[3]) : nil)
            }
            return try alias.map { try aliased(frame.plan, $0, at: offset) } ?? frame.plan
        case let .join(join):
            return try self.join(join)
        }
    }

    /// A CTE, temporary view or catalog table, in that order.
    private func table(_ name: [String], at offset: Int) throws -> LogicalPlan {
        if name.count == 1 {
            for frame in ctes.reversed() {
                if let plan = frame[name[0].lowercased()] { return plan }
            }
            if let plan = session.temporaryViews.plan(name[0]) { return plan }
        }
        if let tables, let frame = try located(offset, { try tables.table(name, session: session) }) { return frame.plan }
        let known = ctes.flatMap(\.keys) + session.temporaryViews.names + ((try? tables?.tableNames(session: session)) ?? [])
        var message = "table or view '\(name.joined(separator: "."))' not found"
        if let suggestion = closestMatch(to: name.joined(separator: "."), among: known) { message += "; did you mean '\(suggestion)'?" }
        else if !known.isEmpty { message += "; known: \(known.sorted().joined(separator: ", "))" }
        throw text.error(.analysis, message, at: offset)
    }

    /// Runs `body`, showing where in the SQL a DataFlowError it throws happened (errors already
    /// shown with their line and caret pass through).
    func located<T>(_ offset: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataFlowError where !error.message.hasSuffix("^") {
            throw text.error(error.category, error.message + (error.location.map { " (\($0))" } ?? ""), at: offset)
        }
    }

    private func aliased(_ plan: LogicalPlan, _ alias: SQLAlias, at offset: Int) throws -> LogicalPlan {
        let named = alias.columns.isEmpty ? plan : try renamed(plan, to: alias.columns, at: offset)
        return .subqueryAlias(SubqueryAlias(child: named, alias: alias.name))
    }

    private func join(_ join: SQLJoin) throws -> LogicalPlan {
        let left = try relation(join.left), right = try relation(join.right)
        if !join.using.isEmpty {
            let frame = try located(join.offset) {
                try DataFrame(session: session, plan: left).join(DataFrame(session: session, plan: right), on: join.using, how: join.type)
            }
            return frame.plan
        }
        var condition: Expr?
        if let sql = join.condition {
            let scope = SQLScope(left.output + right.output)
            condition = try SQLExpressionPlanner(planner: self, scope: scope).plan(sql)
        }
        return .join(try located(join.offset) { try Join(left: left, right: right, type: join.type, condition: condition, context: context) })
    }
}
