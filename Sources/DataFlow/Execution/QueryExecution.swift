import Dispatch

/// Runs physical plans as queries of a session: registers each (so it can be listed and
/// cancelled), gives it a task context, materializes its stage boundaries bottom-up, runs its final
/// stage, and ends it however it ends: memory returned to the session's pool, spill files removed,
/// observers told, and its metrics collected.
enum QueryExecution {
    /// Runs `body` as query `action` of `frame`'s session over `plan`, `frame`'s physical plan;
    /// returns its value and metrics.
    static func run<T>(_ plan: any ExecutionPlan, of frame: DataFrame, action: String,
                       _ body: (TaskContext) throws -> T) throws -> (value: T, metrics: QueryMetrics) {
        let session = frame.session
        let query = session.queries.start(action)
        let context = session.makeTaskContext(for: query, in: frame.timeZone)
        let start = DispatchTime.now().uptimeNanoseconds
        query.notifyStarted()
        defer {
            context.memory.finish()
            context.spills.finish()
            session.queries.finish(query)
        }
        do {
            try materializeStages(plan, context: context)
            let value = try body(context)
            let metrics = QueryMetrics(plan: context.metrics.tree(plan), elapsedNanoseconds: Int(DispatchTime.now().uptimeNanoseconds - start),
                                       peakMemoryBytes: context.memory.peakBytes)
            query.notifyFinished(.success(metrics))
            return (value, metrics)
        } catch {
            query.notifyFinished(.failure(error))
            throw error
        }
    }

    /// Every output batch of `plan`, partition by partition: the final stage.
    static func collect(_ plan: any ExecutionPlan, context: TaskContext) throws -> [RecordBatch] {
        try context.drainPartitions(of: plan, stage: "Result").flatMap { $0 }
    }

    /// Materializes every stage boundary below (and including) `plan` that the query reads, inputs first.
    static func materializeStages(_ plan: any ExecutionPlan, context: TaskContext) throws {
        guard let boundary = plan as? any StageBoundary else {
            try materializeStages(below: plan, context: context)
            return
        }
        try boundary.materializeInputs(context: context)
        try boundary.materialize(context: context)
    }

    /// Materializes the stage boundaries of every child of `plan`, in order.
    static func materializeStages(below plan: any ExecutionPlan, context: TaskContext) throws {
        for child in plan.children { try materializeStages(child, context: context) }
    }
}
