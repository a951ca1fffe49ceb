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
        return try frame.write(to: PostgresSink(store: store, table: table, action: .insert(saveMode), outcome: TableMergeOutcome()))
    }

    /// Upserts, SCD2 merges and partition replacements into tables of the PostgreSQL database at
    /// `url` (or `DATAFLOW_PG_URL`): rows staged through COPY, merged with SQL, one transaction each.
    /// - Throws: `DataFlowError` for a bad or missing URL.
    public func postgres(_ url: String? = nil) throws -> TableMergeWriter { TableMergeWriter(frame: frame, target: try PostgresStore(url: url)) }
}

extension PostgresStore: TableMergeTarget {
    package func sink(table: String, action: TableWriteAction, epilogue: [SQLStatement], outcome: TableMergeOutcome) -> any DataSink {
        PostgresSink(store: self, table: table, action: action, epilogue: epilogue, outcome: outcome)
    }
}
