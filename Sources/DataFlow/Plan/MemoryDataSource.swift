/// A `DataSource` over batches in memory, honouring projections, filters and limits (per
/// partition). Used by tests of pushdown and by callers that hand DataFlow tables they already hold.
public struct MemoryDataSource: DataSource {
    public let schema: Schema
    /// The batches of each partition.
    public let batches: [[RecordBatch]]
    public var description: String { "memory" }

    /// A source of `partitions`, each a list of batches of `schema`.
    public init(schema: Schema, partitions: [[RecordBatch]]) {
        self.schema = schema
        batches = partitions
    }

    public func pushdown(for filter: PushedFilter) -> FilterPushdown { .exact }

    /// The rows held.
    public var estimatedRowCount: Int? { batches.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } } }

    public func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        batches.map { MemoryScanPartition(schema: schema, batches: $0, request: request) }
    }
}

/// One partition of a `MemoryDataSource` scan.
private struct MemoryScanPartition: ScanPartition {
    let schema: Schema
    let batches: [RecordBatch]
    let request: ScanRequest

    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream {
        let predicates = try request.filters.map { try ExprBinder.bind($0.expression, over: schema, context: context.bindContext) }
        let columns = request.columns ?? Array(schema.fields.indices)
        let projected = Schema(columns.map { schema[$0] })
        var remaining = request.limit ?? Int.max
        var output: [RecordBatch] = []
        for batch in batches where remaining > 0 {
            var current = batch
            for predicate in predicates {
                current = filter(current, mask: try predicate.evaluate(current).materialize(current.rowCount))
            }
            if current.rowCount > remaining { current = current.slice(0, remaining) }
            remaining -= current.rowCount
            output.append(RecordBatch(unchecked: projected, columns: columns.map { current.columns[$0] }, rowCount: current.rowCount))
        }
        return BatchListStream(output)
    }
}
