/// Runs a physical plan: materializes its stage boundaries bottom-up, then runs the final stage's
/// partitions concurrently and returns their batches in partition order.
enum QueryExecution {
    /// Every output batch, partition by partition.
    static func collect(_ plan: any ExecutionPlan, context: ExecutionContext) throws -> [RecordBatch] {
        try materializeStages(plan, context: context)
        let partitions = try Scheduler.parallelMap(plan.partitionCount, parallelism: context.parallelism) { partition in
            try drain(try plan.execute(partition: partition, context: context))
        }
        return partitions.flatMap { $0 }
    }

    /// Materializes every stage boundary below (and including) `plan`, inputs first.
    static func materializeStages(_ plan: any ExecutionPlan, context: ExecutionContext) throws {
        for child in plan.children { try materializeStages(child, context: context) }
        if let boundary = plan as? any StageBoundary { try boundary.materialize(context: context) }
    }
}
