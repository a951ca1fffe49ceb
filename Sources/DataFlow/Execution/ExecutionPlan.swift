/// A pull-based stream of batches: one partition of an operator's output.
public protocol BatchStream: AnyObject {
    /// The next batch, or nil at the end.
    func next() throws -> RecordBatch?
}

/// A physical operator: produces `partitionCount` independent streams of batches of `schema`.
/// Operators validate their inputs when built; per-partition state lives in the streams.
protocol ExecutionPlan: AnyObject, Sendable {
    /// The output schema.
    var schema: Schema { get }
    /// The number of output partitions.
    var partitionCount: Int { get }
    /// The input operators.
    var children: [any ExecutionPlan] { get }
    /// The operator's line in `explain()`.
    var displayName: String { get }
    /// Opens partition `partition` of the output.
    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream
}

/// An operator whose output must be materialized before its consumers run (a stage boundary).
protocol StageBoundary: ExecutionPlan {
    /// Runs the input stage (all its partitions, in parallel) and keeps the output.
    func materialize(context: ExecutionContext) throws
}

extension ExecutionPlan {
    /// The operator tree as indented text.
    func treeString(indent: Int = 0) -> String {
        var text = String(repeating: "   ", count: indent) + (indent > 0 ? "+- " : "") + displayName + "\n"
        for child in children { text += child.treeString(indent: indent + 1) }
        return text
    }
}

/// A stream over batches already in memory.
public final class BatchListStream: BatchStream {
    private var batches: ArraySlice<RecordBatch>

    /// A stream of `batches`, in order.
    public init(_ batches: [RecordBatch]) { self.batches = batches[...] }

    public func next() throws -> RecordBatch? { batches.popFirst() }
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
