import Foundation

extension DataFrame {
    /// The plan after optimization; `query` fixes the query's instant and settings.
    func optimizedPlan(_ query: BindContext? = nil) throws -> LogicalPlan {
        try Optimizer.standard.optimize(plan, context: query ?? context)
    }

    /// The operators that would run. One `BindContext` serves the whole query, so every
    /// `current_timestamp()` in it sees the same instant.
    func physicalPlan(_ query: BindContext? = nil) throws -> any ExecutionPlan {
        let query = query ?? context
        return try PhysicalPlanner(context: query, shufflePartitions: session.shufflePartitions, broadcastRows: session.broadcastThreshold,
                                     memoryLimit: session.memoryLimit)
            .plan(try optimizedPlan(query))
    }

    /// Runs the query and returns its batches in order.
    public func collectBatches() throws -> [RecordBatch] { try settings.runner.collect(self) }

    /// Runs the query and returns its batches with what each operator did (rows, batches, time,
    /// memory, files and row groups read and skipped), as Polars' `profile()` does.
    /// - Throws: `DataFlowError` (`.notImplemented`) on a remote session, whose cluster keeps its own metrics.
    public func profile() throws -> (batches: [RecordBatch], metrics: QueryMetrics) { try settings.runner.profile(self) }

    /// Runs the query and returns every row.
    public func collect() throws -> [Row] {
        let batches = try collectBatches()
        let schema = self.schema
        var rows: [Row] = []
        rows.reserveCapacity(batches.reduce(0) { $0 + $1.rowCount })
        for batch in batches {
            for index in 0..<batch.rowCount {
                rows.append(Row(schema: schema, values: batch.columns.map { $0.scalar(at: index) }))
            }
        }
        return rows
    }

    /// Runs the query and decodes every row into `T`, matching properties to columns by name.
    /// - Throws: `DataFlowError` (`.schema`) naming the row and column that does not decode.
    public func collect<T: Decodable>(as type: T.Type) throws -> [T] {
        try collect().enumerated().map { index, row in try RowDecoder.decode(T.self, from: row, rowNumber: index + 1) }
    }

    /// Runs the query and returns the number of rows.
    public func count() throws -> Int {
        let counted = try agg(Expr.count().alias("count")).collectBatches()
        guard let batch = counted.first, batch.rowCount == 1 else { return 0 }
        return batch.columns[0].withValues(Int64.self) { values, _ in Int(values[0]) }
    }

    /// The first row, or nil when there are none.
    public func first() throws -> Row? { try limit(1).collect().first }

    /// The first `n` rows.
    public func take(_ n: Int) throws -> [Row] { try limit(n).collect() }

    /// The first `n` rows as a table in Spark's `show` format. Cells longer than `truncate`
    /// characters are cut (0: never) and right-aligned when truncating, as Spark does.
    public func showString(_ n: Int = 20, truncate: Int = 20) throws -> String {
        let rows = try limit(n + 1).collect()
        return TableFormatter.format(schema: schema, rows: Array(rows.prefix(n)), hasMore: rows.count > n,
                                     truncate: truncate, timeZone: timeZone)
    }

    /// Prints the first `n` rows as a table (see `showString`).
    public func show(_ n: Int = 20, truncate: Bool = true) throws {
        print(try showString(n, truncate: truncate ? 20 : 0), terminator: "")
    }

    /// Prints the first `n` rows, cutting cells at `truncate` characters.
    public func show(_ n: Int = 20, truncate: Int) throws {
        print(try showString(n, truncate: truncate), terminator: "")
    }

    /// Prints the schema as a tree, as Spark's `printSchema()`.
    public func printSchema() { print(schema.treeString, terminator: "") }

    /// The plan as text: by default (`.extended`) the logical plan as written, the optimized plan
    /// and the physical operators; `.simple` only the physical operators; `.analyze` runs the query
    /// and prints the physical operators with what each did (DuckDB's and DataFusion's
    /// `EXPLAIN ANALYZE`).
    public func explain(_ mode: ExplainMode = .extended) throws -> String { try settings.runner.explain(self, mode: mode) }
}

/// What `DataFrame.explain(_:)` shows.
public enum ExplainMode: Sendable {
    /// The physical operators.
    case simple
    /// The logical plan as written, the optimized plan and the physical operators.
    case extended
    /// Runs the query and shows the physical operators with their metrics.
    case analyze
}
