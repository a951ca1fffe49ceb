/// The logical plan of a `DataFrame`: what to compute, by name, before any choice of how. Each case
/// carries a payload whose initializer validates it and fixes its output schema.
package indirect enum LogicalPlan: Sendable {
    case scan(Scan)
    case values(Values)
    case range(RangeRelation)
    case project(Project)
    case filter(Filter)
    case aggregate(Aggregate)
    case sort(Sort)
    case limit(Limit)
    case dropDuplicates(DropDuplicates)
    case union(Union)
    case repartition(Repartition)
    case subqueryAlias(SubqueryAlias)
    case join(Join)
    case window(Windowing)
    case generate(Generate)

    /// The output columns, in order.
    package var output: [Attribute] {
        switch self {
        case let .scan(node): return node.output
        case let .values(node): return node.output
        case let .range(node): return [node.attribute]
        case let .project(node): return node.output
        case let .filter(node): return node.child.output
        case let .aggregate(node): return node.output
        case let .sort(node): return node.child.output
        case let .limit(node): return node.child.output
        case let .dropDuplicates(node): return node.child.output
        case let .union(node): return node.output
        case let .repartition(node): return node.child.output
        case let .subqueryAlias(node): return node.output
        case let .join(node): return node.output
        case let .window(node): return node.output
        case let .generate(node): return node.output
        }
    }

    /// The output schema.
    package var schema: Schema { output.schema }

    /// The inputs.
    package var children: [LogicalPlan] {
        switch self {
        case .scan, .values, .range: return []
        case let .project(node): return [node.child]
        case let .filter(node): return [node.child]
        case let .aggregate(node): return [node.child]
        case let .sort(node): return [node.child]
        case let .limit(node): return [node.child]
        case let .dropDuplicates(node): return [node.child]
        case let .union(node): return node.inputs
        case let .repartition(node): return [node.child]
        case let .subqueryAlias(node): return [node.child]
        case let .join(node): return [node.left, node.right]
        case let .window(node): return [node.child]
        case let .generate(node): return [node.child]
        }
    }

    /// The same node over new inputs (same count and order as `children`), output unchanged.
    func withChildren(_ new: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .scan, .values, .range: return self
        case var .project(node): node.child = new[0]; return .project(node)
        case var .filter(node): node.child = new[0]; return .filter(node)
        case var .aggregate(node): node.child = new[0]; return .aggregate(node)
        case var .sort(node): node.child = new[0]; return .sort(node)
        case var .limit(node): node.child = new[0]; return .limit(node)
        case var .dropDuplicates(node): node.child = new[0]; return .dropDuplicates(node)
        case var .union(node): node.inputs = new; return .union(node)
        case var .repartition(node): node.child = new[0]; return .repartition(node)
        case var .subqueryAlias(node): node.child = new[0]; return .subqueryAlias(node)
        case var .join(node): node.left = new[0]; node.right = new[1]; return .join(node)
        case var .window(node): node.child = new[0]; return .window(node)
        case var .generate(node): node.child = new[0]; return .generate(node)
        }
    }

    /// Rewrites the tree bottom-up.
    func transformUp(_ rule: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let kids = children
        let rebuilt = kids.isEmpty ? self : withChildren(try kids.map { try $0.transformUp(rule) })
        return try rule(rebuilt)
    }

    /// Rewrites the tree top-down (the rule sees a node before its rewritten children).
    func transformDown(_ rule: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let node = try rule(self)
        let kids = node.children
        return kids.isEmpty ? node : node.withChildren(try kids.map { try $0.transformDown(rule) })
    }
}

/// Reads a `DataSource`, with the columns, filters and limit pushed into it.
package struct Scan: Sendable {
    package let source: any DataSource
    /// One column per source column, drawn when the scan is made.
    package var attributes: [Attribute]
    /// Source column indices produced; nil for all.
    package var columns: [Int]?
    /// Filters the source applies (exactly or to skip data).
    package var pushedFilters: [PushedFilter] = []
    /// A row limit the source may stop at.
    package var limit: Int?

    /// A scan of every column of `source`.
    package init(source: any DataSource) {
        self.source = source
        attributes = [Attribute](fresh: source.schema)
    }

    package var output: [Attribute] { columns.map { $0.map { attributes[$0] } } ?? attributes }
    package var schema: Schema { output.schema }
}

/// Rows held by the session (createDataFrame, cache): in memory, or a cache's on disk.
package struct Values: Sendable {
    package var output: [Attribute]
    package let partitions: LocalPartitions

    package init(schema: Schema, partitions: LocalPartitions) {
        output = [Attribute](fresh: schema)
        self.partitions = partitions
    }

    package var schema: Schema { output.schema }
    package var rowCount: Int { partitions.rowCount }
}

/// `session.range`.
package struct RangeRelation: Sendable {
    package let start: Int64, end: Int64, step: Int64
    package let partitions: Int
    package var attribute = Attribute(Field("id", .int64, nullable: false))
    package var schema: Schema { [attribute].schema }
}

/// Computes named expressions: `output[i]` is what `expressions[i]` computes. A plain column
/// reference keeps its column's identity (and qualifier); anything else is a new column.
package struct Project: Sendable {
    package var child: LogicalPlan
    package var expressions: [Expr]
    package var output: [Attribute]

    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns, bad types, or aggregates.
    init(child: LogicalPlan, expressions: [Expr], context: BindContext) throws {
        for expr in expressions where expr.containsAggregate {
            throw DataFlowError(.analysis, "aggregate \(expr) is not allowed in select; use groupBy(...).agg(...)")
        }
        let analyzer = Analyzer(input: child.output, context: context)
        var resolved: [Expr] = [], output: [Attribute] = []
        for expr in expressions {
            let (typed, field) = try analyzer.typed(expr)
            resolved.append(typed)
            output.append(typed.passedThrough(named: field.name) ?? Attribute(field))
        }
        self.init(unchecked: child, expressions: resolved, output: output)
    }

    /// A project whose expressions are resolved and whose output the caller already knows to be
    /// right (optimizer rewrites).
    package init(unchecked child: LogicalPlan, expressions: [Expr], output: [Attribute]) {
        self.child = child
        self.expressions = expressions
        self.output = output
    }

    package var schema: Schema { output.schema }
}

/// Keeps rows where `condition` is true.
package struct Filter: Sendable {
    package var child: LogicalPlan
    package var condition: Expr

    /// - Throws: `DataFlowError` (`.analysis`) when the condition does not resolve or is not boolean.
    init(child: LogicalPlan, condition: Expr, context: BindContext) throws {
        if condition.containsAggregate {
            throw DataFlowError(.analysis, "aggregate \(condition) is not allowed in filter; filter after agg(...)")
        }
        self.child = child
        self.condition = try Analyzer(input: child.output, context: context).condition(condition, role: "filter condition")
    }

    package init(unchecked child: LogicalPlan, condition: Expr) {
        self.child = child
        self.condition = condition
    }
}

/// Groups by `groupings` and computes aggregate calls (each an `aggregate` expression, maybe
/// aliased). The output is one column per grouping (a plain column keeps its identity), then one
/// per aggregate.
package struct Aggregate: Sendable {
    package var child: LogicalPlan
    package var groupings: [Expr]
    package var aggregates: [Expr]
    package var output: [Attribute]

    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns or argument types.
    init(child: LogicalPlan, groupings: [Expr], aggregates: [Expr], context: BindContext) throws {
        let input = child.output
        let analyzer = Analyzer(input: input, context: context)
        var output: [Attribute] = []
        self.groupings = try groupings.map { grouping in
            let (typed, field) = try analyzer.typed(grouping)
            output.append(typed.passedThrough(named: field.name) ?? Attribute(field))
            return typed
        }
        self.aggregates = try aggregates.map { aggregate in
            let resolved = try analyzer.resolve(aggregate)
            guard case let .aggregate(call) = resolved.unaliased.node else {
                throw DataFlowError.internalError("Aggregate node holds a non-aggregate \(aggregate)")
            }
            let bound = try BoundAggregate(call, name: aggregate.outputName, input: input, context: context)
            output.append(Attribute(Field(aggregate.outputName, bound.resultType, nullable: bound.nullable)))
            return resolved
        }
        self.child = child
        self.output = output
    }

    package var schema: Schema { output.schema }
}

/// Orders rows by sort keys (each a `sortKey` expression).
package struct Sort: Sendable {
    package var child: LogicalPlan
    package var orders: [Expr]

    /// - Throws: `DataFlowError` (`.analysis`) when a key does not resolve.
    init(child: LogicalPlan, orders: [Expr], context: BindContext) throws {
        self.child = child
        self.orders = try orders.map(Analyzer(input: child.output, context: context).sortKey)
    }
}

/// The first `count` rows after skipping `offset` (SQL's `LIMIT count OFFSET offset`).
package struct Limit: Sendable {
    package var child: LogicalPlan
    package let count: Int
    package var offset = 0

    /// How many rows from the start the limit reads: `offset + count`, at most `Int.max`.
    package var reach: Int {
        let (sum, overflow) = count.addingReportingOverflow(offset)
        return overflow ? Int.max : sum
    }
}

/// Keeps the first row (in input order) of each distinct key.
package struct DropDuplicates: Sendable {
    package var child: LogicalPlan
    /// The key columns (all columns for `distinct`).
    package var keys: [Attribute]
}

/// UNION ALL of inputs with the same column types; the output columns are new, matched to each
/// input's by position.
package struct Union: Sendable {
    package var inputs: [LogicalPlan]
    package var output: [Attribute]

    package var schema: Schema { output.schema }
}

/// Changes the partitioning: a shuffle by hash of `keys` (or round-robin when empty), or by ranges of
/// `keys` (sort keys) with `byRange`, into `partitions`; or, without `shuffle`, merging adjacent
/// partitions (`coalesce`).
package struct Repartition: Sendable {
    package var child: LogicalPlan
    package let partitions: Int
    package var keys: [Expr]
    package let shuffle: Bool
    package var byRange = false
}

/// Names the input (`df.alias("a")`), so `col("a.x")` resolves: the same columns, qualified.
package struct SubqueryAlias: Sendable {
    package var child: LogicalPlan
    package let alias: String
    package var output: [Attribute] {
        child.output.map { attribute in
            var attribute = attribute
            attribute.qualifier = alias
            return attribute
        }
    }
    package var schema: Schema { output.schema }
}

extension Expr {
    /// For a plain reference to an input column (maybe aliased to its own name), that column,
    /// named `name`: a projection or grouping that passes a column through keeps its identity.
    func passedThrough(named name: String) -> Attribute? {
        guard case let .attribute(attribute) = unaliased.node, attribute.name.lowercased() == name.lowercased() else { return nil }
        var kept = attribute
        kept.name = name
        return kept
    }
}
