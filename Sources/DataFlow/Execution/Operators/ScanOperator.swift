/// Reads a `DataSource` with the pushed-down columns, filters and limit; one output partition per
/// source partition.
final class ScanOperator: ExecutionPlan, Sendable {
    let source: any DataSource
    let request: ScanRequest
    let schema: Schema
    let partitions: [any ScanPartition]

    /// - Throws: what the source throws while splitting the scan (a missing file, say).
    init(source: any DataSource, request: ScanRequest, schema: Schema) throws {
        self.source = source
        self.request = request
        self.schema = schema
        partitions = try source.partitions(for: request)
    }

    var partitionCount: Int { max(1, partitions.count) }
    var children: [any ExecutionPlan] { [] }
    var displayName: String {
        var text = "Scan \(source.description) [\(schema.names.joined(separator: ", "))]"
        if !request.filters.isEmpty { text += " PushedFilters: [\(request.filters.map(\.description).joined(separator: ", "))]" }
        if let limit = request.limit { text += " Limit: \(limit)" }
        if let pruning = source.explain(request) { text += " (\(pruning))" }
        return text
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        guard partition < partitions.count else { return BatchListStream([]) }
        let schema = self.schema
        let metrics = context.metrics.counters(for: self).scan
        return MappedStream(try partitions[partition].open(context: context, metrics: metrics)) { $0.withSchema(schema) }
    }
}
