/// Runs queries in this process: optimizes the plan, plans operators, and runs them as a query of
/// the session (`QueryExecution`): registered, observed, cancellable, measured.
package struct LocalQueryRunner: QueryRunner {
    package init() {}

    package var name: String { "DataFlow" }
    package var runsInProcess: Bool { true }

    package func collect(_ frame: DataFrame) throws -> [RecordBatch] { try profile(frame).batches }

    package func profile(_ frame: DataFrame) throws -> (batches: [RecordBatch], metrics: QueryMetrics) {
        let physical = try frame.physicalPlan()
        let (batches, metrics) = try QueryExecution.run(physical, of: frame, action: "collect") { context in
            try QueryExecution.collect(physical, context: context)
        }
        return (batches, metrics)
    }

    package func write(_ frame: DataFrame, to sink: any DataSink) throws -> WriteSummary {
        let plan = try frame.physicalPlan()
        let schema = frame.schema
        return try QueryExecution.run(plan, of: frame, action: "write") { context in
            let job = try sink.begin(schema: schema, partitionCount: plan.partitionCount)
            return try job.commit {
                try context.runStage("Write", partitions: plan.partitionCount) { partition, task in
                    let writer = try job.writer(partition: partition)
                    let stream = try plan.execute(partition: partition, context: context)
                    while let batch = try stream.next() {
                        if batch.rowCount > 0 { try writer.write(batch.withSchema(schema)) }
                    }
                    let result = try writer.finish()
                    task.record(rows: result.rows, bytes: result.bytes)
                    return result
                }
            }
        }.value
    }

    package func cache(_ frame: DataFrame) throws -> DataFrame {
        let physical = try frame.physicalPlan()
        let partitions = try QueryExecution.run(physical, of: frame, action: "cache") { context in
            try LocalPartitions.cache(physical, context: context)
        }.value
        return frame.with(.values(Values(schema: frame.schema, partitions: partitions)))
    }

    package func explain(_ frame: DataFrame, mode: ExplainMode) throws -> String {
        switch mode {
        case .simple:
            return "== Physical Plan ==\n\(try frame.physicalPlan().treeString())"
        case .extended:
            return """
            == Parsed Logical Plan ==
            \(frame.plan.description)
            == Optimized Logical Plan ==
            \(try frame.optimizedPlan().description)
            == Physical Plan ==
            \(try frame.physicalPlan().treeString())
            """
        case .analyze:
            let metrics = try profile(frame).metrics
            return "== Physical Plan (analyzed: \(metrics.summary)) ==\n\(metrics.treeString)"
        }
    }

    package func withTimeZone(_ timeZone: SessionTimeZone) throws -> any QueryRunner { self }
}
