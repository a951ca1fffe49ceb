/// How far a query has come: its stages (each exchange, broadcast and the final one) in the
/// order they started.
public struct QueryProgress: Sendable, Equatable {
    /// The stages started so far.
    public var stages: [StageProgress]

    /// Partitions finished over every stage started so far.
    public var partitionsDone: Int { stages.reduce(0) { $0 + $1.partitionsDone } }
    /// Partitions of every stage started so far.
    public var partitions: Int { stages.reduce(0) { $0 + $1.partitions } }
}

/// One stage of a query: partitions that run in parallel, each producing rows.
public struct StageProgress: Sendable, Equatable {
    /// What the stage produces (`Exchange hashpartitioning(...)`, `Result`, `Write`).
    public var name: String
    /// Partitions in the stage.
    public var partitions: Int
    /// Partitions finished.
    public var partitionsDone = 0
    /// Rows the finished partitions produced.
    public var rows = 0
    /// Bytes of the rows the finished partitions produced, in memory.
    public var bytes = 0

    /// Whether every partition finished.
    public var isFinished: Bool { partitionsDone == partitions }
}

/// The progress of one query, updated by its stages' partitions as they finish.
final class ProgressTracker: Sendable {
    private let stages = Locked<[StageProgress]>([])

    /// Adds a stage of `partitions` partitions; returns its number.
    func startStage(_ name: String, partitions: Int) -> Int {
        stages.withLock { stages in
            stages.append(StageProgress(name: name, partitions: partitions))
            return stages.count - 1
        }
    }

    /// Counts a finished partition of stage `stage`.
    func finishPartition(of stage: Int, rows: Int, bytes: Int) {
        stages.withLock { stages in
            stages[stage].partitionsDone += 1
            stages[stage].rows += rows
            stages[stage].bytes += bytes
        }
    }

    func snapshot() -> QueryProgress { QueryProgress(stages: stages.withLock { $0 }) }
}
