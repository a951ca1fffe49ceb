import DataFlow
import DataFlowIO
import Foundation
import PostgresNIO

/// How `session.read.postgres(...)` splits a read, as Spark's JDBC source: with a
/// `partitionColumn` (an integer, date or timestamp column), `numPartitions` ranges of equal width
/// between `lowerBound` and `upperBound`, each read on its own connection; the first range also
/// takes values below the lower bound and nulls, the last values above the upper one (the bounds
/// decide the split, never which rows are read).
public struct PostgresReadOptions: Sendable {
    /// The column the ranges split, or nil for one partition.
    public var partitionColumn: String?
    /// The first range's start and the last range's end (as the column's integer values: days for
    /// dates, microseconds for timestamps).
    public var lowerBound: Int64, upperBound: Int64
    /// The number of ranges.
    public var numPartitions: Int

    /// One partition, or ranges of `partitionColumn`.
    public init(partitionColumn: String? = nil, lowerBound: Int64 = 0, upperBound: Int64 = 0, numPartitions: Int = 1) {
        self.partitionColumn = partitionColumn
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.numPartitions = numPartitions
    }
}

/// A PostgreSQL table or query as a `DataSource`: only the requested columns selected, pushed
/// comparisons, IN lists and null tests in the WHERE clause with bound values (the filters also
/// stay above), partitions as `PostgresReadOptions` says.
struct PostgresSource: DataSource {
    let store: PostgresStore
    /// The quoted table, or the parenthesized query with an alias.
    let relation: String
    let schema: Schema
    /// Columns PostgreSQL sends as text (`::text`): uuid, json, and types without a DataFlow one.
    let textColumns: Set<String>
    let options: PostgresReadOptions

    var description: String { "postgres \(store.displayURL) \(relation)" }

    /// The table or query's columns, read from the catalog (a query through a temporary view).
    /// - Throws: `DataFlowError` for invalid options, a missing table, or SQL errors.
    init(store: PostgresStore, table: String?, query: String?, options: PostgresReadOptions) throws {
        self.store = store
        self.options = options
        relation = table.map(PostgresSQL.quote) ?? "(" + (query ?? "") + ") AS q"
        let columns = try store.withConnection { connection -> [(name: String, type: String, notNull: Bool)] in
            if let table {
                return try await PostgresSQL.columns(of: table, on: connection)
            }
            try await PostgresSQL.run("CREATE TEMP VIEW dataflow_query AS " + (query ?? ""), on: connection)
            return try await PostgresSQL.columns(of: "dataflow_query", on: connection)
        }
        guard !columns.isEmpty else {
            throw DataFlowError(.analysis, "table '\(table ?? "")' is not in the PostgreSQL database", location: ErrorLocation(path: store.displayURL))
        }
        let mapped = columns.map { ($0, PostgresTypes.dataType($0.type)) }
        schema = Schema(mapped.map { Field($0.0.name, $0.1.type, nullable: !$0.0.notNull) })
        textColumns = Set(mapped.filter { $0.1.asText }.map { $0.0.name })
        if let column = options.partitionColumn {
            guard let field = schema.fields.first(where: { $0.name == column }), [.int32, .int64, .date, .timestamp].contains(field.type) else {
                throw DataFlowError.invalidArgument("partitionColumn", "'\(column)' must be an integer, date or timestamp column of \(relation)")
            }
            guard options.numPartitions >= 1, options.lowerBound < options.upperBound else {
                throw DataFlowError.invalidArgument("numPartitions", "needs numPartitions >= 1 and lowerBound < upperBound")
            }
        }
    }

    func pushdown(for filter: PushedFilter) -> FilterPushdown {
        schema.names.contains(filter.column) && !textColumns.contains(filter.column) ? .inexact : .unsupported
    }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        guard let column = options.partitionColumn, options.numPartitions > 1 else {
            return [PostgresScanPartition(source: self, request: request, range: nil)]
        }
        let quoted = PostgresSQL.quote(column)
        let type = schema.fields.first { $0.name == column }?.type ?? .int64
        let width = max(1, (options.upperBound - options.lowerBound) / Int64(options.numPartitions))
        let bound = { (value: Int64) -> Scalar in
            switch type {
            case .int32: return .int32(Int32(clamping: value))
            case .date: return .date(Int32(clamping: value))
            case .timestamp: return .timestamp(value)
            default: return .int64(value)
            }
        }
        return (0..<options.numPartitions).map { index in
            let low = options.lowerBound + Int64(index) * width, high = low + width
            let condition: (String, [Scalar])
            if index == 0 {
                condition = ("(\(quoted) < ? OR \(quoted) IS NULL)", [bound(high)])
            } else if index == options.numPartitions - 1 {
                condition = ("\(quoted) >= ?", [bound(low)])
            } else {
                condition = ("\(quoted) >= ? AND \(quoted) < ?", [bound(low), bound(high)])
            }
            return PostgresScanPartition(source: self, request: request, range: condition)
        }
    }

    /// The SELECT of a scan and its values.
    func select(_ request: ScanRequest, range: (String, [Scalar])?) -> SQLStatement {
        let columns = (request.columns ?? Array(schema.fields.indices)).map { index -> String in
            let name = schema[index].name
            return textColumns.contains(name) ? "\(PostgresSQL.quote(name))::text AS \(PostgresSQL.quote(name))" : PostgresSQL.quote(name)
        }
        var conditions: [String] = [], values: [Scalar] = []
        if let range {
            conditions.append(range.0)
            values += range.1
        }
        let pushed = sqlConditions(request.filters, quote: PostgresSQL.quote)
        conditions += pushed.conditions
        values += pushed.values
        let sql = "SELECT \(columns.isEmpty ? "1" : columns.joined(separator: ", ")) FROM \(relation)"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + (request.limit.map { " LIMIT \($0)" } ?? "")
        return SQLStatement(sql, values)
    }
}

/// One range of a read, on its own connection.
struct PostgresScanPartition: ScanPartition {
    let source: PostgresSource
    let request: ScanRequest
    let range: (String, [Scalar])?

    /// Runs the SELECT and decodes its rows into batches of the context's size.
    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream {
        let statement = source.select(request, range: range)
        let schema = Schema((request.columns ?? Array(source.schema.fields.indices)).map { source.schema[$0] })
        let batchSize = context.batchSize
        let batches = try source.store.withConnection { connection -> [RecordBatch] in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: PostgresSQL.numbered(statement.sql), binds: PostgresSQL.bindings(statement.values)),
                                                  logger: PostgresStore.logger)
            var batches: [RecordBatch] = []
            var builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: batchSize) }
            var count = 0
            let flush = {
                batches.append(try RecordBatch(schema: schema, columns: builders.map { $0.finish() }, rowCount: count))
                builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: batchSize) }
                count = 0
            }
            for try await row in rows {
                var index = 0
                for cell in row where index < builders.count {
                    try PostgresTypes.append(cell, to: &builders[index])
                    index += 1
                }
                count += 1
                if count == batchSize { try flush() }
            }
            if count > 0 { try flush() }
            return batches
        }
        return BatchListStream(batches)
    }
}
