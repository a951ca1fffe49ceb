/// `session.range(start, end, step)`: a non-null int64 column `id`, split evenly over partitions.
final class RangeOperator: ExecutionPlan, Sendable {
    let schema = Schema([Field("id", .int64, nullable: false)])
    let start: Int64, end: Int64, step: Int64
    let partitionCount: Int

    init(start: Int64, end: Int64, step: Int64, partitions: Int) {
        self.start = start
        self.end = end
        self.step = step
        partitionCount = max(1, partitions)
    }

    var children: [any ExecutionPlan] { [] }
    var displayName: String { "Range (\(start), \(end), step=\(step), splits=\(partitionCount))" }

    /// The number of values in the range.
    var totalCount: Int64 { Self.count(start: start, end: end, step: step) }

    /// The number of values from `start` up to (not including) `end` by `step`.
    static func count(start: Int64, end: Int64, step: Int64) -> Int64 {
        if step > 0 { return end > start ? (end - start + step - 1) / step : 0 }
        return start > end ? (start - end - step - 1) / -step : 0
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let total = totalCount
        let first = total * Int64(partition) / Int64(partitionCount)
        let last = total * Int64(partition + 1) / Int64(partitionCount)
        return RangeStream(next: first, end: last, start: start, step: step, batchSize: context.batchSize, schema: schema)
    }
}

private final class RangeStream: BatchStream {
    private var nextIndex: Int64
    private let end: Int64, start: Int64, step: Int64
    private let batchSize: Int
    private let schema: Schema

    init(next: Int64, end: Int64, start: Int64, step: Int64, batchSize: Int, schema: Schema) {
        nextIndex = next
        self.end = end
        self.start = start
        self.step = step
        self.batchSize = batchSize
        self.schema = schema
    }

    func next() throws -> RecordBatch? {
        guard nextIndex < end else { return nil }
        let count = Int(min(Int64(batchSize), end - nextIndex))
        let buffer = Buffer(capacity: count * 8)
        let out = buffer.typed(Int64.self)
        for i in 0..<count { out[i] = start &+ (nextIndex &+ Int64(i)) &* step }
        nextIndex += Int64(count)
        return RecordBatch(unchecked: schema, columns: [Column(type: .int64, count: count, values: buffer, validity: nil)], rowCount: count)
    }
}
