import Foundation

/// Pairs every probe row with every build row, a chunk of build rows at a time; the join's whole
/// condition is the emitter's residual. For conditions no other strategy can use, and cross joins.
struct NestedLoopMatcher: ProbeMatcher {
    let buildCount: Int
    private var probeCount = 0
    private var nextBuild = 0

    init(buildCount: Int) { self.buildCount = buildCount }

    mutating func start(_ batch: RecordBatch) throws {
        probeCount = batch.rowCount
        nextBuild = 0
    }

    mutating func nextPairs(limit: Int) throws -> (probe: [Int32], build: [Int32])? {
        guard nextBuild < buildCount, probeCount > 0 else { return nil }
        let chunk = max(1, min(buildCount - nextBuild, limit / probeCount))
        var probe = [Int32](), build = [Int32]()
        probe.reserveCapacity(chunk * probeCount)
        build.reserveCapacity(chunk * probeCount)
        for buildRow in nextBuild..<(nextBuild + chunk) {
            for probeRow in 0..<probeCount {
                probe.append(Int32(probeRow))
                build.append(Int32(buildRow))
            }
        }
        nextBuild += chunk
        return (probe, build)
    }
}

/// A join by nested loops over batches: the build side is broadcast, each probe batch meets it in
/// chunks of pairs evaluated with vectorized kernels. O(n × m): chosen only when the condition has
/// neither equality keys nor range comparisons between the sides.
final class NestedLoopJoinOperator: StageBoundary, Sendable {
    let probe: any ExecutionPlan
    let build: any ExecutionPlan
    let emitter: JoinEmitter

    init(probe: any ExecutionPlan, build: any ExecutionPlan, emitter: JoinEmitter) throws {
        guard !emitter.keepsUnmatchedBuild || probe.partitionCount == 1 else {
            throw DataFlowError.internalError("a nested-loop join keeping unmatched build rows needs one probe partition")
        }
        self.probe = probe
        self.build = build
        self.emitter = emitter
    }

    var schema: Schema { emitter.outputSchema }
    var partitionCount: Int { probe.partitionCount }
    var children: [any ExecutionPlan] { emitter.probeIsLeft ? [probe, build] : [build, probe] }
    var displayName: String {
        let what = emitter.residual.map { "condition \($0)" } ?? "no condition"
        return "BroadcastNestedLoopJoin \(emitter.type.rawValue), \(what) (no equality keys or range comparisons to use)"
    }

    func materialize(context: TaskContext) throws { _ = try buildRows(context) }

    /// This execution's build rows, collected by the first caller.
    private func buildRows(_ context: TaskContext) throws -> RecordBatch {
        try broadcastSide(build, name: "BroadcastNestedLoopJoin", context: context) { rows in (rows, rows.byteSize) }
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let rows = try buildRows(context)
        return JoinStream(probe: try probe.execute(partition: partition, context: context), probeSchema: probe.schema,
                          matcher: NestedLoopMatcher(buildCount: rows.rowCount), build: rows, emitter: emitter,
                          pairLimit: context.batchSize)
    }
}
