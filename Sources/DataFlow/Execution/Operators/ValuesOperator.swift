/// Rows the session holds (createDataFrame, cached results), one partition each: in memory, or
/// read back from a cache's spill file.
final class ValuesOperator: ExecutionPlan, Sendable {
    let schema: Schema
    let partitions: LocalPartitions

    init(schema: Schema, partitions: LocalPartitions) {
        self.schema = schema
        self.partitions = partitions
    }

    var partitionCount: Int { partitions.count }
    var children: [any ExecutionPlan] { [] }
    var displayName: String {
        let onDisk = partitions.onDisk
        let spilled = onDisk.partitions == 0 ? ""
            : ", \(onDisk.partitions) of \(partitions.count) partitions on disk (\(ByteSize.formatted(onDisk.bytes)))"
        return "LocalTableScan [\(schema.names.joined(separator: ", "))] (\(partitions.rowCount) rows\(spilled))"
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let schema = self.schema
        return MappedStream(try partitions.stream(partition)) { $0.withSchema(schema) }
    }
}
