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

    /// The output schema.
    package var schema: Schema {
        switch self {
        case let .scan(node): return node.schema
        case let .values(node): return node.schema
        case let .range(node): return node.schema
        case let .project(node): return node.schema
        case let .filter(node): return node.child.schema
        case let .aggregate(node): return node.schema
        case let .sort(node): return node.child.schema
        case let .limit(node): return node.child.schema
        case let .dropDuplicates(node): return node.child.schema
        case let .union(node): return node.schema
        case let .repartition(node): return node.child.schema
        case let .subqueryAlias(node): return node.schema
        case let .join(node): return node.schema
        case let .window(node): return node.schema
        }
    }

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
        }
    }

    /// The same node over new inputs (same count and order as `children`), schema unchanged.
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
    /// Source column indices produced; nil for all.
    package var columns: [Int]?
    /// Filters the source applies (exactly or to skip data).
    package var pushedFilters: [PushedFilter] = []
    /// A row limit the source may stop at.
    package var limit: Int?

    package var schema: Schema {
        guard let columns else { return source.schema }
        return Schema(columns.map { source.schema[$0] })
    }
}

/// Batches held in memory (createDataFrame, cache).
package struct Values: Sendable {
    package let schema: Schema
    package let partitions: [[RecordBatch]]
    package var rowCount: Int { partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } } }
}

/// `session.range`.
package struct RangeRelation: Sendable {
    package let start: Int64, end: Int64, step: Int64
    package let partitions: Int
    package var schema: Schema { Schema([Field("id", .int64, nullable: false)]) }
}

/// Computes named expressions.
package struct Project: Sendable {
    package var child: LogicalPlan
    package let expressions: [Expr]
    package let schema: Schema

    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns, bad types, or aggregates.
    init(child: LogicalPlan, expressions: [Expr], context: BindContext) throws {
        let input = child.schema
        for expr in expressions where expr.containsAggregate {
            throw DataFlowError(.analysis, "aggregate \(expr) is not allowed in select; use groupBy(...).agg(...)")
        }
        schema = Schema(try expressions.map { expr in
            // A plain column reference keeps the column's qualifier.
            var field = try expr.resolvedField(in: input, context: context)
            if case let .column(name, qualifier) = expr.node {
                let index = try ExprBinder(schema: input, context: context).resolveColumn(name, qualifier: qualifier)
                field.qualifier = input[index].qualifier
            }
            return field
        })
        self.child = child
        self.expressions = expressions
    }

    /// A project whose schema the caller already knows to be right (optimizer rewrites).
    package init(unchecked child: LogicalPlan, expressions: [Expr], schema: Schema) {
        self.child = child
        self.expressions = expressions
        self.schema = schema
    }
}

/// Keeps rows where `condition` is true.
package struct Filter: Sendable {
    package var child: LogicalPlan
    package let condition: Expr

    /// - Throws: `DataFlowError` (`.analysis`) when the condition does not resolve or is not boolean.
    init(child: LogicalPlan, condition: Expr, context: BindContext) throws {
        if condition.containsAggregate {
            throw DataFlowError(.analysis, "aggregate \(condition) is not allowed in filter; filter after agg(...)")
        }
        let bound = try ExprBinder(schema: child.schema, context: context).bind(condition)
        guard bound.dataType == .boolean || bound.dataType == .null else {
            throw DataFlowError(.analysis, "filter condition \(condition) is \(bound.dataType), not boolean")
        }
        self.child = child
        self.condition = condition
    }

    package init(unchecked child: LogicalPlan, condition: Expr) {
        self.child = child
        self.condition = condition
    }
}

/// Groups by `groupings` and computes aggregate calls (each an `aggregate` expression, maybe aliased).
package struct Aggregate: Sendable {
    package var child: LogicalPlan
    package let groupings: [Expr]
    package let aggregates: [Expr]
    package let schema: Schema

    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns or argument types.
    init(child: LogicalPlan, groupings: [Expr], aggregates: [Expr], context: BindContext) throws {
        let input = child.schema
        var fields = try groupings.map { try $0.resolvedField(in: input, context: context) }
        for aggregate in aggregates {
            guard case let .aggregate(call) = aggregate.unaliased.node else {
                throw DataFlowError.internalError("Aggregate node holds a non-aggregate \(aggregate)")
            }
            let bound = try BoundAggregate(call, name: aggregate.outputName, schema: input, context: context)
            fields.append(Field(aggregate.outputName, bound.resultType, nullable: bound.nullable))
        }
        self.child = child
        self.groupings = groupings
        self.aggregates = aggregates
        schema = Schema(fields)
    }
}

/// Orders rows by sort keys (each a `sortKey` expression).
package struct Sort: Sendable {
    package var child: LogicalPlan
    package let orders: [Expr]

    /// - Throws: `DataFlowError` (`.analysis`) when a key does not resolve.
    init(child: LogicalPlan, orders: [Expr], context: BindContext) throws {
        let binder = ExprBinder(schema: child.schema, context: context)
        let normalized = orders.map { order -> Expr in
            if case .sortKey = order.node { return order }
            return order.asc()
        }
        for order in normalized { _ = try binder.bind(order.unsorted) }
        self.child = child
        self.orders = normalized
    }
}

/// The first `count` rows.
package struct Limit: Sendable {
    package var child: LogicalPlan
    package let count: Int
}

/// Keeps the first row (in input order) of each distinct key.
package struct DropDuplicates: Sendable {
    package var child: LogicalPlan
    /// Key column names (all columns for `distinct`).
    package let keys: [String]
}

/// UNION ALL of inputs with the same column types.
package struct Union: Sendable {
    package var inputs: [LogicalPlan]
    package let schema: Schema
}

/// Changes the partitioning: a shuffle by hash of `keys` (or round-robin when empty), or by ranges of
/// `keys` (sort keys) with `byRange`, into `partitions`; or, without `shuffle`, merging adjacent
/// partitions (`coalesce`).
package struct Repartition: Sendable {
    package var child: LogicalPlan
    package let partitions: Int
    package let keys: [Expr]
    package let shuffle: Bool
    package var byRange = false
}

/// Names the input (`df.alias("a")`), so `col("a.x")` resolves.
package struct SubqueryAlias: Sendable {
    package var child: LogicalPlan
    package let alias: String
    package var schema: Schema { child.schema.qualified(by: alias) }
}
