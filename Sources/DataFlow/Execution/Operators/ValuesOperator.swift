/// Batches already in memory (createDataFrame, cached results), one list per partition.
final class ValuesOperator: ExecutionPlan, Sendable {
    let schema: Schema
    let partitions: [[RecordBatch]]

    init(schema: Schema, partitions: [[RecordBatch]]) {
        self.schema = schema
        self.partitions = partitions.isEmpty ? [[]] : partitions
    }

    var partitionCount: Int { partitions.count }
    var children: [any ExecutionPlan] { [] }
    var displayName: String {
        "LocalTableScan [\(schema.names.joined(separator: ", "))] (\(partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } }) rows)"
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        BatchListStream(partitions[partition].map { $0.withSchema(schema) })
    }
}
