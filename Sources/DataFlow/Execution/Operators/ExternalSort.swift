/// Sorts a stream of batches under the memory budget, for `SortOperator` and `WindowOperator`:
/// batches are buffered while the partition's share of the budget holds what sorting them takes
/// (the batches, a sorted copy and the permutation's buffers: `sortingBytes`); past that, what is
/// buffered is sorted and spilled as a run. The result is the sorted runs, which
/// `SortedRuns.merged` streams in order: all in memory, or once one run went to disk, all on disk,
/// so that the merge holds a batch per run and the memory is free for what consumes it (a write's
/// row groups, the next operator's state).
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
        var buffered: [RecordBatch] = [], bufferedBytes = 0, bufferedRows = 0
        var spilled: [SpillFile] = []
        while let batch = try input.next() {
            guard batch.rowCount > 0 else { continue }
            if !memory.tryGrow(to: sortingBytes(bufferedBytes + batch.byteSize, rows: bufferedRows + batch.rowCount)) {
                if !buffered.isEmpty {
                    spilled.append(try spillRun(&buffered, context: context))
                    (bufferedBytes, bufferedRows) = (0, 0)
                    SystemAllocator.releaseFreeMemory()
                }
                try memory.require(sortingBytes(batch.byteSize, rows: batch.rowCount))
            }
            buffered.append(batch)
            bufferedBytes += batch.byteSize
            bufferedRows += batch.rowCount
        }
        if !spilled.isEmpty {
            if !buffered.isEmpty { spilled.append(try spillRun(&buffered, context: context)) }
            memory.releaseAll()
            return SortedRuns(spilled: spilled, inMemory: .empty(schema), memory: memory.reservation)
        }
        let rest = try sortRows(&buffered)
        try memory.reservation.resize(to: rest.byteSize)
        return SortedRuns(spilled: spilled, inMemory: rest, memory: memory.reservation)
    }

    /// The most memory sorting `rows` rows of `bytes` bytes takes at once: the rows and their
    /// concatenated copy, then the rows and the permutation's buffers, then the rows, the
    /// permutation and the sorted copy.
    private func sortingBytes(_ bytes: Int, rows: Int) -> Int {
        max(2 * bytes + rows * MemoryLayout<Int32>.stride, bytes + sortPermutationBytes(keyCount: orders.count, rowCount: rows))
    }

    /// Sorts `batches` and writes them to disk as a run; empties `batches`.
    private func spillRun(_ batches: inout [RecordBatch], context: TaskContext) throws -> SpillFile {
        let run = try sortRows(&batches)
        return try context.spill(sections: 1, schema: schema, by: plan, name: name.lowercased()) { _, write in
            for batch in splitIntoBatches(run, size: context.batchSize) { try write(batch) }
        }.file
    }

    /// The rows of `batches`, sorted; empties `batches` (so their memory goes once concatenated).
    func sortRows(_ batches: inout [RecordBatch]) throws -> RecordBatch {
        let rows = concat(batches, schema: schema)
        batches.removeAll()
        let keys = try orders.map { SortKey(column: try $0.expression.evaluateColumn(rows), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        return take(rows, indices: sortPermutation(keys, rowCount: rows.rowCount))
    }
}
