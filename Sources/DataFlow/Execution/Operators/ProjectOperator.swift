/// Computes expressions over each batch (select, withColumn, drop, renames).
final class ProjectOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let expressions: [any PhysicalExpr]
    let schema: Schema

    init(child: any ExecutionPlan, expressions: [any PhysicalExpr], schema: Schema) {
        self.child = child
        self.expressions = expressions
        self.schema = schema
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        "Project [" + zip(expressions, schema.fields).map { expr, field in
            let text = expr.description
            return text.hasPrefix(field.name + "#") ? text : "\(text) AS \(field.name)"
        }.joined(separator: ", ") + "]"
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let expressions = self.expressions, schema = self.schema
        return MappedStream(try child.execute(partition: partition, context: context)) { batch in
            RecordBatch(unchecked: schema, columns: try expressions.map { try $0.evaluateColumn(batch) }, rowCount: batch.rowCount)
        }
    }
}
