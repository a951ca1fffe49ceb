/// The memory of one partition of an operator that spills (a sort's buffered rows, a hash table):
/// its state grows while it stays within the partition's share of the session's limit (the limit
/// split between the partitions that run at once, and between the spilling operators that hold
/// memory at once: `MemoryPool.fairShare`) and the pool has room. When it cannot, the
/// operator writes its state to disk, lets go of it, and starts again from nothing. One batch's
/// work is always granted when it fits the share, even if other operators fill the pool for the
/// moment (the pool then runs over by at most that, per running partition); only a batch whose
/// work is larger than the share makes the budget too small.
final class SpillableMemory: Sendable {
    let reservation: MemoryReservation
    /// The most this partition holds before it spills.
    let share: Int
    private let operatorName: String

    private let pool: MemoryPool

    init(reservation: MemoryReservation, pool: MemoryPool, share: Int, operatorName: String) {
        self.reservation = reservation
        self.pool = pool
        self.share = share
        self.operatorName = operatorName
        pool.countSpillable(1)
    }

    deinit { pool.countSpillable(-1) }

    /// Grows (or shrinks) the state to `total` bytes if it stays within the share and the pool has
    /// room: whether it did. When not, the caller spills.
    func tryGrow(to total: Int) -> Bool { total <= min(share, pool.fairShare) && reservation.tryResize(to: total) }

    /// Grows to `total` bytes, the least the operator needs to go on after it spilled everything
    /// it could: granted when it fits the share, even if the pool is full.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) naming the operator and the budget when
    ///   the share cannot hold that much.
    func require(_ total: Int) throws {
        if total <= share {
            reservation.forceResize(to: total)
            return
        }
        throw DataFlowError(.resourcesExhausted,
                            "\(operatorName) needs \(ByteSize.formatted(total)) to process one batch, more than its share (\(ByteSize.formatted(share))) of the memory limit \(ByteSize.formatted(pool.limit)) allows even after spilling to disk; raise the memory limit (Session.memoryLimit, --memory-limit) or lower the batch size",
                            location: ErrorLocation(operatorName: operatorName))
    }

    /// Lets go of everything held.
    func releaseAll() { reservation.shrink(by: Int.max) }
}
