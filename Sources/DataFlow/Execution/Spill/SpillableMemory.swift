/// The memory of one partition of an operator that spills (a sort's buffered rows, a hash table):
/// its state grows while it stays within the partition's share of the session's limit (the limit
/// split between the partitions that run at once) and the pool has room. When it cannot, the
/// operator writes its state to disk, lets go of it, and starts again from nothing; only when
/// even that leaves too little room for one batch's work is the budget too small.
final class SpillableMemory: Sendable {
    let reservation: MemoryReservation
    /// The most this partition holds before it spills.
    let share: Int
    private let operatorName: String
    private let limit: Int

    init(reservation: MemoryReservation, share: Int, limit: Int, operatorName: String) {
        self.reservation = reservation
        self.share = share
        self.limit = limit
        self.operatorName = operatorName
    }

    /// Grows (or shrinks) the state to `total` bytes if it stays within the share and the pool has
    /// room: whether it did. When not, the caller spills.
    func tryGrow(to total: Int) -> Bool { total <= share && reservation.tryResize(to: total) }

    /// Grows to `total` bytes, the least the operator needs to go on after it spilled everything
    /// it could.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) naming the operator and the budget when
    ///   the share or the pool cannot hold that much.
    func require(_ total: Int) throws {
        guard !tryGrow(to: total) else { return }
        throw DataFlowError(.resourcesExhausted,
                            "\(operatorName) needs \(ByteSize.formatted(total)) to process one batch, more than its share (\(ByteSize.formatted(share))) of the memory limit \(ByteSize.formatted(limit)) allows even after spilling to disk; raise the memory limit (Session.memoryLimit, --memory-limit) or lower the batch size",
                            location: ErrorLocation(operatorName: operatorName))
    }

    /// Lets go of everything held.
    func releaseAll() { reservation.shrink(by: Int.max) }
}
