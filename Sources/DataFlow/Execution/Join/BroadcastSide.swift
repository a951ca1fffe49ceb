extension ExecutionPlan {
    /// This execution's broadcast side of a join: every partition of `build` collected (a stage),
    /// and what `make` builds from those rows for all probe partitions to share, with its size in
    /// bytes. Computed by the first partition that asks; held, under a reservation named `name`,
    /// for the rest of the execution.
    func broadcastSide<Value: Sendable>(_ build: any ExecutionPlan, name: String, context: TaskContext,
                                        _ make: (RecordBatch) throws -> (value: Value, bytes: Int)) throws -> Value {
        try context.shared(by: self) {
            let rows = try collectPartitions(build, for: self, context: context)
            return try timed(context) {
                let (value, bytes) = try make(rows)
                let reservation = context.reservation(for: self, name: name)
                try reservation.resize(to: bytes)
                return HeldState(value, reservation: reservation)
            }
        }.value
    }
}

/// Every partition of `plan`, run in parallel as a stage of `consumer` (a broadcast), concatenated
/// in partition order.
private func collectPartitions(_ plan: any ExecutionPlan, for consumer: any ExecutionPlan, context: TaskContext) throws -> RecordBatch {
    let parts = try context.runStage("Broadcast for \(consumer.displayName)", partitions: plan.partitionCount) { partition, task in
        try consumer.timed(context) {
            let batches = try drain(try plan.execute(partition: partition, context: context))
            batches.forEach(task.record)
            return batches
        }
    }
    return consumer.timed(context) { concat(parts.flatMap { $0 }, schema: plan.schema) }
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
