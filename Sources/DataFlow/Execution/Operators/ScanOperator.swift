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
        let binder = ExprBinder(schema: schema, context: context.bindContext)
        let predicates = try request.filters.map { try binder.bind($0.expression) }
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

extension PushedFilter {
    /// The filter as an expression.
    var expression: Expr {
        switch self {
        case let .compare(column, op, value):
            let operators: [PushedFilter.ComparisonOperator: BinaryOperator] = [
                .equal: .equal, .notEqual: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual, .greater: .greater, .greaterOrEqual: .greaterOrEqual,
            ]
            return Expr(.binary(operators[op]!, col(column), lit(value)))
        case let .isNull(column): return col(column).isNull()
        case let .isNotNull(column): return col(column).isNotNull()
        case let .inList(column, values): return col(column).isin(values.map(lit))
        }
    }
}
