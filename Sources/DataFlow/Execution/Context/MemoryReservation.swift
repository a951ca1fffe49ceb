/// Memory an operator holds for its state (a hash table, a sorted partition, a broadcast side) in
/// one execution: grows and shrinks with the state, counts toward the operator's peak in its
/// metrics, and is returned when released or when the reservation is dropped.
final class MemoryReservation: Sendable {
    private let memory: QueryMemory
    private let counters: OperatorCounters
    private let operatorName: String
    private let held = Locked(0)

    init(memory: QueryMemory, counters: OperatorCounters, operatorName: String) {
        self.memory = memory
        self.counters = counters
        self.operatorName = operatorName
    }

    /// Grows or shrinks the reservation to `total` bytes.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when growing past the session's limit.
    func resize(to total: Int) throws {
        try change(to: total) { try memory.reserve($0, for: operatorName); return true }
    }

    /// Grows or shrinks the reservation to `total` bytes if the session's pool has room: whether
    /// it did. Operators that can spill call this, and spill when it did not.
    func tryResize(to total: Int) -> Bool { change(to: total, growing: memory.tryReserve) }

    /// Grows or shrinks the reservation to `total` bytes even past the pool's limit: the one batch
    /// an operator must hold to make progress at all.
    func forceResize(to total: Int) {
        change(to: total) { memory.forceReserve($0); return true }
    }

    /// Moves the reservation to `total` bytes, taking the difference from the pool with `growing`
    /// (which says whether it got it) or returning it; whether the reservation moved.
    @discardableResult
    private func change(to total: Int, growing: (Int) throws -> Bool) rethrows -> Bool {
        try held.withLock { held in
            if total > held {
                guard try growing(total - held) else { return false }
            } else {
                memory.release(held - total)
            }
            counters.memoryChanged(by: total - held)
            held = total
            return true
        }
    }

    /// Returns `bytes` of what is held (a consumer took that much of the state).
    func shrink(by bytes: Int) {
        held.withLock { held in
            let returned = min(bytes, held)
            memory.release(returned)
            counters.memoryChanged(by: -returned)
            held -= returned
        }
    }

    deinit { shrink(by: Int.max) }
}
