/// One execution's bytes in the session's `MemoryPool`. Every reservation of the query goes through
/// it, so when the query ends, however it ends, `finish()` hands back whatever is still held: a
/// failed or cancelled query leaks nothing into the pool.
final class QueryMemory: Sendable {
    let pool: MemoryPool
    private let state = Locked<(held: Int, peak: Int, finished: Bool)>((0, 0, false))

    init(pool: MemoryPool) { self.pool = pool }

    /// Reserves `bytes` for `operatorName`.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) over the pool's limit.
    func reserve(_ bytes: Int, for operatorName: String) throws {
        guard bytes > 0 else { return }
        try pool.reserve(bytes, for: operatorName)
        held(bytes)
    }

    /// Reserves `bytes` if the pool has room; whether it had.
    func tryReserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        guard pool.tryReserve(bytes) == nil else { return false }
        held(bytes)
        return true
    }

    /// Reserves `bytes` even past the pool's limit.
    func forceReserve(_ bytes: Int) {
        guard bytes > 0 else { return }
        pool.forceReserve(bytes)
        held(bytes)
    }

    /// Counts `bytes` just reserved from the pool as the query's.
    private func held(_ bytes: Int) {
        let returnAtOnce = state.withLock { state -> Bool in
            if state.finished { return true }
            state.held += bytes
            state.peak = max(state.peak, state.held)
            return false
        }
        if returnAtOnce { pool.release(bytes) }
    }

    /// Returns `bytes` to the pool (nothing once the query finished: `finish` returned them).
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        let returned = state.withLock { state -> Int in
            if state.finished { return 0 }
            let returned = min(bytes, state.held)
            state.held -= returned
            return returned
        }
        pool.release(returned)
    }

    /// The most bytes the query held at once.
    var peakBytes: Int { state.withLock { $0.peak } }

    /// Ends the query's use of the pool, returning everything it still holds.
    func finish() {
        let held = state.withLock { state -> Int in
            defer { state = (0, state.peak, true) }
            return state.held
        }
        pool.release(held)
    }
}
