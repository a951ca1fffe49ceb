/// Everything a running query shares: how many workers it may use, the batch size, the session
/// time zone, and the memory budget its blocking operators account against.
public final class ExecutionContext: Sendable {
    /// The most partitions processed at once.
    public let parallelism: Int
    /// The most rows per batch produced by sources.
    public let batchSize: Int
    /// The memory budget.
    public let memory: MemoryPool
    /// What expression binding needs (time zone, cast mode).
    let bindContext: BindContext

    init(parallelism: Int, batchSize: Int, memory: MemoryPool, bindContext: BindContext) {
        self.parallelism = max(1, parallelism)
        self.batchSize = max(1, batchSize)
        self.memory = memory
        self.bindContext = bindContext
    }
}
