/// Keeps the first row of each key in input order (`dropDuplicates`, `distinct`). Streaming: a row
/// is emitted the moment its key is seen for the first time. Run once per partition before a hash
/// exchange on the key and once after it, the surviving row is the first in the global input order,
/// since exchanges keep the order of rows from each input partition and read partitions in order.
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
        let table = makeGroupTable(for: keys.map(\.dataType))
        let keys = self.keys
        let reservation = context.reservation(for: self, name: "DropDuplicates")
        var groupIds: [Int32] = []
        return MappedStream(try child.execute(partition: partition, context: context)) { batch in
            let before = table.groupCount
            table.findOrInsert(try keys.map { try $0.evaluateColumn(batch) }, groupIds: &groupIds)
            try reservation.resize(to: table.memoryBytes)
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
    }
}
