/// Turns candidate pairs into join output: evaluates the residual condition over the joined pairs,
/// records which rows matched, and emits matched pairs, unmatched rows of preserved sides (with
/// nulls on the other side), or the left rows of semi and anti joins: as they are probed, or at
/// the end when a semi or anti join builds on its left side (the smaller one).
struct JoinEmitter: Sendable {
    let type: JoinType
    /// Whether the probe side is the join's left input (output columns are always left then right).
    let probeIsLeft: Bool
    /// The condition left to check on candidate pairs, bound over left columns then right columns.
    let residual: (any PhysicalExpr)?
    /// Left columns then right columns, as the residual sees them.
    let combinedSchema: Schema
    /// The join's output schema.
    let outputSchema: Schema

    /// Whether unmatched probe rows are emitted (with nulls on the build side).
    var keepsUnmatchedProbe: Bool { probeIsLeft ? type.keepsUnmatchedLeft : type.keepsUnmatchedRight }
    /// Whether unmatched build rows are emitted at the end (with nulls on the probe side, but for
    /// an anti join building on its left side).
    var keepsUnmatchedBuild: Bool { probeIsLeft ? type.keepsUnmatchedRight : type.keepsUnmatchedLeft || type == .leftAnti }
    /// Whether this is a semi or anti join that builds on its left side and probes with its right.
    var buildsSemiSide: Bool { !probeIsLeft && !type.keepsRightColumns }

    /// Whether the output depends on which probe rows matched (outer joins, semi and anti joins probing with their left side).
    var tracksProbeMatches: Bool { keepsUnmatchedProbe || (!type.keepsRightColumns && probeIsLeft) }
    /// Whether the output depends on which build rows matched: a partitioned join emits them at
    /// the end of each partition, a broadcast one once every probe partition has ended.
    var tracksBuildMatches: Bool { keepsUnmatchedBuild || buildsSemiSide }

    /// The pairs as one batch of left columns then right columns; a negative row index is null.
    func joined(probe: RecordBatch, probeRows: [Int32], build: RecordBatch, buildRows: [Int32]) -> RecordBatch {
        // Every probe row once, in order (a key join on unique keys): the probe columns as they are.
        let identity = probeRows.count == probe.rowCount && probeRows.enumerated().allSatisfy { $0.offset == Int($0.element) }
        let probeColumns = identity ? probe.columns : probe.columns.map { take($0, indices: probeRows) }
        let buildColumns = build.columns.map { take($0, indices: buildRows) }
        let columns = probeIsLeft ? probeColumns + buildColumns : buildColumns + probeColumns
        return RecordBatch(unchecked: combinedSchema, columns: columns, rowCount: probeRows.count)
    }

    /// The candidate pairs that satisfy the residual, and their joined rows.
    func accept(probe: RecordBatch, probeRows: [Int32], build: RecordBatch, buildRows: [Int32]) throws
        -> (probe: [Int32], build: [Int32], joined: RecordBatch)
    {
        // Semi and anti joins without a residual only need to know which rows matched.
        if residual == nil && !type.keepsRightColumns { return (probeRows, buildRows, .empty(combinedSchema)) }
        let all = joined(probe: probe, probeRows: probeRows, build: build, buildRows: buildRows)
        guard let residual, all.rowCount > 0 else { return (probeRows, buildRows, all) }
        let mask = try residual.evaluate(all).materialize(all.rowCount)
        let keep = selectedIndices(mask)
        if keep.count == all.rowCount { return (probeRows, buildRows, all) }
        return (keep.map { probeRows[Int($0)] }, keep.map { buildRows[Int($0)] }, take(all, indices: keep))
    }

    /// Matched pairs as output rows (nil for semi and anti joins, which emit per probe row).
    func matchedOutput(_ joined: RecordBatch) -> RecordBatch? {
        type.keepsRightColumns ? joined.withSchema(outputSchema) : nil
    }

    /// What a finished probe batch adds: its unmatched rows for outer joins, its matched (semi) or
    /// unmatched (anti) rows for semi and anti joins.
    func probeBatchOutput(_ probe: RecordBatch, matched: [Bool], build: RecordBatch) -> RecordBatch? {
        switch type {
        case .leftSemi, .leftAnti:
            guard probeIsLeft else { return nil }
            let wanted = type == .leftSemi
            let rows = matched.indices.filter { matched[$0] == wanted }.map { Int32($0) }
            return rows.isEmpty ? nil : take(probe, indices: rows).withSchema(outputSchema)
        default:
            guard keepsUnmatchedProbe else { return nil }
            let rows = matched.indices.filter { !matched[$0] }.map { Int32($0) }
            if rows.isEmpty { return nil }
            return joined(probe: probe, probeRows: rows, build: build, buildRows: [Int32](repeating: -1, count: rows.count)).withSchema(outputSchema)
        }
    }

    /// What the build side adds after the probe: the rows never matched, with nulls on the probe
    /// side (outer joins preserving the build side), or the matched (semi) or unmatched (anti) rows
    /// of a semi or anti join building on its left side.
    func buildOutput(_ build: RecordBatch, matched: [Bool], probeSchema: Schema) -> RecordBatch? {
        if buildsSemiSide {
            let wanted = type == .leftSemi
            let rows = matched.indices.filter { matched[$0] == wanted }.map { Int32($0) }
            return rows.isEmpty ? nil : take(build, indices: rows).withSchema(outputSchema)
        }
        guard keepsUnmatchedBuild else { return nil }
        let rows = matched.indices.filter { !matched[$0] }.map { Int32($0) }
        if rows.isEmpty { return nil }
        let nullProbe = RecordBatch(unchecked: probeSchema, columns: probeSchema.fields.map { Column.nulls(type: $0.type, count: 1) }, rowCount: 1)
        return joined(probe: nullProbe, probeRows: [Int32](repeating: -1, count: rows.count), build: build, buildRows: rows).withSchema(outputSchema)
    }
}

/// One output partition of a join: pulls probe batches, asks the matcher for candidate pairs, and
/// emits through the `JoinEmitter`; build rows emitted by whether they matched come last (from the
/// last partition to finish, when the build side is broadcast).
final class JoinStream: BatchStream {
    private let probe: any BatchStream
    private var matcher: any ProbeMatcher
    private let emitter: JoinEmitter
    private let build: RecordBatch
    private let probeSchema: Schema
    private let pairLimit: Int
    private var current: RecordBatch?
    private var probeMatched: [Bool] = []
    private var buildMatched: [Bool]
    private var finished = false
    /// Resources that must live as long as the stream (a build table's memory reservation).
    private let held: AnyObject?
    /// For a broadcast build side: the matches of every probe partition, the last of which emits
    /// the build rows.
    private let sharedMatches: BroadcastBuildMatches?

    init(probe: any BatchStream, probeSchema: Schema, matcher: any ProbeMatcher, build: RecordBatch, emitter: JoinEmitter,
         pairLimit: Int, holding held: AnyObject? = nil, sharedMatches: BroadcastBuildMatches? = nil) {
        self.held = held
        self.sharedMatches = sharedMatches
        self.probe = probe
        self.probeSchema = probeSchema
        self.matcher = matcher
        self.build = build
        self.emitter = emitter
        self.pairLimit = max(1024, pairLimit)
        buildMatched = emitter.tracksBuildMatches ? [Bool](repeating: false, count: build.rowCount) : []
    }

    func next() throws -> RecordBatch? {
        while !finished {
            guard let batch = current else {
                guard let next = try probe.next() else {
                    finished = true
                    guard let sharedMatches else { return emitter.buildOutput(build, matched: buildMatched, probeSchema: probeSchema) }
                    return sharedMatches.finish(buildMatched).flatMap { emitter.buildOutput(build, matched: $0, probeSchema: probeSchema) }
                }
                if next.rowCount == 0 { continue }
                current = next
                probeMatched = [Bool](repeating: false, count: next.rowCount)
                try matcher.start(next)
                continue
            }
            guard let pairs = try matcher.nextPairs(limit: pairLimit) else {
                current = nil
                if let output = emitter.probeBatchOutput(batch, matched: probeMatched, build: build) { return output }
                continue
            }
            if pairs.probe.isEmpty { continue }
            let accepted = try emitter.accept(probe: batch, probeRows: pairs.probe, build: build, buildRows: pairs.build)
            if emitter.tracksProbeMatches { for row in accepted.probe { probeMatched[Int(row)] = true } }
            if !buildMatched.isEmpty { for row in accepted.build { buildMatched[Int(row)] = true } }
            if let output = emitter.matchedOutput(accepted.joined), output.rowCount > 0 { return output }
        }
        return nil
    }
}
