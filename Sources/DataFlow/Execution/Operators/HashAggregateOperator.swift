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
final class HashAggregateOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let mode: AggregateMode
    /// Grouping expressions over the input (in final mode: the key columns of the partial output).
    let groupings: [any PhysicalExpr]
    let aggregates: [BoundAggregate]
    let schema: Schema

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
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        "HashAggregate(mode=\(mode.rawValue), keys=[\(groupings.map(\.description).joined(separator: ", "))], functions=[\(aggregates.map { ExprFormatter.format(Expr(.aggregate($0.call))) + " AS " + $0.name }.joined(separator: ", "))])"
    }

    /// Rows a partial aggregation reads before judging whether it reduces the data.
    static let partialProbeRows = 131_072

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in try aggregate(input, context: context) }
    }

    /// Reads `input` into a group table and returns the groups' stream (or, for a partial
    /// aggregation that hardly reduces its input, the groups so far followed by the rest as
    /// one-row states).
    private func aggregate(_ input: any BatchStream, context: TaskContext) throws -> any BatchStream {
        let table = makeGroupTable(for: groupings.map(\.dataType))
        let accumulators = aggregates.map { $0.makeAccumulator() }
        let reservation = context.reservation(for: self, name: "HashAggregate")
        var groupIds: [Int32] = []
        let keyCount = groupings.count
        // Where each aggregate's partial state columns start in the final-mode input.
        var stateOffsets: [Int] = []
        var offset = keyCount
        for aggregate in aggregates {
            stateOffsets.append(offset)
            offset += aggregate.stateFields.count
        }
        var rowsRead = 0
        while let batch = try input.next() {
            guard batch.rowCount > 0 else { continue }
            let groupCount: Int
            if keyCount == 0 {
                groupIds = [Int32](repeating: 0, count: batch.rowCount)
                groupCount = 1
            } else {
                table.findOrInsert(try groupings.map { try $0.evaluateColumn(batch) }, groupIds: &groupIds)
                groupCount = table.groupCount
            }
            try groupIds.withUnsafeBufferPointer { ids in
                for (index, accumulator) in accumulators.enumerated() {
                    let aggregate = aggregates[index]
                    if mode == .final {
                        let states = Array(batch.columns[stateOffsets[index]..<(stateOffsets[index] + aggregate.stateFields.count)])
                        try accumulator.merge(states, groupIds: ids, groupCount: groupCount)
                    } else {
                        try accumulator.update(try aggregate.argument?.evaluateColumn(batch), groupIds: ids, groupCount: groupCount)
                    }
                }
            }
            try reservation.resize(to: table.memoryBytes + groupCount * 16 * max(1, accumulators.count))
            rowsRead += batch.rowCount
            // A partial aggregation that hardly reduces the rows costs more than it saves: hand the
            // groups so far downstream and pass the remaining rows through as one-row states.
            if mode == .partial && keyCount > 0 && rowsRead >= Self.partialProbeRows && table.groupCount * 2 > rowsRead {
                let sofar = try output(table: table, accumulators: accumulators, batchSize: context.batchSize)
                return ChainedStream(partitions: [0, 1]) { [self] part in
                    part == 0 ? BatchListStream(sofar) as any BatchStream : MappedStream(input) { try self.rowStates($0) }
                }
            }
        }
        return BatchListStream(try output(table: keyCount == 0 ? nil : table, accumulators: accumulators, batchSize: context.batchSize))
    }

    /// The keys and the states (partial mode) or values of every group, in batches.
    private func output(table: (any GroupTable)?, accumulators: [any GroupAccumulator], batchSize: Int) throws -> [RecordBatch] {
        let groupCount = table?.groupCount ?? 1
        let keys = table?.keyColumns() ?? []
        var values: [Column] = []
        for accumulator in accumulators {
            if mode == .partial {
                values += try accumulator.states(groupCount: groupCount)
            } else {
                values.append(try accumulator.evaluate(groupCount: groupCount))
            }
        }
        return splitIntoBatches(RecordBatch(unchecked: schema, columns: keys + values, rowCount: groupCount), size: batchSize)
    }

    /// Each row of `batch` as its own group: its keys and the partial state of that one row.
    private func rowStates(_ batch: RecordBatch) throws -> RecordBatch {
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
