/// The first `limit` rows of each partition (after skipping `offset`). Over a single partition this is
/// the global LIMIT; over many it is the local limit pushed below an exchange.
final class LimitOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let limit: Int

    init(child: any ExecutionPlan, limit: Int) {
        self.child = child
        self.limit = limit
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { partitionCount == 1 ? "GlobalLimit \(limit)" : "LocalLimit \(limit)" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        LimitStream(input: try child.execute(partition: partition, context: context), remaining: limit)
    }
}

private final class LimitStream: BatchStream {
    private let input: any BatchStream
    private var remaining: Int

    init(input: any BatchStream, remaining: Int) {
        self.input = input
        self.remaining = remaining
    }

    func next() throws -> RecordBatch? {
        guard remaining > 0, let batch = try input.next() else { return nil }
        if batch.rowCount <= remaining {
            remaining -= batch.rowCount
            return batch
        }
        defer { remaining = 0 }
        return batch.slice(0, remaining)
    }
}
