/// A lazy, immutable table: a logical plan and the session it runs in. Transformations check names
/// and types right away (a wrong column name throws, naming the available ones and the closest
/// match) and compute nothing; actions (`collect`, `count`, `show`, writes) optimize the plan and run it.
public struct DataFrame: Sendable {
    /// The session queries run in.
    public let session: Session
    package let plan: LogicalPlan
    /// The session's time zone and runner when this DataFrame was made (`SessionSettings`).
    package let settings: SessionSettings
    /// Distinguishes this DataFrame's columns from another's in a join (`df["k"]`).
    let id: Int

    /// A DataFrame over `plan` in the session's current settings.
    init(session: Session, plan: LogicalPlan) {
        self.init(session: session, settings: session.settings, plan: plan, id: DataFrameIdentity.next())
    }

    private init(session: Session, settings: SessionSettings, plan: LogicalPlan, id: Int) {
        self.session = session
        self.settings = settings
        self.plan = plan
        self.id = id
    }

    /// The qualifier `df["k"]` uses when this DataFrame's columns have none of their own.
    var autoQualifier: String { "\(DataFrameIdentity.prefix)\(id)" }

    /// The output schema.
    public var schema: Schema { plan.schema }

    /// The column names.
    public var columns: [String] { schema.names }

    /// The session time zone this DataFrame was made in: its casts, date/time functions and text
    /// output use it.
    public var timeZone: SessionTimeZone { settings.timeZone }

    var context: BindContext { session.bindContext(in: timeZone) }

    /// A DataFrame over `plan` in this one's session and settings.
    package func with(_ plan: LogicalPlan) -> DataFrame { DataFrame(session: session, settings: settings, plan: plan, id: DataFrameIdentity.next()) }

    /// This DataFrame under another identity (`df["k"]` of a self-join's sides).
    func withIdentity(_ identity: Int) -> DataFrame { DataFrame(session: session, settings: settings, plan: plan, id: identity) }

    // MARK: Columns

    /// The columns named.
    public func select(_ columns: String...) throws -> DataFrame { try select(columns.map(col)) }

    /// The expressions given, named by their aliases or printed forms.
    public func select(_ exprs: Expr...) throws -> DataFrame { try select(exprs) }

    /// The expressions given; `col("*")` stands for every column.
    public func select(_ exprs: [Expr]) throws -> DataFrame {
        let expanded = exprs.flatMap { expr -> [Expr] in
            if case let .column(name, qualifier) = expr.node, name == "*" {
                return plan.output.filter { qualifier == nil || $0.qualifier == qualifier }.map(\.reference)
            }
            return [expr]
        }
        if expanded.contains(where: \.containsGenerator) { return try selectWithGenerator(expanded) }
        guard expanded.contains(where: \.containsWindow) else {
            return with(.project(try Project(child: plan, expressions: expanded, context: context)))
        }
        return try selectWithWindows(expanded)
    }

    /// Expands the rows by the one generator in `exprs` (a `Generate` node: each element or entry
    /// becomes a row), then computes `exprs` with the generator's columns in its place. As in
    /// Spark, a select has at most one generator, at the top level of its expression; an alias
    /// names the column of a one-column generator.
    private func selectWithGenerator(_ exprs: [Expr]) throws -> DataFrame {
        let generators = exprs.filter(\.containsGenerator)
        guard generators.count == 1, case let .function(name, arguments) = generators[0].unaliased.node,
              Generate.functions[name.lowercased()] != nil else {
            throw DataFlowError(.analysis, "a select takes one generator, as a whole column (not inside an expression): \(generators.map(\.description).joined(separator: ", "))")
        }
        guard arguments.count == 1 else { throw DataFlowError(.analysis, "\(name) takes 1 argument, got \(arguments.count)") }
        let names: [String]? = if case let .alias(_, alias) = generators[0].node { [alias] } else { nil }
        let generate = try Generate(child: plan, function: name, argument: arguments[0], names: names, context: context)
        let rest = exprs.flatMap { expr in expr.containsGenerator ? generate.generatedOutput.map(\.reference) : [expr] }
        return try with(.generate(generate)).select(rest)
    }

    /// Computes the window functions in `exprs` with one `Windowing` node per distinct window spec
    /// (functions sharing a spec share one pass), then the expressions over their results.
    private func selectWithWindows(_ exprs: [Expr]) throws -> DataFrame {
        var groups: [(spec: WindowSpec, calls: [Expr])] = []
        var names: [String] = schema.names
        func reference(_ node: Expr) throws -> Expr {
            guard case let .window(call) = node.node else { return node }
            guard let spec = call.spec else {
                throw DataFlowError(.analysis, "window function \(call.function.name) needs over(...)")
            }
            let group = groups.firstIndex { $0.spec.sameAs(spec) } ?? {
                groups.append((spec, []))
                return groups.count - 1
            }()
            if let existing = groups[group].calls.first(where: { $0.unaliased.sameAs(node) }) { return columnReference(existing.outputName) }
            var name = node.description
            while names.contains(name) { name += "_" }
            names.append(name)
            groups[group].calls.append(node.alias(name))
            return columnReference(name)
        }
        let rewritten = try exprs.map { expr in
            try expr.unaliased.transformUp(reference).alias(expr.outputName)
        }
        var current = plan
        for group in groups {
            current = .window(try Windowing(child: current, spec: group.spec, functions: group.calls, context: context))
        }
        let plain = zip(rewritten, exprs).map { rewritten, original -> Expr in
            if case .column = original.node { return original }
            return rewritten
        }
        return with(.project(try Project(child: current, expressions: plain, context: context)))
    }

    /// Every column plus `name` computed by `expr` (replacing a column of that name in place).
    public func withColumn(_ name: String, _ expr: Expr) throws -> DataFrame {
        var exprs = plan.output.map(\.reference)
        if let index = plan.output.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            exprs[index] = expr.alias(name)
        } else {
            exprs.append(expr.alias(name))
        }
        return try select(exprs)
    }

    /// The column `existing` renamed to `newName` (no-op when there is no such column, as in Spark).
    public func withColumnRenamed(_ existing: String, _ newName: String) throws -> DataFrame {
        guard plan.output.contains(where: { $0.name.lowercased() == existing.lowercased() }) else { return self }
        return try select(plan.output.map { column in
            column.name.lowercased() == existing.lowercased() ? column.reference.alias(newName) : column.reference
        })
    }

    /// Every column except those named (unknown names are ignored, as in Spark).
    public func drop(_ columns: String...) throws -> DataFrame {
        let dropped = Set(columns.map { $0.lowercased() })
        return try select(plan.output.filter { !dropped.contains($0.name.lowercased()) }.map(\.reference))
    }

    /// A reference to this DataFrame's column `name`, which stays unambiguous after a join with
    /// another DataFrame that has a column of the same name (`left["k"] == right["k"]`).
    public subscript(name: String) -> Expr {
        let qualifier = (try? schema.index(of: name)).flatMap { schema[$0].qualifier } ?? autoQualifier
        return Expr(.column(name: name, qualifier: qualifier))
    }

    /// The same rows under the name `alias`, so that `col("alias.x")` refers to them.
    public func alias(_ alias: String) -> DataFrame {
        with(.subqueryAlias(SubqueryAlias(child: plan, alias: alias)))
    }

    // MARK: Rows

    /// The rows where `condition` is true (null counts as false).
    public func filter(_ condition: Expr) throws -> DataFrame {
        with(.filter(try Filter(child: plan, condition: condition, context: context)))
    }

    /// Alias of `filter`.
    public func `where`(_ condition: Expr) throws -> DataFrame { try filter(condition) }

    /// Rows ordered by the keys (`col("x").desc()`, plain expressions sort ascending, nulls first).
    public func orderBy(_ orders: Expr...) throws -> DataFrame { try orderBy(orders) }

    /// Rows ordered by the keys.
    public func orderBy(_ orders: [Expr]) throws -> DataFrame {
        with(.sort(try Sort(child: plan, orders: orders, context: context)))
    }

    /// Rows ordered by the named columns, ascending.
    public func orderBy(_ columns: String...) throws -> DataFrame { try orderBy(columns.map(col)) }

    /// Alias of `orderBy`.
    public func sort(_ orders: Expr...) throws -> DataFrame { try orderBy(orders) }

    /// The first `count` rows.
    public func limit(_ count: Int) throws -> DataFrame {
        guard count >= 0 else { throw DataFlowError.invalidArgument("limit", "must not be negative, got \(count)") }
        return with(.limit(Limit(child: plan, count: count)))
    }

    /// The rows after the first `count` (SQL's OFFSET; `orderBy` first for a defined order).
    public func offset(_ count: Int) throws -> DataFrame {
        guard count >= 0 else { throw DataFlowError.invalidArgument("offset", "must not be negative, got \(count)") }
        return with(.limit(Limit(child: plan, count: Int.max, offset: count)))
    }

    /// Distinct rows (the first of each, in input order).
    public func distinct() throws -> DataFrame { try dropDuplicates() }

    /// The first row (in input order) of each distinct combination of `subset` (all columns when nil).
    public func dropDuplicates(_ subset: [String]? = nil) throws -> DataFrame {
        guard let subset else { return with(.dropDuplicates(DropDuplicates(child: plan, keys: plan.output))) }
        let analyzer = Analyzer(input: plan.output, context: context)
        let keys = try subset.map { try analyzer.resolveColumn($0, qualifier: nil) }
        return with(.dropDuplicates(DropDuplicates(child: plan, keys: keys)))
    }

    /// The rows of both DataFrames, matched by column position (UNION ALL).
    /// - Throws: `DataFlowError` (`.analysis`) when column counts differ or types have no common type.
    public func union(_ other: DataFrame) throws -> DataFrame {
        guard columns.count == other.columns.count else {
            throw DataFlowError(.analysis, "union needs the same number of columns: \(columns.count) vs \(other.columns.count) ([\(columns.joined(separator: ", "))] vs [\(other.columns.joined(separator: ", "))])")
        }
        guard let inputs = try Self.coercedForUnion([plan, other.plan], context: context) else {
            throw DataFlowError.internalError("union inputs of different widths")
        }
        return with(.union(Union(inputs: inputs.plans, output: [Attribute](fresh: Schema(inputs.fields)))))
    }

    /// The plans with each column cast to its common type across them, and the union's fields
    /// (nullable where any input's is); nil when the column counts differ.
    /// - Throws: `DataFlowError` (`.analysis`) naming a column whose types have no common type.
    static func coercedForUnion(_ plans: [LogicalPlan], context: BindContext) throws -> (plans: [LogicalPlan], fields: [Field])? {
        let schemas = plans.map(\.schema)
        guard schemas.allSatisfy({ $0.fields.count == schemas[0].fields.count }) else { return nil }
        let fields = try schemas[0].fields.indices.map { index -> Field in
            let column = schemas.map { $0.fields[index] }
            guard let type = TypeCoercion.commonType(column.map(\.type)) else {
                throw DataFlowError(.analysis, "union: column '\(column[0].name)' has types \(column.map { "\($0.type)" }.joined(separator: " and ")), which have no common type")
            }
            return Field(column[0].name, type, nullable: column.contains(where: \.nullable))
        }
        let coerced = try plans.map { plan -> LogicalPlan in
            guard zip(plan.schema.fields, fields).contains(where: { $0.type != $1.type }) else { return plan }
            return .project(try Project(child: plan, expressions: zip(plan.output, fields).map { have, want in
                have.type == want.type ? have.reference : have.reference.cast(want.type).alias(have.name)
            }, context: context))
        }
        return (coerced, fields)
    }

    /// The rows of both DataFrames, matched by column name. With `allowMissingColumns`, columns
    /// missing on one side are filled with nulls.
    public func unionByName(_ other: DataFrame, allowMissingColumns: Bool = false) throws -> DataFrame {
        var names = columns
        for name in other.columns where !names.contains(where: { $0.lowercased() == name.lowercased() }) {
            guard allowMissingColumns else {
                throw DataFlowError(.analysis, "unionByName: column '\(name)' is missing on the left; left has [\(columns.joined(separator: ", "))]")
            }
            names.append(name)
        }
        func aligned(_ frame: DataFrame) throws -> DataFrame {
            try frame.select(names.map { name in
                if let index = try? frame.schema.index(of: name) { return frame.plan.output[index].reference }
                guard allowMissingColumns else {
                    throw DataFlowError(.analysis, "unionByName: column '\(name)' is missing on the right; right has [\(frame.columns.joined(separator: ", "))]")
                }
                let other = try (try? schema.index(of: name)).map { schema[$0].type } ?? other.schema[try other.schema.index(of: name)].type
                return nullLiteral(other).alias(name)
            })
        }
        return try aligned(self).union(try aligned(other))
    }

    // MARK: Partitioning

    /// The rows spread evenly over `partitions` partitions (a round-robin shuffle).
    public func repartition(_ partitions: Int) throws -> DataFrame {
        guard partitions > 0 else { throw DataFlowError.invalidArgument("partitions", "must be positive, got \(partitions)") }
        return with(.repartition(Repartition(child: plan, partitions: partitions, keys: [], shuffle: true)))
    }

    /// The rows hash-partitioned by `by` into `partitions` partitions.
    public func repartition(_ partitions: Int, by keys: Expr...) throws -> DataFrame {
        guard partitions > 0 else { throw DataFlowError.invalidArgument("partitions", "must be positive, got \(partitions)") }
        return with(.repartition(Repartition(child: plan, partitions: partitions, keys: try resolved(keys), shuffle: true)))
    }

    /// The rows hash-partitioned by the named columns.
    public func repartition(_ partitions: Int, by columns: [String]) throws -> DataFrame {
        let keys = try resolved(columns.map(col))
        guard partitions > 0 else { throw DataFlowError.invalidArgument("partitions", "must be positive, got \(partitions)") }
        return with(.repartition(Repartition(child: plan, partitions: partitions, keys: keys, shuffle: true)))
    }

    /// The rows range-partitioned by the sort keys into `partitions` partitions: boundaries are
    /// sampled quantiles, and every row of a partition sorts at or before every row of the next.
    public func repartitionByRange(_ partitions: Int, by orders: Expr...) throws -> DataFrame {
        guard partitions > 0 else { throw DataFlowError.invalidArgument("partitions", "must be positive, got \(partitions)") }
        let keys = try orders.map(Analyzer(input: plan.output, context: context).sortKey)
        return with(.repartition(Repartition(child: plan, partitions: partitions, keys: keys, shuffle: true, byRange: true)))
    }

    /// At most `partitions` partitions, merging neighbours without a shuffle.
    public func coalesce(_ partitions: Int) throws -> DataFrame {
        guard partitions > 0 else { throw DataFlowError.invalidArgument("partitions", "must be positive, got \(partitions)") }
        return with(.repartition(Repartition(child: plan, partitions: partitions, keys: [], shuffle: false)))
    }

    /// Runs the plan now and keeps the result, keeping its partitions; later queries on the
    /// returned DataFrame read it from there. A partition stays in memory, counted against the
    /// session's memory limit, while it fits (caches hold at most half the limit), else in a spill
    /// file, until the returned DataFrame and those built on it are gone (Spark's MEMORY_AND_DISK).
    /// On a remote session the cluster keeps the rows (Spark's local checkpoint) until the
    /// returned DataFrame and those built on it are gone; nothing comes here.
    public func cache() throws -> DataFrame { try settings.runner.cache(self) }

    // MARK: Aggregation

    /// Groups rows by the named columns, for `agg`.
    public func groupBy(_ columns: String...) throws -> GroupedData { try groupBy(columns.map(col)) }

    /// Groups rows by the expressions, for `agg`.
    public func groupBy(_ exprs: Expr...) throws -> GroupedData { try groupBy(exprs) }

    /// One group of every row, for `agg` (`df.groupBy().agg(.count())`, as `df.agg(...)`).
    public func groupBy() throws -> GroupedData { try groupBy([Expr]()) }

    /// Groups rows by the expressions, for `agg`.
    public func groupBy(_ exprs: [Expr]) throws -> GroupedData {
        GroupedData(frame: self, groupings: try zip(resolved(exprs), exprs).map { resolved, written in
            // A computed key keeps the name it was written with.
            switch resolved.node {
            case .attribute, .alias: return resolved
            default: return resolved.alias(written.outputName)
            }
        })
    }

    /// Groups by each leading part of `columns` in turn, then by nothing: `rollup("year", "month")`
    /// aggregates per (year, month), per year, and over all rows, as Spark's `rollup`.
    public func rollup(_ columns: any ColumnOrName...) throws -> GroupedData {
        var grouped = try groupBy(columns.map(\.columnExpr))
        grouped.sets = GroupingSets.rollup(columns.indices.map { [$0] })
        return grouped
    }

    /// Groups by every subset of `columns`, as Spark's `cube`.
    public func cube(_ columns: any ColumnOrName...) throws -> GroupedData {
        var grouped = try groupBy(columns.map(\.columnExpr))
        grouped.sets = GroupingSets.cube(columns.indices.map { [$0] })
        return grouped
    }

    /// Groups by each of `sets`, every one a list of some of `columns`, as Spark's `groupingSets`:
    /// `groupingSets([["a", "b"], ["a"], []], "a", "b")`.
    /// - Throws: `DataFlowError` (`.analysis`) when a set names an expression not in `columns`.
    public func groupingSets(_ sets: [[any ColumnOrName]], _ columns: any ColumnOrName...) throws -> GroupedData {
        var grouped = try groupBy(columns.map(\.columnExpr))
        let keys = grouped.groupings.map(\.unaliased)
        grouped.sets = try sets.map { set in
            try resolved(set.map(\.columnExpr)).map { member in
                guard let index = keys.firstIndex(where: { $0.sameAs(member) }) else {
                    throw DataFlowError(.analysis, "groupingSets: \(member) is not one of the grouping columns \(columns.map(\.columnExpr))")
                }
                return index
            }
        }
        return grouped
    }

    /// `exprs` resolved against this DataFrame's columns and type-checked.
    private func resolved(_ exprs: [Expr]) throws -> [Expr] {
        let analyzer = Analyzer(input: plan.output, context: context)
        return try exprs.map { try analyzer.typed($0).expr }
    }

    /// Aggregates over all rows (one output row).
    public func agg(_ aggregates: Expr...) throws -> DataFrame {
        try agg(aggregates)
    }

    /// Aggregates over all rows (an array form of `agg(_:)`).
    public func agg(_ aggregates: [Expr]) throws -> DataFrame {
        try GroupedData(frame: self, groupings: []).agg(aggregates)
    }
}
