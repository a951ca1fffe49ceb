/// Merges adjacent input partitions into fewer output partitions without moving rows between
/// workers (`coalesce(n)`, and the single partition a global limit or final result needs). Input
/// partition order is kept, so row order is too.
final class CoalescePartitionsOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let partitionCount: Int

    init(child: any ExecutionPlan, partitions: Int) {
        self.child = child
        partitionCount = max(1, min(partitions, child.partitionCount))
    }

    var schema: Schema { child.schema }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Coalesce \(partitionCount)" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let inputs = child.partitionCount
        let first = inputs * partition / partitionCount
        let last = inputs * (partition + 1) / partitionCount
        return ChainedStream(partitions: Array(first..<last)) { [child] in try child.execute(partition: $0, context: context) }
    }
}

/// Streams several input partitions one after another.
final class ChainedStream: BatchStream {
    private var pending: ArraySlice<Int>
    private let open: (Int) throws -> any BatchStream
    private var current: (any BatchStream)?

    init(partitions: [Int], open: @escaping (Int) throws -> any BatchStream) {
        pending = partitions[...]
        self.open = open
    }

    func next() throws -> RecordBatch? {
        while true {
            if let current, let batch = try current.next() { return batch }
            guard let partition = pending.popFirst() else { return nil }
            current = try open(partition)
        }
    }
}
