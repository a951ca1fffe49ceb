/// Turns an optimized, resolved logical plan into operators: chooses exchanges, splits aggregations
/// into partial and final phases, and maps each expression's columns to their positions in the
/// operator's input.
struct PhysicalPlanner {
    let context: BindContext
    /// Partitions produced by shuffles.
    let shufflePartitions: Int
    /// Joins broadcast a build side estimated at no more rows than this.
    let broadcastRows: Int
    /// The session's memory budget: a broadcast side, which cannot spill, must fit well within it.
    let memoryLimit: Int

    /// Hash buckets of the exchanges below hash tables (aggregation, dropDuplicates): small buckets
    /// keep each table in cache. Buckets are coalesced back to `shufflePartitions` afterwards.
    static let hashTableBuckets = 64

    /// A hash exchange into cache-sized buckets, `operate`d on bucket by bucket, then coalesced to
    /// `shufflePartitions` partitions without moving rows.
    func bucketed(_ input: any ExecutionPlan, keys: [any PhysicalExpr],
                  _ operate: (any ExecutionPlan) -> any ExecutionPlan) -> any ExecutionPlan {
        let buckets = max(Self.hashTableBuckets, shufflePartitions)
        let exchange = ExchangeOperator(child: input, partitioning: .hash(keys, partitions: buckets))
        return CoalescePartitionsOperator(child: operate(exchange), partitions: shufflePartitions)
    }

    func plan(_ logical: LogicalPlan) throws -> any ExecutionPlan {
        switch logical {
        case let .scan(scan):
            let request = ScanRequest(columns: scan.columns, filters: scan.pushedFilters, limit: scan.limit, targetPartitions: shufflePartitions)
            return try ScanOperator(source: scan.source, request: request, schema: scan.schema)
        case let .values(values):
            return ValuesOperator(schema: values.schema, partitions: values.partitions)
        case let .range(range):
            return RangeOperator(start: range.start, end: range.end, step: range.step, partitions: range.partitions)
        case let .project(project):
            let child = try plan(project.child)
            let binder = exprBinder(project.child)
            return ProjectOperator(child: child, expressions: try project.expressions.map(binder.bind), schema: project.schema)
        case let .filter(filter):
            let child = try plan(filter.child)
            let binder = exprBinder(filter.child)
            let positions = Dictionary(filter.child.output.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            // Cheapest first (fixed-width comparisons, then string ones, then function calls), in
            // their order when one is nondeterministic.
            let reorder = !filter.condition.isNondeterministic
            let parts = try conjuncts(filter.condition).map { conjunct in
                let columns = Set(conjunct.references.compactMap { positions[$0] })
                let readsStrings = columns.contains { filter.child.output[$0].type.isVariableWidth }
                let callsFunctions = conjunct.contains { switch $0.node { case .function, .userFunction: return true; default: return false } }
                return (predicate: try binder.requireBoolean(try binder.bind(conjunct), in: conjunct.description), columns: columns,
                        cost: reorder ? 1 + (readsStrings ? 1 : 0) + (callsFunctions ? 2 : 0) : 0)
            }
            return try FilterOperator(child: child, predicate: try binder.requireBoolean(try binder.bind(filter.condition), in: filter.condition.description),
                                      conjuncts: parts)
        case let .aggregate(aggregate):
            return try planAggregate(aggregate)
        case let .generate(generate):
            let argument = try exprBinder(generate.child).bind(generate.argument)
            return GenerateOperator(child: try plan(generate.child), argument: argument, kind: generate.kind, outer: generate.outer,
                                    schema: generate.schema)
        case let .sort(sort):
            let child = try plan(sort.child)
            let orders = try sortOrders(sort.orders, exprBinder(sort.child))
            let sorted = SortOperator(child: child, orders: orders)
            return child.partitionCount > 1 ? SortPreservingMergeOperator(child: sorted) : sorted
        case let .limit(limit):
            let child = try plan(limit.child)
            if child.partitionCount == 1 { return LimitOperator(child: child, limit: limit.count, offset: limit.offset) }
            let local = LimitOperator(child: child, limit: limit.reach)
            return LimitOperator(child: CoalescePartitionsOperator(child: local, partitions: 1), limit: limit.count, offset: limit.offset)
        case let .dropDuplicates(dedup):
            let child = try plan(dedup.child)
            let binder = exprBinder(dedup.child)
            let keys = try dedup.keys.map { try binder.bind($0.reference) }
            let local = DropDuplicatesOperator(child: child, keys: keys)
            if child.partitionCount == 1 { return local }
            return bucketed(local, keys: keys) { DropDuplicatesOperator(child: $0, keys: keys) }
        case let .union(union):
            return UnionOperator(inputs: try union.inputs.map(plan), schema: union.schema)
        case let .repartition(repartition):
            let child = try plan(repartition.child)
            if !repartition.shuffle { return CoalescePartitionsOperator(child: child, partitions: repartition.partitions) }
            if repartition.keys.isEmpty {
                return ExchangeOperator(child: child, partitioning: .roundRobin(partitions: repartition.partitions))
            }
            let binder = exprBinder(repartition.child)
            if repartition.byRange {
                let orders = try sortOrders(repartition.keys, binder)
                return ExchangeOperator(child: child, partitioning: .range(orders, partitions: repartition.partitions))
            }
            return ExchangeOperator(child: child, partitioning: .hash(try repartition.keys.map(binder.bind), partitions: repartition.partitions))
        case let .subqueryAlias(alias):
            return try plan(alias.child)
        case let .join(join):
            return try planJoin(join)
        case let .window(window):
            return try planWindow(window)
        }
    }

    /// Windows: exchange by the partition keys (into cache-sized buckets) or into one partition,
    /// then the window operator, or the top-1 operator for `rowNumber() == 1`.
    private func planWindow(_ window: Windowing) throws -> any ExecutionPlan {
        let child = try plan(window.child)
        let input = window.child.output
        let binder = exprBinder(window.child)
        let keys = try window.spec.partitionBy.map { NestedOrderedBytesExpr.sortable(try binder.bind($0)) }
        let orders = try sortOrders(window.spec.orderBy, binder)
        let functions = try zip(window.functions, window.functionOutput).map { expr, column -> BoundWindowFunction in
            guard case let .window(call) = expr.unaliased.node else { throw DataFlowError.internalError("window function \(expr)") }
            return try BoundWindowFunction(call.function, field: column.field, spec: window.spec, input: input, context: context)
        }
        let schema = window.schema
        let operate = { (input: any ExecutionPlan) -> any ExecutionPlan in
            window.firstRowOnly
                ? TopOnePerKeyOperator(child: input, partitionKeys: keys, orders: orders, schema: schema)
                : WindowOperator(child: input, partitionKeys: keys, orders: orders, frame: window.spec.effectiveFrame,
                                 functions: functions, schema: schema)
        }
        if keys.isEmpty {
            return operate(child.partitionCount == 1 ? child : ExchangeOperator(child: child, partitioning: .single))
        }
        return bucketed(child, keys: keys, operate)
    }

    /// Binds expressions over the output of `input`.
    func exprBinder(_ input: LogicalPlan) -> ExprBinder { ExprBinder(input: input.output, context: context) }

    /// Sort keys bound (nested ones as their ordered bytes); plain expressions sort ascending with
    /// nulls first.
    private func sortOrders(_ keys: [Expr], _ binder: ExprBinder) throws -> [SortOrder] {
        try keys.map { key in
            guard case let .sortKey(expr, ascending, nullsFirst) = key.node else {
                return SortOrder(expression: NestedOrderedBytesExpr.sortable(try binder.bind(key)), ascending: true, nullsFirst: true)
            }
            return SortOrder(expression: NestedOrderedBytesExpr.sortable(try binder.bind(expr)), ascending: ascending, nullsFirst: nullsFirst)
        }
    }

    /// Two phases (partial, exchange on the keys, final) when every function has a partial state;
    /// otherwise an exchange on the keys and one complete phase.
    private func planAggregate(_ aggregate: Aggregate) throws -> any ExecutionPlan {
        let child = try plan(aggregate.child)
        let input = aggregate.child.output
        let binder = exprBinder(aggregate.child)
        let groupings = try aggregate.groupings.map(binder.bind)
        let keyFields = Array(aggregate.schema.fields.prefix(groupings.count))
        let bound = try zip(aggregate.aggregates, aggregate.output.dropFirst(groupings.count)).map { expr, column -> BoundAggregate in
            guard case let .aggregate(call) = expr.unaliased.node else { throw DataFlowError.internalError("aggregate \(expr)") }
            return try BoundAggregate(call, name: column.name, input: input, context: context)
        }
        if child.partitionCount == 1 {
            return HashAggregateOperator(child: child, mode: .complete, groupings: groupings, groupingFields: keyFields, aggregates: bound)
        }
        if bound.allSatisfy({ $0.call.supportsPartial }) {
            let partial = HashAggregateOperator(child: child, mode: .partial, groupings: groupings, groupingFields: keyFields, aggregates: bound)
            let keyRefs = keyFields.enumerated().map { index, field in
                ColumnExpr(index: index, name: field.name, dataType: field.type, nullable: field.nullable) as any PhysicalExpr
            }
            if keyRefs.isEmpty {
                let single = ExchangeOperator(child: partial, partitioning: .single)
                return HashAggregateOperator(child: single, mode: .final, groupings: [], groupingFields: [], aggregates: bound)
            }
            return bucketed(partial, keys: keyRefs) {
                HashAggregateOperator(child: $0, mode: .final, groupings: keyRefs, groupingFields: keyFields, aggregates: bound)
            }
        }
        if groupings.isEmpty {
            let single = ExchangeOperator(child: child, partitioning: .single)
            return HashAggregateOperator(child: single, mode: .complete, groupings: [], groupingFields: [], aggregates: bound)
        }
        return bucketed(child, keys: groupings) {
            HashAggregateOperator(child: $0, mode: .complete, groupings: groupings, groupingFields: keyFields, aggregates: bound)
        }
    }
}
