/// Keeps the first row of each key in input order (`dropDuplicates`, `distinct`). Streaming: a row
/// is emitted the moment its key is seen for the first time. Run once per partition before a hash
/// exchange on the key and once after it, the surviving row is the first in the global input order,
/// since exchanges keep the order of rows from each input partition and read partitions in order.
///
/// When the keys seen outgrow the partition's share of the memory budget, the table stops growing:
/// rows of keys in it are dropped as before, rows of other keys go to spill files by key hash (in
/// input order), and each file is deduplicated alone afterwards, a level down. The first row of a
/// key in its file is its first row in the input, since no earlier row of it was in the table.
final class DropDuplicatesOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let keys: [any PhysicalExpr]

    init(child: any ExecutionPlan, keys: [any PhysicalExpr]) {
        self.child = child
        self.keys = keys
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "DropDuplicates [\(keys.map(\.description).joined(separator: ", "))]" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        DropDuplicatesStream(self, input: try child.execute(partition: partition, context: context), level: 0, context: context)
    }
}

/// One partition of a `DropDuplicatesOperator`, or one spilled bucket of it.
private final class DropDuplicatesStream: BatchStream {
    private let plan: DropDuplicatesOperator
    private let context: TaskContext
    private let level: Int
    private var input: (any BatchStream)?
    private let memory: SpillableMemory
    /// The keys seen; nil once the input is read.
    private var table: (any GroupTable)?
    private var groupIds: [Int32] = []
    private var scratch = EncodedKeyRows()
    private var batchesRead = 0
    /// Where rows of keys not in the table go once it stopped growing.
    private var spill: HashSpillPartitions?
    /// The spilled buckets' deduplication, after the input.
    private var buckets: (any BatchStream)?

    init(_ plan: DropDuplicatesOperator, input: any BatchStream, level: Int, context: TaskContext) {
        self.plan = plan
        self.input = input
        self.level = level
        self.context = context
        memory = context.spillableMemory(for: plan, name: "DropDuplicates")
        table = makeGroupTable(for: plan.keys.map(\.dataType))
    }

    func next() throws -> RecordBatch? {
        while let source = input {
            guard let batch = try source.next() else {
                input = nil
                try finishInput()
                break
            }
            guard batch.rowCount > 0 else { continue }
            if let kept = try firstOccurrences(batch), kept.rowCount > 0 { return kept }
        }
        return try buckets?.next()
    }

    /// The rows of `batch` whose key comes up for the first time (spilling the undecided ones).
    private func firstOccurrences(_ batch: RecordBatch) throws -> RecordBatch? {
        guard let table else { return nil }
        let keys = try plan.keys.map { try $0.evaluateColumn(batch) }
        batchesRead += 1
        if let spill {
            // Rows of keys in the table are duplicates; the others are decided with their bucket.
            table.find(keys, groupIds: &groupIds, scratch: &scratch)
            let unknown = (0..<batch.rowCount).filter { groupIds[$0] < 0 }.map { Int32($0) }
            if !unknown.isEmpty { try spill.add(unknown.count == batch.rowCount ? batch : take(batch, indices: unknown)) }
            return nil
        }
        let before = table.groupCount
        table.findOrInsert(keys, groupIds: &groupIds)
        if !memory.tryGrow(to: table.memoryBytes) {
            if batchesRead == 1 || level == HashSpillPartitions.maxLevel {
                try memory.require(table.memoryBytes)
            } else {
                spill = HashSpillPartitions(schema: plan.schema, keys: plan.keys, level: level, context: context, plan: plan, name: "dedup")
            }
        }
        if table.groupCount == before { return nil }
        // New keys get consecutive ids in row order: the row whose id equals the running count
        // is the first occurrence.
        var keep: [Int32] = []
        keep.reserveCapacity(table.groupCount - before)
        var next = Int32(before)
        for i in 0..<batch.rowCount where groupIds[i] == next {
            keep.append(Int32(i))
            next += 1
        }
        return keep.count == batch.rowCount ? batch : take(batch, indices: keep)
    }

    /// After the input: let go of the table, then deduplicate the spilled buckets one by one.
    private func finishInput() throws {
        table = nil
        memory.releaseAll()
        guard let spill else { return }
        let (plan, level, context) = (self.plan, self.level, self.context)
        buckets = try spill.finish { DropDuplicatesStream(plan, input: $0, level: level + 1, context: context) }
        self.spill = nil
    }
}
