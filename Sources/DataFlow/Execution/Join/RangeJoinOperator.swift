import Foundation

/// One comparison of a range join, normalized: `probe op build` with op one of < <= > >=.
struct RangeComparison: Sendable {
    let probe: any PhysicalExpr
    let op: BinaryOperator
    let build: any PhysicalExpr
}

/// The build side of a range join: rows sorted by the first comparison's build key (the X order),
/// and, for a second comparison, the build rows ordered by its key with their X positions.
final class RangeJoinTable: Sendable {
    let rows: RecordBatch
    /// X order: first-comparison keys ascending, and the build row at each position.
    let xKeys: [UInt64]
    let xRows: [Int32]
    /// Second-comparison keys ascending, and the X position of the row holding each.
    let yKeys: [UInt64]
    let yPositions: [Int32]

    init(rows: RecordBatch, first: any PhysicalExpr, second: (any PhysicalExpr)?) throws {
        self.rows = rows
        let firstColumn = try first.evaluateColumn(rows)
        let secondColumn = try second?.evaluateColumn(rows)
        guard let firstKeys = orderedKeys(firstColumn) else { throw DataFlowError.internalError("range key \(first.dataType)") }
        let secondKeys = try secondColumn.map { column -> [UInt64] in
            guard let keys = orderedKeys(column) else { throw DataFlowError.internalError("range key \(column.type)") }
            return keys
        }
        // Rows with a null key can never satisfy a comparison.
        let valid = (0..<Int32(rows.rowCount)).filter { row in
            !firstColumn.isNull(Int(row)) && !(secondColumn?.isNull(Int(row)) ?? false)
        }
        var keys = valid.map { firstKeys[Int($0)] }
        var order = valid
        radixSort(&keys, &order)
        xKeys = keys
        xRows = order
        if let secondKeys {
            var position = [Int32](repeating: 0, count: rows.rowCount)
            for (x, row) in order.enumerated() { position[Int(row)] = Int32(x) }
            var second = order.map { secondKeys[Int($0)] }
            var positions = order.map { position[Int($0)] }
            radixSort(&second, &positions)
            yKeys = second
            yPositions = positions
        } else {
            yKeys = []
            yPositions = []
        }
    }

    var memoryBytes: Int { rows.byteSize + (xKeys.count + yKeys.count) * 12 }
}

/// Stable radix sort of `keys` carrying `rows` (convenience over the buffer form).
func radixSort(_ keys: inout [UInt64], _ rows: inout [Int32]) {
    let count = keys.count
    guard count > 1 else { return }
    var scratchKeys = [UInt64](repeating: 0, count: count)
    var scratchRows = [Int32](repeating: 0, count: count)
    keys.withUnsafeMutableBufferPointer { k in
        rows.withUnsafeMutableBufferPointer { r in
            scratchKeys.withUnsafeMutableBufferPointer { sk in
                scratchRows.withUnsafeMutableBufferPointer { sr in
                    radixSort(keys: k.baseAddress!, rows: r.baseAddress!, count: count, scratchKeys: sk.baseAddress!,
                              scratchRows: sr.baseAddress!, payload: nil)
                }
            }
        }
    }
}

/// Matches probe rows against a `RangeJoinTable` (IEJoin): the first comparison selects a range of
/// X positions by binary search; for a second comparison, probe rows are visited in the order of
/// their second key while build rows that satisfy it are set in a bitmap over X positions, so each
/// probe row reads only the set bits inside its range (bounded by the lowest and highest set bit).
struct RangeProbeMatcher: ProbeMatcher {
    let table: RangeJoinTable
    let first: RangeComparison
    let second: RangeComparison?
    private var xRange: [Range<Int>] = []
    private var visit: [Int32] = []
    private var visitIndex = 0
    private var bits: [UInt64] = []
    private var lowestSet = Int.max
    private var highestSet = -1
    private var inserted = 0

    init(table: RangeJoinTable, first: RangeComparison, second: RangeComparison?) {
        self.table = table
        self.first = first
        self.second = second
    }

    /// The first index of `keys` whose key is not below `value` (or above it, with `strict`).
    private static func bound(_ keys: [UInt64], _ value: UInt64, above strict: Bool) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if strict ? keys[mid] <= value : keys[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    mutating func start(_ batch: RecordBatch) throws {
        let count = batch.rowCount
        let firstColumn = try first.probe.evaluateColumn(batch)
        let secondColumn = try second?.probe.evaluateColumn(batch)
        guard let firstKeys = orderedKeys(firstColumn) else { throw DataFlowError.internalError("range key \(firstColumn.type)") }
        let m = table.xKeys.count
        xRange = (0..<count).map { row in
            if firstColumn.isNull(row) || (secondColumn?.isNull(row) ?? false) { return 0..<0 }
            let value = firstKeys[row]
            switch first.op {
            case .less: return Self.bound(table.xKeys, value, above: true)..<m          // build > probe
            case .lessOrEqual: return Self.bound(table.xKeys, value, above: false)..<m  // build >= probe
            case .greater: return 0..<Self.bound(table.xKeys, value, above: false)      // build < probe
            default: return 0..<Self.bound(table.xKeys, value, above: true)             // build <= probe
            }
        }
        visitIndex = 0
        guard let second, let secondColumn, let secondKeys = orderedKeys(secondColumn) else {
            visit = Array(0..<Int32(count))
            return
        }
        // Visit probe rows so that the build rows satisfying the second comparison only grow:
        // ascending probe keys when the build key must be below, descending when above.
        var keys = secondKeys
        var order = Array(0..<Int32(count))
        radixSort(&keys, &order)
        let buildBelow = second.op == .greater || second.op == .greaterOrEqual
        visit = buildBelow ? order : order.reversed()
        visitKeys = buildBelow ? keys : keys.reversed()
        bits = [UInt64](repeating: 0, count: (m + 63) / 64)
        lowestSet = Int.max
        highestSet = -1
        inserted = 0
    }

    private var visitKeys: [UInt64] = []

    /// Sets the bits of build rows that satisfy the second comparison for a probe key `value`.
    private mutating func insert(upTo value: UInt64, op: BinaryOperator) {
        let yKeys = table.yKeys
        let n = yKeys.count
        while inserted < n {
            // Ascending for "build below the probe", descending for "build above".
            let index = op == .greater || op == .greaterOrEqual ? inserted : n - 1 - inserted
            let key = yKeys[index]
            let satisfied: Bool
            switch op {
            case .greater: satisfied = key < value
            case .greaterOrEqual: satisfied = key <= value
            case .less: satisfied = key > value
            default: satisfied = key >= value
            }
            guard satisfied else { return }
            let position = Int(table.yPositions[index])
            bits[position >> 6] |= 1 << UInt64(position & 63)
            lowestSet = min(lowestSet, position)
            highestSet = max(highestSet, position)
            inserted += 1
        }
    }

    mutating func nextPairs(limit: Int) throws -> (probe: [Int32], build: [Int32])? {
        guard visitIndex < visit.count else { return nil }
        var probe: [Int32] = [], build: [Int32] = []
        let xRows = table.xRows
        while visitIndex < visit.count && probe.count < limit {
            let row = visit[visitIndex]
            let range = xRange[Int(row)]
            if let second {
                if !range.isEmpty { insert(upTo: visitKeys[visitIndex], op: second.op) }
                let low = max(range.lowerBound, lowestSet), high = min(range.upperBound - 1, highestSet)
                if low <= high {
                    var word = low >> 6
                    while word <= high >> 6 {
                        var value = bits[word]
                        if word == low >> 6 { value &= ~0 << UInt64(low & 63) }
                        if word == high >> 6 && high & 63 != 63 { value &= (1 << UInt64((high & 63) + 1)) - 1 }
                        while value != 0 {
                            let position = word << 6 + value.trailingZeroBitCount
                            probe.append(row)
                            build.append(xRows[position])
                            value &= value - 1
                        }
                        word += 1
                    }
                }
            } else {
                for position in range {
                    probe.append(row)
                    build.append(xRows[position])
                }
            }
            visitIndex += 1
        }
        return (probe, build)
    }
}

/// A join whose condition compares the two sides with < <= > >= (a band or interval-overlap join)
/// and has no equality keys: the build side is broadcast and sorted once, each probe partition is
/// matched with `RangeProbeMatcher` in O((n + m) log m + output) instead of an n × m loop.
final class RangeJoinOperator: StageBoundary, Sendable {
    let probe: any ExecutionPlan
    let build: any ExecutionPlan
    let first: RangeComparison
    let second: RangeComparison?
    let emitter: JoinEmitter

    init(probe: any ExecutionPlan, build: any ExecutionPlan, first: RangeComparison, second: RangeComparison?, emitter: JoinEmitter) throws {
        guard !emitter.keepsUnmatchedBuild || probe.partitionCount == 1 else {
            throw DataFlowError.internalError("a range join keeping unmatched build rows needs one probe partition")
        }
        self.probe = probe
        self.build = build
        self.first = first
        self.second = second
        self.emitter = emitter
    }

    var schema: Schema { emitter.outputSchema }
    var partitionCount: Int { probe.partitionCount }
    var children: [any ExecutionPlan] { emitter.probeIsLeft ? [probe, build] : [build, probe] }
    var displayName: String {
        let conditions = ([first] + (second.map { [$0] } ?? [])).map { "\($0.probe) \($0.op.rawValue) \($0.build)" }
        return "RangeJoin (IEJoin) \(emitter.type.rawValue), [\(conditions.joined(separator: " AND "))]"
            + (emitter.residual.map { ", condition \($0)" } ?? "")
            + " (no equality keys; range comparisons between the sides: build side sorted, probe by binary search and bitmap)"
    }

    func materialize(context: TaskContext) throws { _ = try table(context) }

    /// This execution's sorted build side, built by the first caller.
    private func table(_ context: TaskContext) throws -> RangeJoinTable {
        try broadcastSide(build, name: "RangeJoin", context: context) { rows in
            let table = try RangeJoinTable(rows: rows, first: first.build, second: second?.build)
            return (table, table.memoryBytes)
        }
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let table = try self.table(context)
        return JoinStream(probe: try probe.execute(partition: partition, context: context), probeSchema: probe.schema,
                          matcher: RangeProbeMatcher(table: table, first: first, second: second), build: table.rows,
                          emitter: emitter, pairLimit: context.batchSize)
    }
}
