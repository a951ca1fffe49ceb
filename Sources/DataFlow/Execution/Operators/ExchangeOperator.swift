import Foundation

/// How an exchange distributes rows over its output partitions.
enum Partitioning: Sendable, CustomStringConvertible {
    /// Rows with equal keys go to the same partition.
    case hash([any PhysicalExpr], partitions: Int)
    /// Rows spread evenly (each batch split into equal contiguous slices, zero-copy).
    case roundRobin(partitions: Int)
    /// Everything in one partition, in input partition order.
    case single

    var partitionCount: Int {
        switch self {
        case let .hash(_, n), let .roundRobin(n): return max(1, n)
        case .single: return 1
        }
    }

    var description: String {
        switch self {
        case let .hash(keys, n): return "hashpartitioning(\(keys.map(\.description).joined(separator: ", ")), \(n))"
        case let .roundRobin(n): return "RoundRobinPartitioning(\(n))"
        case .single: return "SinglePartition"
        }
    }
}

/// A stage boundary that redistributes rows between partitions. It runs its whole input stage
/// first (partitions in parallel), keeps the output in memory (accounted against the budget), then
/// serves output partition `t` as the batches bound for `t` from input partitions 0, 1, 2, ... in
/// that order, so rows of one input partition keep their relative order.
final class ExchangeOperator: StageBoundary, @unchecked Sendable {
    let child: any ExecutionPlan
    let partitioning: Partitioning
    private let lock = NSLock()
    private var output: [[RecordBatch]]?
    private var reservation: MemoryReservation?

    init(child: any ExecutionPlan, partitioning: Partitioning) {
        self.child = child
        self.partitioning = partitioning
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { partitioning.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Exchange \(partitioning)" }

    func materialize(context: ExecutionContext) throws {
        if lock.withLock({ output != nil }) { return }
        let targets = partitionCount
        let partitioning = self.partitioning
        let child = self.child
        let perSource: [[[RecordBatch]]] = try Scheduler.parallelMap(child.partitionCount, parallelism: context.parallelism) { source in
            var buckets = [[RecordBatch]](repeating: [], count: targets)
            let stream = try child.execute(partition: source, context: context)
            var rotation = source % targets
            var hashes: [UInt64] = []
            while let batch = try stream.next() {
                guard batch.rowCount > 0 else { continue }
                switch partitioning {
                case .single:
                    buckets[0].append(batch)
                case .roundRobin:
                    Self.splitEvenly(batch, targets: targets, rotation: &rotation, into: &buckets)
                case let .hash(keys, _):
                    let keyColumns = try keys.map { try $0.evaluateColumn(batch) }
                    Hashing.hashRows(keyColumns, count: batch.rowCount, into: &hashes)
                    Self.scatter(batch, hashes: hashes, targets: targets, into: &buckets)
                }
            }
            return buckets
        }
        var result = [[RecordBatch]](repeating: [], count: targets)
        var bytes = 0
        for buckets in perSource {
            for target in 0..<targets {
                result[target].append(contentsOf: buckets[target])
                if case .hash = partitioning { bytes += buckets[target].reduce(0) { $0 + $1.byteSize } }
            }
        }
        let reservation = MemoryReservation(pool: context.memory, operatorName: "Exchange")
        try reservation.resize(to: bytes)
        lock.withLock {
            output = result
            self.reservation = reservation
        }
    }

    /// Splits a batch into `targets` contiguous slices, starting at target `rotation`.
    private static func splitEvenly(_ batch: RecordBatch, targets: Int, rotation: inout Int, into buckets: inout [[RecordBatch]]) {
        let rows = batch.rowCount
        for part in 0..<targets {
            let start = rows * part / targets, end = rows * (part + 1) / targets
            if end > start { buckets[(rotation + part) % targets].append(batch.slice(start, end - start)) }
        }
        rotation = (rotation + 1) % targets
    }

    /// Sends each row to partition `hash % targets`.
    private static func scatter(_ batch: RecordBatch, hashes: [UInt64], targets: Int, into buckets: inout [[RecordBatch]]) {
        if targets == 1 {
            buckets[0].append(batch)
            return
        }
        let rows = batch.rowCount
        var counts = [Int](repeating: 0, count: targets + 1)
        var destination = [Int32](repeating: 0, count: rows)
        for i in 0..<rows {
            let target = Int(hashes[i] % UInt64(targets))
            destination[i] = Int32(target)
            counts[target + 1] += 1
        }
        for target in 0..<targets { counts[target + 1] += counts[target] }
        var indices = [Int32](repeating: 0, count: rows)
        var cursor = counts
        for i in 0..<rows {
            let target = Int(destination[i])
            indices[cursor[target]] = Int32(i)
            cursor[target] += 1
        }
        indices.withUnsafeBufferPointer { all in
            for target in 0..<targets where counts[target + 1] > counts[target] {
                let part = UnsafeBufferPointer(rebasing: all[counts[target]..<counts[target + 1]])
                let columns = batch.columns.map { take($0, indices: part) }
                buckets[target].append(RecordBatch(unchecked: batch.schema, columns: columns, rowCount: part.count))
            }
        }
    }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        try materialize(context: context)
        return BatchListStream(lock.withLock { output![partition] })
    }
}
