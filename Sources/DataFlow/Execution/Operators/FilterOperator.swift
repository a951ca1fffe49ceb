/// Keeps the rows where a boolean predicate is true (null counts as false). Batches whose rows all
/// pass go through untouched; otherwise the kept rows are gathered.
final class FilterOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let predicate: any PhysicalExpr

    init(child: any ExecutionPlan, predicate: any PhysicalExpr) throws {
        guard predicate.dataType == .boolean else {
            throw DataFlowError(.analysis, "filter condition \(predicate) is \(predicate.dataType), not boolean")
        }
        self.child = child
        self.predicate = predicate
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Filter \(predicate)" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let predicate = self.predicate
        return MappedStream(try child.execute(partition: partition, context: context)) { batch in
            let mask = try predicate.evaluate(batch)
            if mask.isConstant {
                return mask.column.withBits { bits, validity in bits[0] && validity[0] } ? batch : nil
            }
            return filter(batch, mask: mask.column)
        }
    }
}
