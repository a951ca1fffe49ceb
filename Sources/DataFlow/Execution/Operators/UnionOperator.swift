/// The partitions of each input, one after another (UNION ALL); inputs have the same column types.
final class UnionOperator: ExecutionPlan, Sendable {
    let inputs: [any ExecutionPlan]
    let schema: Schema

    init(inputs: [any ExecutionPlan], schema: Schema) {
        self.inputs = inputs
        self.schema = schema
    }

    var partitionCount: Int { inputs.reduce(0) { $0 + $1.partitionCount } }
    var children: [any ExecutionPlan] { inputs }
    var displayName: String { "Union" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        var index = partition
        for input in inputs {
            if index < input.partitionCount {
                let schema = self.schema
                return MappedStream(try input.execute(partition: index, context: context)) { $0.withSchema(schema) }
            }
            index -= input.partitionCount
        }
        throw DataFlowError.internalError("union partition \(partition) out of range")
    }
}
