/// Everything one execution of a physical plan owns: its settings, its memory reservations, the
/// outputs its stages share between partitions, its metrics, its progress and its cancellation.
/// Operators hold no per-run state, so a plan runs any number of times, concurrently, each run
/// with a context of its own.
public final class TaskContext: Sendable {
    /// The most partitions processed at once.
    public let parallelism: Int
    /// The most rows per batch produced by sources.
    public let batchSize: Int
    /// What expression binding needs (time zone, cast mode).
    let bindContext: BindContext
    /// The query this execution belongs to: its cancellation and its progress.
    let query: RunningQuery
    /// This execution's share of the session's memory pool.
    let memory: QueryMemory
    /// The spill files this execution wrote and has not removed yet.
    let spills: QuerySpills
    /// The counters of every operator that ran.
    let metrics = MetricsRegistry()
    /// What operators compute once per execution and share between partitions.
    private let sharedState = SharedStateTable()

    init(parallelism: Int, batchSize: Int, bindContext: BindContext, pool: MemoryPool, spillDirectory: SpillDirectory, query: RunningQuery) {
        self.parallelism = max(1, parallelism)
        self.batchSize = max(1, batchSize)
        self.bindContext = bindContext
        self.query = query
        memory = QueryMemory(pool: pool)
        spills = QuerySpills(directory: spillDirectory)
    }

    /// Throws `DataFlowError` (`.cancelled`) once the query was cancelled: long-running sources
    /// and loops call it between units of work.
    public func checkCancellation() throws { try query.checkCancellation() }

    /// The value `owner` (an operator, or a key of one) computes once per execution (a broadcast
    /// side, an exchange's output): the first caller runs `make` while later callers wait for it
    /// and get the same value, or the same error.
    func shared<Value: Sendable>(by owner: AnyObject, _ make: () throws -> Value) throws -> Value {
        try sharedState.value(for: ObjectIdentifier(owner), make)
    }

    /// A reservation of memory for `plan`, counted in its metrics.
    func reservation(for plan: any ExecutionPlan, name: String) -> MemoryReservation {
        MemoryReservation(memory: memory, counters: metrics.counters(for: plan), operatorName: name)
    }

    /// The memory of one partition of `plan`, which spills when it outgrows `fraction` of its
    /// share of the session's limit (the limit split evenly between the partitions running at once).
    func spillableMemory(for plan: any ExecutionPlan, name: String, fraction: Double = 1) -> SpillableMemory {
        let pool = memory.pool
        return SpillableMemory(reservation: reservation(for: plan, name: name), pool: pool, share: Int(Double(pool.limit / parallelism) * fraction),
                               operatorName: name)
    }

    /// Writes `count` sections one after another to a new spill file for `plan`, counted in its
    /// metrics: `section(i, write)` hands section `i`'s batches (of `schema`) to `write`. Returns
    /// the file and each section's byte range in it.
    /// - Throws: `DataFlowError` (`.io`) naming the file when the disk refuses it.
    func spill(sections count: Int, schema: Schema, by plan: any ExecutionPlan, name: String,
               _ section: (Int, (RecordBatch) throws -> Void) throws -> Void) throws -> (file: SpillFile, sections: [Range<Int>]) {
        let writer = try spillWriter(schema: schema, name: name)
        var ranges: [Range<Int>] = []
        for index in 0..<count {
            let start = writer.position
            try section(index) { try writer.write($0) }
            ranges.append(start..<writer.position)
        }
        return (try finishSpill(writer, by: plan), ranges)
    }

    /// A writer of a new spill file of `schema` in the session's spill folder, named after `name`,
    /// removed with the query at the latest.
    /// - Throws: `DataFlowError` (`.io`) naming the path when it cannot be made.
    func spillWriter(schema: Schema, name: String) throws -> SpillFileWriter {
        try SpillFileWriter(path: try spills.directory.newFilePath(prefix: name), schema: schema, spills: spills)
    }

    /// Ends `writer`'s file and counts it in `plan`'s metrics.
    /// - Throws: `DataFlowError` (`.io`) when the disk refuses the last bytes.
    func finishSpill(_ writer: SpillFileWriter, by plan: any ExecutionPlan) throws -> SpillFile {
        let file = try writer.finish()
        metrics.counters(for: plan).recordSpill(file)
        return file
    }

    /// Runs `body(0) ..< body(count)` as one stage of the query, with at most `parallelism` at
    /// once, stopping at cancellation, and reports each finished partition to the query's progress.
    func runStage<T>(_ name: String, partitions count: Int, _ body: (Int, StageTask) throws -> T) throws -> [T] {
        let stage = query.progress.startStage(name, partitions: count)
        query.notifyProgress()
        defer { memory.pool.releaseFreeMemoryIfLetGo() }
        return try Scheduler.parallelMap(count, parallelism: parallelism, cancellation: query) { partition in
            let task = StageTask()
            let result = try body(partition, task)
            query.progress.finishPartition(of: stage, rows: task.rows, bytes: task.bytes)
            query.notifyProgress()
            return result
        }
    }

    /// Every partition of `plan` read whole, in parallel, as the stage `name`; with `owner`, the
    /// work counts as that operator's time (a stage boundary reading its input).
    func drainPartitions(of plan: any ExecutionPlan, stage name: String, timedAs owner: (any ExecutionPlan)? = nil) throws -> [[RecordBatch]] {
        try runStage(name, partitions: plan.partitionCount) { partition, task in
            func read() throws -> [RecordBatch] {
                let batches = try drain(try plan.execute(partition: partition, context: self))
                batches.forEach(task.record)
                return batches
            }
            return try owner.map { try $0.timed(self, read) } ?? read()
        }
    }
}

/// What one partition of a stage produced, for the query's progress.
final class StageTask {
    private(set) var rows = 0
    private(set) var bytes = 0

    /// Counts `batch` as produced.
    func record(_ batch: RecordBatch) {
        rows += batch.rowCount
        bytes += batch.byteSize
    }

    /// Counts `rows` rows of `bytes` bytes as produced.
    func record(rows: Int, bytes: Int) {
        self.rows += rows
        self.bytes += bytes
    }
}
