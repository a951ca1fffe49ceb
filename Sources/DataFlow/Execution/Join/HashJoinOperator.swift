import Foundation

/// The build side of a hash join: all its rows, and for every distinct key the rows that have it
/// (CSR layout: `rows[offsets[g] ..< offsets[g + 1]]` for group `g`). Rows whose key is null in a
/// position compared with `=` are left out: they can never match.
final class HashJoinTable: @unchecked Sendable {
    let rows: RecordBatch
    let table: any GroupTable
    let offsets: [Int32]
    let rowsByGroup: [Int32]

    init(rows: RecordBatch, keys: [any PhysicalExpr], nullSafe: [Bool]) throws {
        self.rows = rows
        let keyColumns = try keys.map { try $0.evaluateColumn(rows) }
        table = makeGroupTable(for: keys.map(\.dataType))
        // Rows with a null in a plain-equality key position never match; leave them out.
        var eligible: [Int32]?
        if zip(keyColumns, nullSafe).contains(where: { $0.hasNulls && !$1 }) {
            eligible = (0..<Int32(rows.rowCount)).filter { row in
                !zip(keyColumns, nullSafe).contains { column, safe in !safe && column.isNull(Int(row)) }
            }
        }
        let insertedKeys = eligible.map { indices in keyColumns.map { take($0, indices: indices) } } ?? keyColumns
        var groupIds: [Int32] = []
        table.findOrInsert(insertedKeys, groupIds: &groupIds)
        let groups = table.groupCount
        var counts = [Int32](repeating: 0, count: groups + 1)
        for group in groupIds { counts[Int(group) + 1] += 1 }
        for group in 0..<groups { counts[group + 1] += counts[group] }
        var cursor = counts
        var byGroup = [Int32](repeating: 0, count: groupIds.count)
        for (position, group) in groupIds.enumerated() {
            byGroup[Int(cursor[Int(group)])] = eligible?[position] ?? Int32(position)
            cursor[Int(group)] += 1
        }
        offsets = counts
        rowsByGroup = byGroup
    }

    /// Approximate bytes held.
    var memoryBytes: Int { rows.byteSize + table.memoryBytes + (offsets.count + rowsByGroup.count) * 4 }
}

/// Probes a `HashJoinTable` with one batch at a time: looks up each row's key, then expands the
/// rows of its group into candidate pairs.
struct HashProbeMatcher: ProbeMatcher {
    let table: HashJoinTable
    let keys: [any PhysicalExpr]
    /// Semi and anti joins without a residual need only one match per probe row.
    let firstMatchOnly: Bool
    private var groupIds: [Int32] = []
    private var row = 0
    private var position: Int32 = 0

    init(table: HashJoinTable, keys: [any PhysicalExpr], firstMatchOnly: Bool) {
        self.table = table
        self.keys = keys
        self.firstMatchOnly = firstMatchOnly
    }

    mutating func start(_ batch: RecordBatch) throws {
        table.table.find(try keys.map { try $0.evaluateColumn(batch) }, groupIds: &groupIds)
        row = 0
        position = -1
    }

    mutating func nextPairs(limit: Int) throws -> (probe: [Int32], build: [Int32])? {
        guard row < groupIds.count else { return nil }
        var probe: [Int32] = [], build: [Int32] = []
        probe.reserveCapacity(min(limit, groupIds.count * 2))
        build.reserveCapacity(min(limit, groupIds.count * 2))
        table.offsets.withUnsafeBufferPointer { offsets in
            table.rowsByGroup.withUnsafeBufferPointer { byGroup in
                while row < groupIds.count && probe.count < limit {
                    let group = Int(groupIds[row])
                    if group >= 0 {
                        if position < 0 { position = offsets[group] }
                        let end = firstMatchOnly ? min(offsets[group + 1], position + 1) : offsets[group + 1]
                        while position < end && probe.count < limit {
                            probe.append(Int32(row))
                            build.append(byGroup[Int(position)])
                            position += 1
                        }
                        if position < end { break }
                    }
                    row += 1
                    position = -1
                }
            }
        }
        return (probe, build)
    }
}

/// Equi-join by hashing. Broadcast mode builds one table from the whole build input (when it is
/// small) and probes each probe partition against it; partitioned mode expects both inputs
/// hash-exchanged on the keys into the same partitions and joins partition by partition.
final class HashJoinOperator: StageBoundary, @unchecked Sendable {
    let probe: any ExecutionPlan
    let build: any ExecutionPlan
    let probeKeys: [any PhysicalExpr]
    let buildKeys: [any PhysicalExpr]
    let nullSafe: [Bool]
    let emitter: JoinEmitter
    let broadcast: Bool
    private let lock = NSLock()
    private var broadcastTable: HashJoinTable?
    private var reservation: MemoryReservation?

    init(probe: any ExecutionPlan, build: any ExecutionPlan, probeKeys: [any PhysicalExpr], buildKeys: [any PhysicalExpr],
         nullSafe: [Bool], emitter: JoinEmitter, broadcast: Bool) throws {
        guard broadcast || probe.partitionCount == build.partitionCount else {
            throw DataFlowError.internalError("partitioned hash join needs inputs with equal partition counts")
        }
        guard !(broadcast && emitter.keepsUnmatchedBuild) else {
            throw DataFlowError.internalError("a broadcast hash join cannot keep unmatched build rows")
        }
        self.probe = probe
        self.build = build
        self.probeKeys = probeKeys
        self.buildKeys = buildKeys
        self.nullSafe = nullSafe
        self.emitter = emitter
        self.broadcast = broadcast
    }

    var schema: Schema { emitter.outputSchema }
    var partitionCount: Int { probe.partitionCount }
    var children: [any ExecutionPlan] { emitter.probeIsLeft ? [probe, build] : [build, probe] }
    var displayName: String {
        let keys = zip(probeKeys, buildKeys).map { "\($0) = \($1)" }.joined(separator: ", ")
        let strategy = broadcast ? "BroadcastHashJoin" : "ShuffledHashJoin"
        let why = broadcast ? "build side small enough to broadcast" : "both sides hash-partitioned on the keys"
        return "\(strategy) \(emitter.type.rawValue), keys [\(keys)], build \(emitter.probeIsLeft ? "right" : "left")"
            + (emitter.residual.map { ", condition \($0)" } ?? "") + " (\(why))"
    }

    func materialize(context: ExecutionContext) throws {
        guard broadcast, lock.withLock({ broadcastTable == nil }) else { return }
        let rows = try collectPartitions(build, context: context)
        let table = try HashJoinTable(rows: rows, keys: buildKeys, nullSafe: nullSafe)
        let reservation = MemoryReservation(pool: context.memory, operatorName: "BroadcastHashJoin")
        try reservation.resize(to: table.memoryBytes)
        lock.withLock {
            broadcastTable = table
            self.reservation = reservation
        }
    }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        let table: HashJoinTable
        if broadcast {
            try materialize(context: context)
            table = lock.withLock { broadcastTable! }
        } else {
            let rows = concat(try drain(try build.execute(partition: partition, context: context)), schema: build.schema)
            table = try HashJoinTable(rows: rows, keys: buildKeys, nullSafe: nullSafe)
            let reservation = MemoryReservation(pool: context.memory, operatorName: "ShuffledHashJoin")
            try reservation.resize(to: table.memoryBytes)
            // The reservation is returned when the partition's stream is done with the table.
            let firstOnly = !emitter.type.keepsRightColumns && emitter.residual == nil
            return JoinStream(probe: try probe.execute(partition: partition, context: context), probeSchema: probe.schema,
                              matcher: HashProbeMatcher(table: table, keys: probeKeys, firstMatchOnly: firstOnly), build: table.rows,
                              emitter: emitter, pairLimit: context.batchSize, holding: reservation)
        }
        let firstOnly = !emitter.type.keepsRightColumns && emitter.residual == nil
        let matcher = HashProbeMatcher(table: table, keys: probeKeys, firstMatchOnly: firstOnly)
        return JoinStream(probe: try probe.execute(partition: partition, context: context), probeSchema: probe.schema,
                          matcher: matcher, build: table.rows, emitter: emitter, pairLimit: context.batchSize)
    }
}

/// Every partition of `plan`, run in parallel, concatenated in partition order.
func collectPartitions(_ plan: any ExecutionPlan, context: ExecutionContext) throws -> RecordBatch {
    let parts = try Scheduler.parallelMap(plan.partitionCount, parallelism: context.parallelism) { partition in
        try drain(try plan.execute(partition: partition, context: context))
    }
    return concat(parts.flatMap { $0 }, schema: plan.schema)
}
