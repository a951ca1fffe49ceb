/// Merges partitions that are each sorted into one totally ordered partition. Ties are taken from the
/// lower partition first, so the result equals a stable sort of the input in partition order.
final class SortPreservingMergeOperator: ExecutionPlan, @unchecked Sendable {
    let child: any ExecutionPlan
    let orders: [SortOrder]

    init(child: any ExecutionPlan, orders: [SortOrder]) {
        self.child = child
        self.orders = orders
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { 1 }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "SortPreservingMerge [\(orders.map(\.description).joined(separator: ", "))]" }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        let child = self.child
        let runs = try Scheduler.parallelMap(child.partitionCount, parallelism: context.parallelism) { index in
            concat(try drain(try child.execute(partition: index, context: context)), schema: child.schema)
        }.filter { $0.rowCount > 0 }
        if runs.count <= 1 { return BatchListStream(runs.flatMap { splitIntoBatches($0, size: context.batchSize) }) }
        let keyColumns = try runs.map { run in try orders.map { try $0.expression.evaluateColumn(run) } }
        let all = concat(runs, schema: schema)
        var permutation = [Int32]()
        permutation.reserveCapacity(all.rowCount)
        withExtendedLifetime(keyColumns) {
            let access = keyColumns.map { columns in
                zip(columns, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
            }
            var base: [Int32] = []
            var total: Int32 = 0
            for run in runs {
                base.append(total)
                total += Int32(run.rowCount)
            }
            // A binary heap of run indices ordered by each run's current row.
            var position = [Int](repeating: 0, count: runs.count)
            func less(_ a: Int, _ b: Int) -> Bool {
                let order = SortKeyAccess.compare(access[a], position[a], access[b], position[b])
                return order != 0 ? order < 0 : a < b
            }
            var heap = Array(0..<runs.count)
            func siftDown(_ start: Int) {
                var parent = start
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
                    if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
                    if smallest == parent { return }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
            while !heap.isEmpty {
                let run = heap[0]
                permutation.append(base[run] + Int32(position[run]))
                position[run] += 1
                if position[run] == runs[run].rowCount {
                    heap[0] = heap[heap.count - 1]
                    heap.removeLast()
                }
                if !heap.isEmpty { siftDown(0) }
            }
        }
        return BatchListStream(splitIntoBatches(take(all, indices: permutation), size: context.batchSize))
    }
}
