import Foundation

/// The build side of a hash join: all its rows, indexed by key. Rows whose key is null in a
/// position compared with `=` are left out: they can never match.
///
/// Several integer keys whose ranges multiply to less than 2^62 are packed into one
/// (`IntegerKeyPacking`). A single integer key whose values span a range at most sixteen times
/// the row count (four for indexes beyond 16 Mi slots) is indexed directly (DuckDB's "perfect hash
/// join"):
/// `firstRow[key - minimum]` is the first build row with that key and `nextRow` chains the others,
/// so a probe is one array read. Other keys go through a group table, with the rows of each group
/// in CSR layout (`rows[offsets[g] ..< offsets[g + 1]]`).
///
/// Immutable once built, and shared by every probe stream: probes only `find` in the group table,
/// which writes nothing but the caller's scratch.
final class HashJoinTable: @unchecked Sendable { // `any GroupTable` is not Sendable; it is only read after init
    enum Index {
        /// Unique integer keys with the rows laid out by key: row `key - minimum` holds the key,
        /// `present` says which slots do.
        case slots(minimum: Int64, present: [UInt64])
        /// Direct addressing by integer key; `nextRow` is empty when every key is unique.
        case direct(minimum: Int64, firstRow: [Int32], nextRow: [Int32])
        /// A group table and the rows of each group.
        case grouped(table: any GroupTable, offsets: [Int32], rows: [Int32])
    }

    let rows: RecordBatch
    let index: Index
    /// How several integer keys are packed into the one key the index holds, if they are.
    let packing: IntegerKeyPacking?

    /// Indexes `rows` by `keys`. Unique dense integer keys (at most four slots per row: a sparser
    /// layout costs its build more than it saves probes, as TPC-H Q8's 457k orders over 6M slots
    /// did) may reorder the rows into key slots (with null rows in empty slots), saving a probe
    /// a random read, when `slotLayout` grants the
    /// bytes building it holds at its peak (the rows, the index and the slotted copy): only for
    /// joins that never emit unmatched build rows, which would include the empty slots.
    init(rows: RecordBatch, keys: [any PhysicalExpr], nullSafe: [Bool], slotLayout: (_ peakBytes: Int) -> Bool) throws {
        let keyColumns = try keys.map { try $0.evaluateColumn(rows) }
        // Rows with a null in a plain-equality key position never match; leave them out.
        var eligible: [Int32]?
        if zip(keyColumns, nullSafe).contains(where: { $0.hasNulls && !$1 }) {
            eligible = (0..<Int32(rows.rowCount)).filter { row in
                !zip(keyColumns, nullSafe).contains { column, safe in !safe && column.isNull(Int(row)) }
            }
        }
        packing = IntegerKeyPacking(keyColumns, nullSafe: nullSafe, rows: eligible)
        let indexed = packing.map { [$0.pack(keyColumns)] } ?? keyColumns
        if indexed.count == 1, !indexed[0].hasNulls || !nullSafe[0], let direct = Self.directIndex(indexed[0], eligible: eligible) {
            if case let .direct(minimum, firstRow, nextRow) = direct, nextRow.isEmpty, firstRow.count <= 4 * rows.rowCount,
               slotLayout(rows.byteSize + firstRow.count * MemoryLayout<Int32>.stride + rows.byteSize / max(1, rows.rowCount) * firstRow.count) {
                var present = [UInt64](repeating: 0, count: (firstRow.count + 63) / 64)
                for (slot, row) in firstRow.enumerated() where row >= 0 { present[slot >> 6] |= 1 << UInt64(slot & 63) }
                self.rows = take(rows, indices: firstRow)
                index = .slots(minimum: minimum, present: present)
            } else {
                self.rows = rows
                index = direct
            }
            return
        }
        self.rows = rows
        let insertedKeys = eligible.map { indices in indexed.map { take($0, indices: indices) } } ?? indexed
        let table = makeGroupTable(for: indexed.map(\.type))
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
        index = .grouped(table: table, offsets: counts, rows: byGroup)
    }

    /// A direct index when the key is an integer column over a dense enough range.
    private static func directIndex(_ column: Column, eligible: [Int32]?) -> Index? {
        let keys: [Int64]
        switch column.type.physical {
        case .int32: keys = column.withValues(Int32.self) { values, _ in values.map { Int64($0) } }
        case .int64: keys = column.withValues(Int64.self) { values, _ in Array(values) }
        default: return nil
        }
        let candidates = eligible ?? Array(0..<Int32(keys.count))
        guard let first = candidates.first else { return nil }
        var low = keys[Int(first)], high = low
        for row in candidates {
            low = min(low, keys[Int(row)])
            high = max(high, keys[Int(row)])
        }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        // Up to sixteen slots per row while the index stays within 16 Mi slots (64 MiB), four beyond.
        let slotsAllowed = max(4 * candidates.count, min(16 * candidates.count, 1 << 24), 1024)
        guard !overflow, span < 1 << 28, span <= Int64(slotsAllowed) else { return nil }
        var firstRow = [Int32](repeating: -1, count: Int(span) + 1)
        var nextRow: [Int32] = []
        // Rows are linked from last to first so each chain lists rows in input order.
        for row in candidates.reversed() {
            let slot = Int(keys[Int(row)] - low)
            if firstRow[slot] >= 0 {
                if nextRow.isEmpty { nextRow = [Int32](repeating: -1, count: keys.count) }
                nextRow[Int(row)] = firstRow[slot]
            }
            firstRow[slot] = row
        }
        return .direct(minimum: low, firstRow: firstRow, nextRow: nextRow)
    }

    /// Approximate bytes held.
    var memoryBytes: Int {
        switch index {
        case let .slots(_, present): return rows.byteSize + present.count * 8
        case let .direct(_, firstRow, nextRow): return rows.byteSize + (firstRow.count + nextRow.count) * 4
        case let .grouped(table, offsets, rows): return self.rows.byteSize + table.memoryBytes + (offsets.count + rows.count) * 4
        }
    }
}

/// Probes a `HashJoinTable` with one batch at a time: finds each row's first matching build row,
/// then walks its matches into candidate pairs.
struct HashProbeMatcher: ProbeMatcher {
    let table: HashJoinTable
    let keys: [any PhysicalExpr]
    /// Semi and anti joins without a residual need only one match per probe row.
    let firstMatchOnly: Bool
    /// Per probe row: the group (grouped index) or first build row (direct index), -1 for none.
    private var found: [Int32] = []
    private var row = 0
    /// The position within the current row's matches: a CSR position or a build row; -1 to start.
    private var cursor: Int32 = -1
    /// This stream's buffers for encoding multi-column keys; the shared table holds none.
    private var keyScratch = EncodedKeyRows()

    init(table: HashJoinTable, keys: [any PhysicalExpr], firstMatchOnly: Bool) {
        self.table = table
        self.keys = keys
        self.firstMatchOnly = firstMatchOnly
    }

    mutating func start(_ batch: RecordBatch) throws {
        let evaluated = try keys.map { try $0.evaluateColumn(batch) }
        let keyColumns = table.packing.map { [$0.pack(evaluated)] } ?? evaluated
        switch table.index {
        case let .grouped(groups, _, _):
            groups.find(keyColumns, groupIds: &found, scratch: &keyScratch)
        case let .slots(minimum, present):
            let column = keyColumns[0]
            let span = Int64(present.count * 64)
            found = [Int32](repeating: -1, count: batch.rowCount)
            present.withUnsafeBufferPointer { bits in
                found.withUnsafeMutableBufferPointer { out in
                    func lookUp(_ key: Int64, _ i: Int) {
                        let slot = key &- minimum
                        if slot >= 0 && slot < span && bits[Int(slot >> 6)] & (1 << UInt64(slot & 63)) != 0 { out[i] = Int32(slot) }
                    }
                    switch column.type.physical {
                    case .int32: column.withValues(Int32.self) { values, validity in for i in 0..<values.count where validity[i] { lookUp(Int64(values[i]), i) } }
                    default: column.withValues(Int64.self) { values, validity in for i in 0..<values.count where validity[i] { lookUp(values[i], i) } }
                    }
                }
            }
        case let .direct(minimum, firstRow, _):
            let column = keyColumns[0]
            let span = Int64(firstRow.count)
            found = [Int32](repeating: -1, count: batch.rowCount)
            firstRow.withUnsafeBufferPointer { first in
                found.withUnsafeMutableBufferPointer { out in
                    func lookUp(_ key: Int64, _ i: Int) {
                        let slot = key &- minimum
                        if slot >= 0 && slot < span { out[i] = first[Int(slot)] }
                    }
                    switch column.type.physical {
                    case .int32: column.withValues(Int32.self) { values, validity in for i in 0..<values.count where validity[i] { lookUp(Int64(values[i]), i) } }
                    default: column.withValues(Int64.self) { values, validity in for i in 0..<values.count where validity[i] { lookUp(values[i], i) } }
                    }
                }
            }
        }
        row = 0
        cursor = -1
    }

    mutating func nextPairs(limit: Int) throws -> (probe: [Int32], build: [Int32])? {
        guard row < found.count else { return nil }
        var probe: [Int32] = [], build: [Int32] = []
        probe.reserveCapacity(min(limit, found.count * 2))
        build.reserveCapacity(min(limit, found.count * 2))
        switch table.index {
        case .slots:
            // Unique keys: each probe row has at most one match, its slot.
            while row < found.count && probe.count < limit {
                if found[row] >= 0 {
                    probe.append(Int32(row))
                    build.append(found[row])
                }
                row += 1
            }
        case let .direct(_, _, nextRow):
            while row < found.count && probe.count < limit {
                var buildRow = cursor >= 0 ? cursor : found[row]
                while buildRow >= 0 && probe.count < limit {
                    probe.append(Int32(row))
                    build.append(buildRow)
                    buildRow = firstMatchOnly || nextRow.isEmpty ? -1 : nextRow[Int(buildRow)]
                }
                if buildRow >= 0 {
                    cursor = buildRow
                    break
                }
                cursor = -1
                row += 1
            }
        case let .grouped(_, offsets, byGroup):
            while row < found.count && probe.count < limit {
                let group = Int(found[row])
                if group >= 0 {
                    if cursor < 0 { cursor = offsets[group] }
                    let end = firstMatchOnly ? min(offsets[group + 1], cursor + 1) : offsets[group + 1]
                    while cursor < end && probe.count < limit {
                        probe.append(Int32(row))
                        build.append(byGroup[Int(cursor)])
                        cursor += 1
                    }
                    if cursor < end { break }
                }
                row += 1
                cursor = -1
            }
        }
        return (probe, build)
    }
}

/// How a hash join meets its inputs.
enum HashJoinDistribution: Sendable, Equatable {
    /// One table of the whole build side, probed by every probe partition.
    case broadcast
    /// Both inputs hash-exchanged on the keys into the same partitions, joined partition by partition.
    case partitioned
    /// As `partitioned`, unless the exchanged build side turns out to hold at most `rows` rows
    /// and `bytes` bytes, all in memory (its size guessed too large when planned): then it is
    /// broadcast, and the probe side's input is probed as it comes, its exchange never run (as
    /// Spark's adaptive execution turns shuffled joins into broadcast joins).
    case adaptive(rows: Int, bytes: Int)
}

/// Equi-join by hashing. Broadcast mode builds one table from the whole build input (when it is
/// small) and probes each probe partition against it; partitioned mode expects both inputs
/// hash-exchanged on the keys into the same partitions and joins partition by partition, turning
/// into a grace hash join where a partition's build side outgrows its memory; adaptive mode is
/// partitioned mode that broadcasts a build side found small once exchanged.
final class HashJoinOperator: StageBoundary, Sendable {
    let probe: any ExecutionPlan
    let build: any ExecutionPlan
    let probeKeys: [any PhysicalExpr]
    let buildKeys: [any PhysicalExpr]
    let nullSafe: [Bool]
    let emitter: JoinEmitter
    let distribution: HashJoinDistribution
    /// What an adaptive join's choice is shared under in an execution.
    private let adaptiveChoice = AdaptiveChoiceKey()

    init(probe: any ExecutionPlan, build: any ExecutionPlan, probeKeys: [any PhysicalExpr], buildKeys: [any PhysicalExpr],
         nullSafe: [Bool], emitter: JoinEmitter, distribution: HashJoinDistribution) throws {
        guard distribution == .broadcast || probe.partitionCount == build.partitionCount else {
            throw DataFlowError.internalError("partitioned hash join needs inputs with equal partition counts")
        }
        if case .adaptive = distribution, !(probe is ExchangeOperator && build is ExchangeOperator) {
            throw DataFlowError.internalError("adaptive hash join needs exchanged inputs")
        }
        self.probe = probe
        self.build = build
        self.probeKeys = probeKeys
        self.buildKeys = buildKeys
        self.nullSafe = nullSafe
        self.emitter = emitter
        self.distribution = distribution
    }

    var schema: Schema { emitter.outputSchema }
    var partitionCount: Int { probe.partitionCount }
    var children: [any ExecutionPlan] { emitter.probeIsLeft ? [probe, build] : [build, probe] }
    var displayName: String {
        let keys = zip(probeKeys, buildKeys).map { "\($0) = \($1)" }.joined(separator: ", ")
        let (strategy, why): (String, String)
        switch distribution {
        case .broadcast: (strategy, why) = ("BroadcastHashJoin", "build side small enough to broadcast")
        case .partitioned: (strategy, why) = ("ShuffledHashJoin", "both sides hash-partitioned on the keys")
        case .adaptive: (strategy, why) = ("ShuffledHashJoin", "both sides hash-partitioned on the keys, or broadcast if the build side turns out small")
        }
        return "\(strategy) \(emitter.type.rawValue), keys [\(keys)], build \(emitter.probeIsLeft ? "right" : "left")"
            + (emitter.residual.map { ", condition \($0)" } ?? "") + " (\(why))"
    }

    /// Semi and anti joins probing with their left side, without a residual, need only one match per probe row.
    private var firstMatchOnly: Bool { !emitter.type.keepsRightColumns && emitter.residual == nil && emitter.probeIsLeft }

    /// An adaptive join runs its build side's exchange first, and then only what it probes: the
    /// probe side's exchange, or that exchange's input when the build side is broadcast.
    func materializeInputs(context: TaskContext) throws {
        guard case .adaptive = distribution, let probeExchange = probe as? ExchangeOperator else {
            try QueryExecution.materializeStages(below: self, context: context)
            return
        }
        try QueryExecution.materializeStages(build, context: context)
        try QueryExecution.materializeStages(try broadcasts(context) ? probeExchange.child : probe, context: context)
    }

    func materialize(context: TaskContext) throws {
        if try broadcasts(context) { _ = try broadcastTable(context) }
    }

    /// Whether this execution broadcasts the build side: always in broadcast mode, and in
    /// adaptive mode when the exchanged build side is within the limits, all in memory (decided
    /// once, materializing that exchange first if need be).
    private func broadcasts(_ context: TaskContext) throws -> Bool {
        switch distribution {
        case .broadcast: return true
        case .partitioned: return false
        case let .adaptive(rows, bytes):
            guard let exchange = build as? ExchangeOperator else { return false }
            return try context.shared(by: adaptiveChoice) {
                guard let size = try exchange.inMemorySize(context: context) else { return false }
                return size.rows <= rows && size.bytes <= bytes
            }
        }
    }

    /// This execution's table of the whole build side, built by the first caller, and where the
    /// probe partitions gather their matches when the join emits build rows by them.
    private func broadcastTable(_ context: TaskContext) throws -> (table: HashJoinTable, matches: BroadcastBuildMatches?) {
        try broadcastSide(build, name: "BroadcastHashJoin", context: context) { rows in
            let table = try HashJoinTable(rows: rows, keys: buildKeys, nullSafe: nullSafe, slotLayout: { _ in !emitter.keepsUnmatchedBuild })
            let matches = emitter.tracksBuildMatches ? BroadcastBuildMatches(rows: table.rows.rowCount, partitions: partitionCount) : nil
            return ((table, matches), table.memoryBytes + table.rows.rowCount)
        }
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        if try broadcasts(context) {
            let (table, matches) = try broadcastTable(context)
            return JoinStream(probe: try broadcastProbe(partition, context: context), probeSchema: probe.schema,
                              matcher: HashProbeMatcher(table: table, keys: probeKeys, firstMatchOnly: firstMatchOnly), build: table.rows,
                              emitter: emitter, pairLimit: context.batchSize, sharedMatches: matches)
        }
        return DeferredStream { [self] in
            try joinPartition(build: try build.execute(partition: partition, context: context),
                              probe: try probe.execute(partition: partition, context: context), level: 0, context: context)
        }
    }

    /// The probe rows of partition `partition` when the build side is broadcast: the probe
    /// side's, or, in adaptive mode, the input partitions of the probe side's exchange mapped to
    /// this one, spread evenly over the partitions (so those coalesced above run in parallel).
    private func broadcastProbe(_ partition: Int, context: TaskContext) throws -> any BatchStream {
        guard distribution != .broadcast, let input = (probe as? ExchangeOperator)?.child else {
            return try probe.execute(partition: partition, context: context)
        }
        let inputs = input.partitionCount, outputs = partitionCount
        return ChainedStream(partitions: (0..<inputs).filter { $0 * outputs / inputs == partition }) {
            try input.execute(partition: $0, context: context)
        }
    }

    /// Joins one partition (or one pair of spilled buckets, a level down): builds a table from the
    /// build rows and streams the probe rows through it. When the build rows outgrow the
    /// partition's share of the memory budget, both sides go to spill files by key hash instead
    /// (a grace hash join), and each pair of buckets is joined alone: matching keys land in
    /// buckets of the same number on both sides.
    private func joinPartition(build buildRows: any BatchStream, probe probeRows: any BatchStream, level: Int,
                               context: TaskContext) throws -> any BatchStream {
        let memory = context.spillableMemory(for: self, name: "ShuffledHashJoin")
        var buffered: [RecordBatch] = [], bytes = 0
        while let batch = try buildRows.next() {
            guard batch.rowCount > 0 else { continue }
            // Building holds the rows twice: the batches and their concatenation, then the rows
            // and an index of about their size.
            if memory.tryGrow(to: 2 * (bytes + batch.byteSize)) {
                buffered.append(batch)
                bytes += batch.byteSize
                continue
            }
            if buffered.isEmpty || level == HashSpillPartitions.maxLevel {
                // Nothing to split off yet, or no hash bits left to split by: hold it if the share can.
                try memory.require(2 * (bytes + batch.byteSize))
                buffered.append(batch)
                bytes += batch.byteSize
                continue
            }
            let buildParts = HashSpillPartitions(schema: build.schema, keys: buildKeys, level: level, context: context, plan: self, name: "join-build")
            for rows in buffered + [batch] { try buildParts.add(rows) }
            buffered.removeAll()
            memory.releaseAll()
            while let rows = try buildRows.next() { if rows.rowCount > 0 { try buildParts.add(rows) } }
            let probeParts = HashSpillPartitions(schema: probe.schema, keys: probeKeys, level: level, context: context, plan: self, name: "join-probe")
            while let rows = try probeRows.next() { if rows.rowCount > 0 { try probeParts.add(rows) } }
            let buildFiles = try buildParts.finish(), probeFiles = try probeParts.finish()
            // A bucket with rows on one side only produces rows only if the join keeps them unmatched.
            let buckets = buildFiles.indices.filter { bucket in
                (buildFiles[bucket] != nil || emitter.keepsUnmatchedProbe) && (probeFiles[bucket] != nil || emitter.keepsUnmatchedBuild)
                    && (buildFiles[bucket] != nil || probeFiles[bucket] != nil)
            }
            return ChainedStream(partitions: buckets) { [self] bucket in
                try joinPartition(build: try buildFiles[bucket]?.stream() ?? BatchListStream([]),
                                  probe: try probeFiles[bucket]?.stream() ?? BatchListStream([]), level: level + 1, context: context)
            }
        }
        let rows = concat(buffered, schema: build.schema)
        buffered.removeAll()
        let table = try HashJoinTable(rows: rows, keys: buildKeys, nullSafe: nullSafe,
                                      slotLayout: { [emitter] bytes in !emitter.keepsUnmatchedBuild && memory.tryGrow(to: bytes) })
        // What the table holds, past the budget if its index took more than estimated: the
        // other operators then spill sooner.
        memory.reservation.forceResize(to: table.memoryBytes)
        // The reservation is returned when the stream is done with the table.
        return JoinStream(probe: probeRows, probeSchema: probe.schema, matcher: HashProbeMatcher(table: table, keys: probeKeys, firstMatchOnly: firstMatchOnly),
                          build: table.rows, emitter: emitter, pairLimit: context.batchSize, holding: memory.reservation)
    }
}

/// The key an adaptive hash join's choice is shared under in an execution.
private final class AdaptiveChoiceKey: Sendable {}
