/// One partition of a `HashAggregateOperator` (or one spilled bucket of it): reads its input into
/// groups, then produces their rows.
///
/// When the groups outgrow the partition's share of the memory budget:
/// - a partial aggregation emits the groups so far (the final aggregation merges them anyway) and
///   starts again with none;
/// - a final or complete one stops adding groups. Rows of keys it has keep updating their groups;
///   rows of other keys go to `HashSpillPartitions` by key hash. After the input, the groups in
///   memory are output, and then each spilled bucket is aggregated alone by a stream like this one
///   a level down. All rows of a key are in one bucket, so every group is output once.
final class HashAggregateStream: BatchStream {
    private let plan: HashAggregateOperator
    private let context: TaskContext
    private let level: Int
    private var input: (any BatchStream)?
    private let memory: SpillableMemory
    private var table: (any GroupTable)?
    private var accumulators: [any GroupAccumulator]
    private var groupIds: [Int32] = []
    private var scratch = EncodedKeyRows()
    private var rowsRead = 0
    /// A partial aggregation that hardly reduces its input passes the rest through as row states.
    private var passingThrough = false
    /// Where rows of keys without a group go once the groups stopped growing.
    private var spill: HashSpillPartitions?
    private var output: ArraySlice<RecordBatch> = []
    /// The spilled buckets' aggregation, after the input.
    private var buckets: (any BatchStream)?

    init(_ plan: HashAggregateOperator, input: any BatchStream, level: Int, context: TaskContext) {
        self.plan = plan
        self.input = input
        self.level = level
        self.context = context
        memory = context.spillableMemory(for: plan, name: "HashAggregate")
        table = plan.groupings.isEmpty ? nil : makeGroupTable(for: plan.groupings.map(\.dataType))
        accumulators = plan.aggregates.map { $0.makeAccumulator() }
    }

    func next() throws -> RecordBatch? {
        while true {
            if let batch = output.popFirst() { return batch }
            if let source = input {
                if let batch = try source.next() {
                    if batch.rowCount > 0 { try consume(batch) }
                } else {
                    input = nil
                    try finishInput()
                }
                continue
            }
            return try buckets?.next()
        }
    }

    private var groupCount: Int { table?.groupCount ?? 1 }

    /// The approximate bytes the groups hold: the table and each aggregate's per-group state.
    private var stateBytes: Int { (table?.memoryBytes ?? 0) + groupCount * 16 * max(1, accumulators.count) }

    /// Adds one input batch to the groups (or passes it on, or spills part of it).
    private func consume(_ batch: RecordBatch) throws {
        if passingThrough {
            output = [try plan.rowStates(batch)]
            return
        }
        guard let table else {
            try update(batch, groupIds: [Int32](repeating: 0, count: batch.rowCount))
            // One group's state: the work the operator needs to go on at all, granted even when
            // the pool is full of what other operators hold.
            try memory.require(stateBytes)
            return
        }
        let keys = try plan.groupings.map { try $0.evaluateColumn(batch) }
        if let spill {
            // The groups no longer grow: rows of known keys update them, the others spill.
            table.find(keys, groupIds: &groupIds, scratch: &scratch)
            var known: [Int32] = [], unknown: [Int32] = []
            for (row, id) in groupIds.enumerated() {
                if id >= 0 { known.append(Int32(row)) } else { unknown.append(Int32(row)) }
            }
            if !unknown.isEmpty { try spill.add(unknown.count == batch.rowCount ? batch : take(batch, indices: unknown)) }
            if !known.isEmpty {
                let ids = known.count == batch.rowCount ? groupIds : known.map { groupIds[Int($0)] }
                try update(known.count == batch.rowCount ? batch : take(batch, indices: known), groupIds: ids)
            }
            return
        }
        table.findOrInsert(keys, groupIds: &groupIds)
        try update(batch, groupIds: groupIds)
        rowsRead += batch.rowCount
        // A partial aggregation that hardly reduces the rows costs more than it saves: hand the
        // groups so far downstream and pass the remaining rows through as one-row states.
        if plan.mode == .partial && rowsRead >= HashAggregateOperator.partialProbeRows && table.groupCount * 2 > rowsRead {
            output = try groupRows()[...]
            passingThrough = true
            restart()
            return
        }
        guard !memory.tryGrow(to: stateBytes) else { return }
        if plan.mode == .partial {
            output = try groupRows()[...]
            restart()
        } else if rowsRead == batch.rowCount || level == HashSpillPartitions.maxLevel {
            // Not even one batch's groups fit (or every split of the hash is used up).
            try memory.require(stateBytes)
        } else {
            spill = HashSpillPartitions(schema: plan.child.schema, keys: plan.groupings, level: level, context: context, plan: plan, name: "aggregate")
        }
    }

    /// Updates (or, in final mode, merges into) the groups `groupIds` of the rows of `batch`.
    private func update(_ batch: RecordBatch, groupIds: [Int32]) throws {
        let count = groupCount
        try groupIds.withUnsafeBufferPointer { ids in
            for (index, accumulator) in accumulators.enumerated() {
                let aggregate = plan.aggregates[index]
                if plan.mode == .final {
                    let offset = plan.stateOffsets[index]
                    try accumulator.merge(Array(batch.columns[offset..<(offset + aggregate.stateFields.count)]), groupIds: ids, groupCount: count)
                } else {
                    try accumulator.update(try aggregate.argument?.evaluateColumn(batch), groupIds: ids, groupCount: count)
                }
            }
        }
    }

    /// After the input: the groups' rows, then the spilled buckets' turn.
    private func finishInput() throws {
        if !passingThrough { output = try groupRows()[...] }
        if let spill {
            let (plan, level, context) = (self.plan, self.level, self.context)
            buckets = try spill.finish { HashAggregateStream(plan, input: $0, level: level + 1, context: context) }
        }
        spill = nil
        table = nil
        accumulators = []
        memory.releaseAll()
    }

    /// Starts again with no groups.
    private func restart() {
        table = plan.groupings.isEmpty ? nil : makeGroupTable(for: plan.groupings.map(\.dataType))
        accumulators = plan.aggregates.map { $0.makeAccumulator() }
        rowsRead = 0
        memory.releaseAll()
    }

    /// The keys and the states (partial mode) or values of every group, in batches.
    private func groupRows() throws -> [RecordBatch] {
        let count = groupCount
        let keys = table?.keyColumns() ?? []
        var values: [Column] = []
        for accumulator in accumulators {
            if plan.mode == .partial {
                values += try accumulator.states(groupCount: count)
            } else {
                values.append(try accumulator.evaluate(groupCount: count))
            }
        }
        return splitIntoBatches(RecordBatch(unchecked: plan.schema, columns: keys + values, rowCount: count), size: context.batchSize)
    }
}
