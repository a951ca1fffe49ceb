import DataFlow
import DataFlowIO
import Foundation

extension DataFrameReader {
    /// The table `table` (optionally schema-qualified) of the PostgreSQL database at `url` (or
    /// `DATAFLOW_PG_URL`), split as `options` says; selected columns and pushed filters go into the SQL.
    /// - Throws: `DataFlowError` for a bad URL, an unreachable server or a missing table.
    public func postgres(_ url: String? = nil, table: String, options: PostgresReadOptions = PostgresReadOptions()) throws -> DataFrame {
        session.read(try PostgresSource(store: PostgresStore(url: url), table: table, query: nil, options: options))
    }

    /// The rows of the SELECT `query` on the PostgreSQL database at `url` (or `DATAFLOW_PG_URL`).
    /// - Throws: `DataFlowError` for a bad URL, an unreachable server or SQL errors.
    public func postgres(_ url: String? = nil, query: String, options: PostgresReadOptions = PostgresReadOptions()) throws -> DataFrame {
        session.read(try PostgresSource(store: PostgresStore(url: url), table: nil, query: query, options: options))
    }
}

extension DataFrameWriter {
    /// Writes the rows into `table` of the PostgreSQL database at `url` (or `DATAFLOW_PG_URL`) in
    /// one transaction through `COPY … FROM STDIN`, with the writer's save mode (`.error`,
    /// `.append` creating the table when missing, `.overwrite` replacing it, `.ignore`).
    /// - Throws: `DataFlowError` on failure; nothing is written then.
    @discardableResult
    public func postgres(_ url: String? = nil, table: String) throws -> WriteSummary {
        let store = try PostgresStore(url: url)
        if saveMode == .ignore, try store.tableExists(table) { return WriteSummary(rows: 0, files: [], bytes: 0) }
        return try frame.write(to: PostgresSink(store: store, table: table, action: .insert(saveMode), outcome: PostgresMergeOutcome()))
    }

    /// Merges into tables of the PostgreSQL database at `url` (or `DATAFLOW_PG_URL`).
    /// - Throws: `DataFlowError` for a bad or missing URL.
    public func postgres(_ url: String? = nil) throws -> PostgresMergeWriter { PostgresMergeWriter(frame: frame, store: try PostgresStore(url: url)) }
}

/// Upserts and SCD type 2 merges of a DataFrame into a PostgreSQL table, each one transaction:
/// the rows are copied into a temporary staging table, then merged with
/// `INSERT … ON CONFLICT … DO UPDATE` or the SCD2 statements.
public struct PostgresMergeWriter: Sendable {
    let frame: DataFrame
    let store: PostgresStore
    var epilogue: [SQLStatement] = []

    init(frame: DataFrame, store: PostgresStore) {
        self.frame = frame
        self.store = store
    }

    /// The same writer also running `statements` (with `?` or `$n` placeholders) in the merge's
    /// transaction, after the rows.
    public func alsoExecuting(_ statements: [SQLStatement]) -> PostgresMergeWriter {
        var writer = self
        writer.epilogue += statements
        return writer
    }

    /// Inserts the rows, updating the table's row with the same `keys` (the last input row of a key
    /// wins); creates the table and a unique index on `keys` when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or server errors; nothing changes then.
    @discardableResult
    public func upsert(table: String, keys: [String]) throws -> TableMergeSummary {
        try run(table, .upsert(keys: keys))
    }

    /// Deletes the rows of `table` whose `column` is one of `values`, then copies the rows in: a
    /// dynamic partition overwrite of a table; creates the table when missing.
    /// - Throws: `DataFlowError` for an unknown column or server errors; nothing changes then.
    @discardableResult
    public func replaceRows(table: String, where column: String, in values: [Scalar]) throws -> WriteSummary {
        try frame.write(to: PostgresSink(store: store, table: table, action: .replaceRows(column: column, values: values), epilogue: epilogue, outcome: PostgresMergeOutcome()))
    }

    /// Merges the rows into `table` as an SCD type 2 dimension (see `SCD2Merge`); creates the table
    /// with the history columns when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or server errors; nothing changes then.
    @discardableResult
    public func scd2Merge(table: String, _ merge: SCD2Merge) throws -> TableMergeSummary {
        try run(table, .scd2(merge))
    }

    private func run(_ table: String, _ action: TableWriteAction) throws -> TableMergeSummary {
        let outcome = PostgresMergeOutcome()
        let written = try frame.write(to: PostgresSink(store: store, table: table, action: action, epilogue: epilogue, outcome: outcome))
        return outcome.summary ?? TableMergeSummary(rowsStaged: written.rows, inserted: 0, updated: 0, deactivated: 0)
    }
}
