/// Tracks the bytes held by blocking operators (hash tables, sort buffers, exchange buckets) of
/// every query of a session against one limit. Operators that can spill to disk do so when the
/// pool has no room; for the others, exceeding the limit is a `DataFlowError`
/// (`.resourcesExhausted`) naming the operator, never a crash.
public final class MemoryPool: Sendable {
    /// The limit in bytes.
    public let limit: Int
    private let state = Locked(Usage())

    /// What the pool has handed out, and what it tracks about it.
    private struct Usage {
        var used = 0, peak = 0, spillable = 0, cached = 0
        /// The most bytes reserved at once since the allocator last handed free pages back.
        var heldSinceTrim = 0

        mutating func add(_ bytes: Int) {
            used += bytes
            peak = max(peak, used)
            heldSinceTrim = max(heldSinceTrim, used)
        }
    }

    /// A pool allowing `limit` bytes. It sets up the C allocator (`SystemAllocator`) so that freed
    /// memory goes back to the system.
    public init(limit: Int) {
        self.limit = limit
        SystemAllocator.tune()
    }

    /// Bytes currently reserved.
    public var reservedBytes: Int { state.withLock { $0.used } }

    /// The most bytes reserved at once.
    public var peakBytes: Int { state.withLock { $0.peak } }

    /// Reserves `bytes` for `operatorName`.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when the limit would be exceeded.
    public func reserve(_ bytes: Int, for operatorName: String) throws {
        guard let used = tryReserve(bytes) else { return }
        throw DataFlowError(.resourcesExhausted,
                            "memory limit of \(limit) bytes exceeded: \(operatorName) needs \(bytes) more bytes with \(used) in use; raise Session.memoryLimit or reduce the data",
                            location: ErrorLocation(operatorName: operatorName))
    }

    /// Reserves `bytes` if they fit: nil when reserved, else the bytes in use that left no room
    /// (operators that can spill then spill instead of failing).
    func tryReserve(_ bytes: Int) -> Int? { reserveIfRoom(bytes, forCache: false) }

    /// Reserves `bytes` for a cached DataFrame's rows if the pool has room and the caches would
    /// hold at most half the limit, the other half staying for the queries that run (as Spark's
    /// storage fraction does): whether it did.
    func tryReserveCache(_ bytes: Int) -> Bool { reserveIfRoom(bytes, forCache: true) == nil }

    private func reserveIfRoom(_ bytes: Int, forCache: Bool) -> Int? {
        guard bytes > 0 else { return nil }
        return state.withLock { state in
            guard state.used + bytes <= limit, !forCache || state.cached + bytes <= limit / 2 else { return state.used }
            state.add(bytes)
            if forCache { state.cached += bytes }
            return nil
        }
    }

    /// Reserves `bytes` even past the limit (an operator's one batch of work, see `SpillableMemory`).
    func forceReserve(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { $0.add(bytes) }
    }

    /// Returns `bytes` a cached DataFrame held.
    func releaseCache(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { state in
            state.cached = max(0, state.cached - bytes)
            state.used = max(0, state.used - bytes)
        }
    }

    /// An equal part of the limit for each operator partition running now that can spill: what
    /// one may hold before it spills, so that operators running at once (a dedup feeding an
    /// exchange, say) leave each other room.
    var fairShare: Int { state.withLock { limit / max(1, $0.spillable) } }

    /// Counts an operator partition that can spill (`SpillableMemory`), or one fewer.
    func countSpillable(_ delta: Int) { state.withLock { $0.spillable += delta } }

    /// Returns `bytes` to the pool.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { $0.used = max(0, $0.used - bytes) }
    }

    /// Hands the pages the C allocator holds free back to the system when more than it keeps on
    /// its own (`SystemAllocator.retainedFree`) was let go of since the last time: at the end of
    /// a stage that held large state (a hash table, a sort's runs, an exchange's buckets), not
    /// after every small one, whose trim would only cost the next stage page faults. Returns
    /// whether it did.
    @discardableResult
    func releaseFreeMemoryIfLetGo() -> Bool {
        let letGo = state.withLock { state in
            guard state.heldSinceTrim - state.used > SystemAllocator.retainedFree else { return false }
            state.heldSinceTrim = state.used
            return true
        }
        if letGo { SystemAllocator.releaseFreeMemory() }
        return letGo
    }
}
