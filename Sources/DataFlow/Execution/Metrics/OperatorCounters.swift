import Dispatch
import Synchronization

/// The live counters of one operator in one execution, updated by every partition at once:
/// batches and rows produced, time spent inside the operator and its inputs, and the memory it
/// holds. `OperatorMetrics` is their snapshot.
final class OperatorCounters: Sendable {
    private let outputRows = Atomic<Int>(0)
    private let outputBatches = Atomic<Int>(0)
    /// Nanoseconds spent in the operator, including the inputs it pulled from meanwhile.
    private let inclusiveNanoseconds = Atomic<Int>(0)
    private let heldBytes = Atomic<Int>(0)
    private let peakBytes = Atomic<Int>(0)
    private let spilledBytes = Atomic<Int>(0)
    private let spilledRows = Atomic<Int>(0)
    private let spillFiles = Atomic<Int>(0)
    /// What a scan read and skipped.
    let scan = ScanMetrics()

    /// Counts a produced batch.
    func recordOutput(_ batch: RecordBatch) { recordOutput(rows: batch.rowCount, batches: 1) }

    /// Counts `batches` produced batches of `rows` rows in all.
    func recordOutput(rows: Int, batches: Int) {
        outputRows.wrappingAdd(rows, ordering: .relaxed)
        outputBatches.wrappingAdd(batches, ordering: .relaxed)
    }

    /// Runs `body`, counting its time as the operator's.
    func timed<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { inclusiveNanoseconds.wrappingAdd(Int(DispatchTime.now().uptimeNanoseconds &- start), ordering: .relaxed) }
        return try body()
    }

    /// Follows a change of the bytes the operator holds, keeping the peak.
    func memoryChanged(by delta: Int) {
        let now = heldBytes.wrappingAdd(delta, ordering: .relaxed).newValue
        var peak = peakBytes.load(ordering: .relaxed)
        while now > peak {
            let (exchanged, original) = peakBytes.compareExchange(expected: peak, desired: now, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }
    }

    /// Counts a spill file written.
    func recordSpill(_ file: SpillFile) {
        spilledBytes.wrappingAdd(file.bytes, ordering: .relaxed)
        spilledRows.wrappingAdd(file.rows, ordering: .relaxed)
        spillFiles.wrappingAdd(1, ordering: .relaxed)
    }

    /// The counters now; `computeNanoseconds` still includes the inputs' time.
    func snapshot() -> OperatorMetrics {
        let scanned = scan.counts
        return OperatorMetrics(outputRows: outputRows.load(ordering: .relaxed), outputBatches: outputBatches.load(ordering: .relaxed),
                        computeNanoseconds: inclusiveNanoseconds.load(ordering: .relaxed), peakMemoryBytes: peakBytes.load(ordering: .relaxed),
                        spilledBytes: spilledBytes.load(ordering: .relaxed), spilledRows: spilledRows.load(ordering: .relaxed),
                        spillFiles: spillFiles.load(ordering: .relaxed), scan: scanned == ScanCounts() ? nil : scanned)
    }
}

/// The counters of every operator of one execution, by operator.
final class MetricsRegistry: Sendable {
    private let counters = Locked<[ObjectIdentifier: OperatorCounters]>([:])

    /// The counters of `plan`, created on first use.
    func counters(for plan: any ExecutionPlan) -> OperatorCounters {
        counters.withLock { counters in
            let key = ObjectIdentifier(plan)
            if let existing = counters[key] { return existing }
            let created = OperatorCounters()
            counters[key] = created
            return created
        }
    }

    /// The metrics of `plan` and its inputs, as a tree; compute time is each operator's own,
    /// its inputs' time taken out.
    func tree(_ plan: any ExecutionPlan) -> QueryMetrics.Operator { measured(plan).node }

    private func measured(_ plan: any ExecutionPlan) -> (node: QueryMetrics.Operator, inclusiveNanoseconds: Int) {
        let children = plan.children.map { measured($0) }
        var metrics = counters(for: plan).snapshot()
        let inclusive = metrics.computeNanoseconds
        metrics.computeNanoseconds = max(0, inclusive - children.reduce(0) { $0 + $1.inclusiveNanoseconds })
        metrics.inputRows = children.reduce(0) { $0 + $1.node.metrics.outputRows }
        metrics.inputBatches = children.reduce(0) { $0 + $1.node.metrics.outputBatches }
        return (QueryMetrics.Operator(name: plan.displayName, metrics: metrics, children: children.map { $0.node }), inclusive)
    }
}
