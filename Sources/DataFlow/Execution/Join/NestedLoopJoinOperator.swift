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
final class NestedLoopJoinOperator: StageBoundary, @unchecked Sendable { // the collected build rows and their reservation change only under `lock`
    let probe: any ExecutionPlan
    let build: any ExecutionPlan
    let emitter: JoinEmitter
    private let lock = NSLock()
    private var rows: RecordBatch?
    private var reservation: MemoryReservation?

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

    func materialize(context: ExecutionContext) throws {
        guard lock.withLock({ rows == nil }) else { return }
        let collected = try collectPartitions(build, context: context)
        let reservation = MemoryReservation(pool: context.memory, operatorName: "BroadcastNestedLoopJoin")
        try reservation.resize(to: collected.byteSize)
        lock.withLock {
            rows = collected
            self.reservation = reservation
        }
    }

    func execute(partition: Int, context: ExecutionContext) throws -> any BatchStream {
        try materialize(context: context)
        let rows = lock.withLock { self.rows! }
        return JoinStream(probe: try probe.execute(partition: partition, context: context), probeSchema: probe.schema,
                          matcher: NestedLoopMatcher(buildCount: rows.rowCount), build: rows, emitter: emitter,
                          pairLimit: context.batchSize)
    }
}
