/// The first `limit` rows of each partition after skipping `offset`. Over a single partition this
/// is the global LIMIT … OFFSET; over many it is the local limit pushed below an exchange (with the
/// offset's rows counted in `limit`, and no offset).
final class LimitOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let limit: Int
    let offset: Int

    init(child: any ExecutionPlan, limit: Int, offset: Int = 0) {
        self.child = child
        self.limit = limit
        self.offset = offset
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        (partitionCount == 1 ? "GlobalLimit \(limit)" : "LocalLimit \(limit)") + (offset > 0 ? " Offset \(offset)" : "")
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        LimitStream(input: try child.execute(partition: partition, context: context), remaining: limit, skip: offset)
    }
}

private final class LimitStream: BatchStream {
    private let input: any BatchStream
    private var remaining: Int
    private var skip: Int

    init(input: any BatchStream, remaining: Int, skip: Int) {
        self.input = input
        self.remaining = remaining
        self.skip = skip
    }

    func next() throws -> RecordBatch? {
        while remaining > 0, var batch = try input.next() {
            if skip > 0 {
                guard batch.rowCount > skip else {
                    skip -= batch.rowCount
                    continue
                }
                batch = batch.slice(skip, batch.rowCount - skip)
                skip = 0
            }
            if batch.rowCount <= remaining {
                remaining -= batch.rowCount
                return batch
            }
            defer { remaining = 0 }
            return batch.slice(0, remaining)
        }
        return nil
    }
}
