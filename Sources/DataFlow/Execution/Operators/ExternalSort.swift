/// Sorts a stream of batches under the memory budget, for `SortOperator` and `WindowOperator`:
/// batches are buffered while the partition's share of the budget holds them twice (the batches
/// and their sorted copy); past that, what is buffered is sorted and spilled as a run. The result
/// is the spilled runs and the sorted rest, which `SortedRuns.merged` streams in order.
struct ExternalSort {
    let orders: [SortOrder]
    let schema: Schema
    /// The operator whose memory and spills these are.
    let plan: any ExecutionPlan
    /// The operator's name in errors and spill file names.
    let name: String

    /// Every row of `input` as sorted runs.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when one batch's sort does not fit the
    ///   partition's share of the budget; (`.io`) when a spill file cannot be written.
    func runs(of input: any BatchStream, context: TaskContext) throws -> SortedRuns {
        let memory = context.spillableMemory(for: plan, name: name)
        var buffered: [RecordBatch] = [], bufferedBytes = 0
        var spilled: [SpillFile] = []
        while let batch = try input.next() {
            guard batch.rowCount > 0 else { continue }
            if !memory.tryGrow(to: 2 * (bufferedBytes + batch.byteSize)) {
                if !buffered.isEmpty {
                    let run = try sortRows(&buffered)
                    spilled.append(try context.spill([splitIntoBatches(run, size: context.batchSize)], schema: schema, by: plan,
                                                     name: name.lowercased()).file)
                    bufferedBytes = 0
                }
                try memory.require(2 * batch.byteSize)
            }
            buffered.append(batch)
            bufferedBytes += batch.byteSize
        }
        let rest = try sortRows(&buffered)
        try memory.reservation.resize(to: rest.byteSize)
        return SortedRuns(spilled: spilled, inMemory: rest, memory: memory.reservation)
    }

    /// The rows of `batches`, sorted; empties `batches` (so their memory goes once concatenated).
    func sortRows(_ batches: inout [RecordBatch]) throws -> RecordBatch {
        let rows = concat(batches, schema: schema)
        batches.removeAll()
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(rows), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        return take(rows, indices: sortPermutation(keys, rowCount: rows.rowCount))
    }
}
