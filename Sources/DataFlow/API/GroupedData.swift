/// Rows grouped by keys, or by several sets of them (`rollup`, `cube`, `groupingSets`), waiting
/// for `agg`.
public struct GroupedData: Sendable {
    let frame: DataFrame
    /// The keys, resolved against `frame`'s columns.
    let groupings: [Expr]
    /// Each grouping set as indices into `groupings`; nil for one group per key.
    var sets: [[Int]]? = nil
    /// The column whose values become columns (`pivot`), and those values.
    var pivot: (column: Expr, values: [Scalar])? = nil

    /// One row per group: the grouping columns, then each aggregate expression. Expressions may
    /// combine aggregates (`Expr.sum("a") / Expr.count()`) and grouping columns.
    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns, non-aggregate expressions over
    ///   non-grouping columns, or argument types an aggregate does not take.
    public func agg(_ aggregates: Expr...) throws -> DataFrame { try agg(aggregates) }

    /// See `agg(_:)`.
    public func agg(_ aggregates: [Expr]) throws -> DataFrame {
        if let pivot {
            guard sets == nil else { throw DataFlowError(.analysis, "pivot follows groupBy, not rollup, cube or groupingSets") }
            return try agg(aggregates, pivotingBy: pivot.column, values: pivot.values)
        }
        if let sets { return try agg(aggregates, sets: sets) }
        let context = frame.context
        // Every aggregate call becomes a column of the Aggregate node; expressions that are more
        // than an aliased call are computed by a projection on top.
        var calls: [Expr] = []
        func callName(_ call: Expr) -> String {
            if let existing = calls.first(where: { $0.unaliased.sameAs(call) }) { return existing.outputName }
            let name = calls.contains(where: { $0.outputName == call.description }) ? "\(call.description)#\(calls.count)" : call.description
            calls.append(call.alias(name))
            return name
        }
        let names = aggregates.map(\.outputName)
        let simple = aggregates.allSatisfy { if case .aggregate = $0.unaliased.node { return true } else { return false } }
            && Set(names.map { $0.lowercased() }).count == names.count
        var outputs: [Expr] = []
        for expr in aggregates where !simple {
            guard expr.containsAggregate else {
                throw DataFlowError(.analysis, "agg(...) expression \(expr) contains no aggregate function")
            }
            let rewritten = expr.unaliased.transformUp { node in
                if case .aggregate = node.node { return columnReference(callName(node)) }
                return node
            }
            outputs.append(rewritten.alias(expr.outputName))
        }
        if simple {
            let named = aggregates.map { $0.unaliased.alias($0.outputName) }
            return frame.with(.aggregate(try Aggregate(child: frame.plan, groupings: groupings, aggregates: named, context: context)))
        }
        let aggregate = try Aggregate(child: frame.plan, groupings: groupings, aggregates: calls, context: context)
        let keys = aggregate.output.prefix(groupings.count).map(\.reference)
        return frame.with(.project(try Project(child: .aggregate(aggregate), expressions: keys + outputs, context: context)))
    }

    /// One row per group of each grouping set: the grouping columns (null where a set does not
    /// group by them), then the aggregates; `grouping(...)` and `groupingId(...)` say which set a
    /// row belongs to.
    private func agg(_ aggregates: [Expr], sets: [[Int]]) throws -> DataFrame {
        let analyzer = Analyzer(input: frame.plan.output, context: frame.context)
        let keys = groupings.map(\.unaliased)
        let aggregation = GroupingAggregation(groupings: keys, sets: sets, over: frame.plan, session: frame.session)
        let resolved = try aggregates.map { expr in
            guard expr.containsAggregate || expr.contains(where: GroupingAggregation.isGroupingCall) else {
                throw DataFlowError(.analysis, "agg(...) expression \(expr) contains no aggregate function")
            }
            return try analyzer.resolve(expr.unaliased)
        }
        resolved.forEach(aggregation.collect)
        let plan = try aggregation.plan()
        let outputs = try zip(groupings, keys).map { try aggregation.rewrite($1).alias($0.outputName) }
            + zip(aggregates, resolved).map { try aggregation.rewrite($1).alias($0.outputName) }
        return frame.with(.project(try Project(child: plan, expressions: outputs, context: frame.context)))
    }

    /// The number of rows per group, as `count`.
    public func count() throws -> DataFrame { try agg(Expr.count().alias("count")) }
    /// The sum of each of `columns` per group.
    public func sum(_ columns: String...) throws -> DataFrame { try agg(columns.map { Expr.sum($0) }) }
    /// The mean of each of `columns` per group.
    public func avg(_ columns: String...) throws -> DataFrame { try agg(columns.map { Expr.avg($0) }) }
    /// The smallest value of each of `columns` per group.
    public func min(_ columns: String...) throws -> DataFrame { try agg(columns.map { Expr.min($0) }) }
    /// The largest value of each of `columns` per group.
    public func max(_ columns: String...) throws -> DataFrame { try agg(columns.map { Expr.max($0) }) }
}
