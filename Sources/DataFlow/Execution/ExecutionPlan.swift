/// A pull-based stream of batches: one partition of an operator's output.
public protocol BatchStream: AnyObject {
    /// The next batch, or nil at the end.
    func next() throws -> RecordBatch?
}

/// A physical operator: produces `partitionCount` independent streams of batches of `schema`.
/// Operators are immutable and validate their inputs when built; per-partition state lives in the
/// streams, and what one execution shares between partitions lives in its `TaskContext`, so a plan
/// runs any number of times, concurrently.
protocol ExecutionPlan: AnyObject, Sendable {
    /// The output schema.
    var schema: Schema { get }
    /// The number of output partitions.
    var partitionCount: Int { get }
    /// The input operators.
    var children: [any ExecutionPlan] { get }
    /// The operator's line in `explain()`.
    var displayName: String { get }
    /// Opens partition `partition` of the output. Callers use `execute`, which meters the stream.
    func open(partition: Int, context: TaskContext) throws -> any BatchStream
}

/// An operator with work that all its partitions share in one execution (an exchange's output,
/// a broadcast side): a stage boundary, run before its consumers.
protocol StageBoundary: ExecutionPlan {
    /// Materializes the stage boundaries below this one, each before its consumers: by default
    /// those of every child, in order; an operator that decides at run time which inputs it reads
    /// materializes only those.
    func materializeInputs(context: TaskContext) throws
    /// Runs the shared work (an input stage, all its partitions in parallel) once per execution
    /// and keeps its result in `context`; later calls find it there.
    func materialize(context: TaskContext) throws
}

extension StageBoundary {
    func materializeInputs(context: TaskContext) throws {
        try QueryExecution.materializeStages(below: self, context: context)
    }
}

extension ExecutionPlan {
    /// Partition `partition` of the output, counted in the operator's metrics (batches, rows, time)
    /// and stopping with `DataFlowError` (`.cancelled`) at the first batch after cancellation.
    func execute(partition: Int, context: TaskContext) throws -> any BatchStream {
        try context.checkCancellation()
        let counters = context.metrics.counters(for: self)
        let stream = try counters.timed { try open(partition: partition, context: context) }
        return MeteredStream(stream, counters: counters, query: context.query)
    }

    /// Runs `body` counting its time as this operator's (work of a stage boundary's tasks).
    func timed<T>(_ context: TaskContext, _ body: () throws -> T) rethrows -> T {
        try context.metrics.counters(for: self).timed(body)
    }
}

extension ExecutionPlan {
    /// The operator tree as indented text.
    func treeString(indent: Int = 0) -> String {
        var text = String(repeating: "   ", count: indent) + (indent > 0 ? "+- " : "") + displayName + "\n"
        for child in children { text += child.treeString(indent: indent + 1) }
        return text
    }
}

/// A stream over batches already in memory; each batch is let go of as it is handed out.
public final class BatchListStream: BatchStream {
    /// The batches still to come, last first.
    private var batches: [RecordBatch]

    /// A stream of `batches`, in order.
    public init(_ batches: [RecordBatch]) { self.batches = batches.reversed() }

    public func next() throws -> RecordBatch? { batches.popLast() }
}

/// An operator's stream as its consumers see it: counts what it produces and the time spent
/// producing it, and checks for cancellation before every batch.
private final class MeteredStream: BatchStream {
    private let input: any BatchStream
    private let counters: OperatorCounters
    private let query: RunningQuery

    init(_ input: any BatchStream, counters: OperatorCounters, query: RunningQuery) {
        self.input = input
        self.counters = counters
        self.query = query
    }

    func next() throws -> RecordBatch? {
        try query.checkCancellation()
        guard let batch = try counters.timed({ try input.next() }) else { return nil }
        counters.recordOutput(batch)
        return batch
    }
}

/// A stream opened at its first `next()`: blocking operators read their input when asked for
/// output, not when opened.
final class DeferredStream: BatchStream {
    private var open: (() throws -> any BatchStream)?
    private var stream: (any BatchStream)?

    init(_ open: @escaping () throws -> any BatchStream) { self.open = open }

    func next() throws -> RecordBatch? {
        if let open {
            stream = try open()
            self.open = nil
        }
        return try stream?.next()
    }
}

/// A stream that maps each non-empty batch of its input.
final class MappedStream: BatchStream {
    private let input: any BatchStream
    private let transform: (RecordBatch) throws -> RecordBatch?

    init(_ input: any BatchStream, _ transform: @escaping (RecordBatch) throws -> RecordBatch?) {
        self.input = input
        self.transform = transform
    }

    func next() throws -> RecordBatch? {
        while let batch = try input.next() {
            if let output = try transform(batch), output.rowCount > 0 { return output }
        }
        return nil
    }
}

/// Reads a whole stream into memory.
func drain(_ stream: any BatchStream) throws -> [RecordBatch] {
    var batches: [RecordBatch] = []
    while let batch = try stream.next() {
        if batch.rowCount > 0 { batches.append(batch) }
    }
    return batches
}
