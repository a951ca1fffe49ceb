/// Which half of a two-phase aggregation an operator performs.
enum AggregateMode: String, Sendable {
    /// Raw rows in, partial states out (before the exchange).
    case partial = "partial"
    /// Partial states in, final values out (after the exchange).
    case final = "final"
    /// Raw rows in, final values out (distinct aggregates, or input already partitioned by key).
    case complete = "complete"
}

/// Hash aggregation of one partition: a group table assigns group ids, then each accumulator
/// updates its per-group state with one typed loop per batch. Blocking: output comes after the
/// whole input was read. A global aggregate (no keys) always outputs one row.
///
/// Under the memory budget (`HashAggregateStream`): a partial aggregation that outgrows its share
/// hands its groups downstream early and starts again; a final or complete one keeps the groups it
/// has, goes on updating them, and writes the rows of keys it has no room for to spill files by key
/// hash, then aggregates each file alone (splitting again, a level down, if one is still too big).
final class HashAggregateOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let mode: AggregateMode
    /// Grouping expressions over the input (in final mode: the key columns of the partial output).
    let groupings: [any PhysicalExpr]
    let aggregates: [BoundAggregate]
    let schema: Schema
    /// Where each aggregate's partial state columns start in the final-mode input.
    let stateOffsets: [Int]

    init(child: any ExecutionPlan, mode: AggregateMode, groupings: [any PhysicalExpr], groupingFields: [Field],
         aggregates: [BoundAggregate]) {
        self.child = child
        self.mode = mode
        self.groupings = groupings
        self.aggregates = aggregates
        let valueFields: [Field] = mode == .partial
            ? aggregates.flatMap(\.stateFields)
            : aggregates.map { Field($0.name, $0.resultType, nullable: $0.nullable) }
        schema = Schema(groupingFields + valueFields)
        var offsets: [Int] = []
        var offset = groupings.count
        for aggregate in aggregates {
            offsets.append(offset)
            offset += aggregate.stateFields.count
        }
        stateOffsets = offsets
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        "HashAggregate(mode=\(mode.rawValue), keys=[\(groupings.map(\.description).joined(separator: ", "))], functions=[\(aggregates.map { ExprFormatter.format(Expr(.aggregate($0.call))) + " AS " + $0.name }.joined(separator: ", "))])"
    }

    /// Rows a partial aggregation reads before judging whether it reduces the data.
    static let partialProbeRows = 131_072

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        HashAggregateStream(self, input: try child.execute(partition: partition, context: context), level: 0, context: context)
    }

    /// Each row of `batch` as its own group: its keys and the partial state of that one row.
    func rowStates(_ batch: RecordBatch) throws -> RecordBatch {
        let count = batch.rowCount
        let identity = Array(0..<Int32(count))
        var columns = try groupings.map { try $0.evaluateColumn(batch) }
        try identity.withUnsafeBufferPointer { ids in
            for aggregate in aggregates {
                let accumulator = aggregate.makeAccumulator()
                try accumulator.update(try aggregate.argument?.evaluateColumn(batch), groupIds: ids, groupCount: count)
                columns += try accumulator.states(groupCount: count)
            }
        }
        return RecordBatch(unchecked: schema, columns: columns, rowCount: count)
    }
}

/// `batch` cut into zero-copy slices of at most `size` rows.
func splitIntoBatches(_ batch: RecordBatch, size: Int) -> [RecordBatch] {
    if batch.rowCount <= size { return batch.rowCount == 0 ? [] : [batch] }
    return stride(from: 0, to: batch.rowCount, by: size).map { batch.slice($0, min(size, batch.rowCount - $0)) }
}
