extension ExecutionPlan {
    /// This execution's broadcast side of a join: every partition of `build` collected (a stage),
    /// and what `make` builds from those rows for all probe partitions to share, with its size in
    /// bytes. Computed by the first partition that asks; held, under a reservation named `name`,
    /// for the rest of the execution.
    func broadcastSide<Value: Sendable>(_ build: any ExecutionPlan, name: String, context: TaskContext,
                                        _ make: (RecordBatch) throws -> (value: Value, bytes: Int)) throws -> Value {
        try context.shared(by: self) {
            let parts = try context.drainPartitions(of: build, stage: "Broadcast for \(displayName)", timedAs: self)
            return try timed(context) {
                let (value, bytes) = try make(concat(parts.flatMap { $0 }, schema: build.schema))
                let reservation = context.reservation(for: self, name: name)
                try reservation.resize(to: bytes)
                return HeldState(value, reservation: reservation)
            }
        }.value
    }
}

/// State an operator shares between the partitions of one execution, with the memory it holds.
private struct HeldState<Value: Sendable>: Sendable {
    let value: Value
    let reservation: MemoryReservation

    init(_ value: Value, reservation: MemoryReservation) {
        self.value = value
        self.reservation = reservation
    }
}
