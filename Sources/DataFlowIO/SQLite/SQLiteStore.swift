import DataFlow
import Foundation

/// A SQLite database file, DataFlow's embedded table store: no server, one file, transactions.
/// Read tables or queries (`session.read.sqlite(...)`), write with save modes
/// (`df.write.mode(.append).sqlite(path, table:)`), upsert and merge as SCD type 2
/// (`df.write.sqlite(path).upsert(table:keys:)`, `.scd2Merge(table:_:)`).
public struct SQLiteStore: Sendable {
    /// The database file.
    public let path: String

    /// The database at `path` (created by the first write).
    public init(path: String) { self.path = path }

    /// The tables of the database, sorted.
    /// - Throws: `DataFlowError` naming the file when it does not exist or cannot be read.
    public func tableNames() throws -> [String] { try Self.tableNames(SQLiteConnection(path: path)) }

    /// Whether the database has the table `table` (false when the file does not exist yet).
    /// - Throws: `DataFlowError` naming the file when it cannot be read.
    public func tableExists(_ table: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return try Self.tableExists(table, SQLiteConnection(path: path))
    }

    /// Runs `statements` in one transaction (creating the database file if needed): all or none.
    /// - Throws: `DataFlowError` naming the file and the SQL that failed.
    public func execute(_ statements: [SQLStatement]) throws {
        let connection = try SQLiteConnection(path: path, create: true)
        try connection.transaction {
            for statement in statements { try connection.run(statement) }
        }
    }

    /// The first column of the first row of `sql` (`?` placeholders bound to `values`) as an
    /// integer; 0 without rows.
    /// - Throws: `DataFlowError` naming the file and the SQL.
    public func count(_ sql: String, _ values: [Scalar] = []) throws -> Int {
        let statement = try SQLiteConnection(path: path).prepare(sql)
        for (index, value) in values.enumerated() { try SQLiteValues.bind(value, to: statement, at: Int32(index + 1)) }
        return try statement.step() ? Int(statement.int64(0)) : 0
    }

    static func tableNames(_ connection: SQLiteConnection) throws -> [String] {
        let statement = try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    static func tableExists(_ table: String, _ connection: SQLiteConnection) throws -> Bool {
        let statement = try connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        statement.bind(1, text: table)
        return try statement.step()
    }
}

extension DataFrameReader {
    /// The table `table` of the SQLite database at `path`, read in `session.parallelism` rowid
    /// ranges; selected columns and pushed filters go into the SQL.
    /// - Throws: `DataFlowError` naming the file for a missing database or table.
    public func sqlite(_ path: String, table: String) throws -> DataFrame {
        session.read(try SQLiteSource(path: path, table: table, parallelism: session.parallelism))
    }

    /// The rows of `query` run on the SQLite database at `path`, its `?` placeholders bound to `values`.
    /// - Throws: `DataFlowError` naming the file and the SQL when it does not compile.
    public func sqlite(_ path: String, query: String, values: [Scalar] = []) throws -> DataFrame {
        session.read(try SQLiteSource(path: path, query: query, values: values))
    }
}

extension DataFrameWriter {
    /// Writes the rows into the table `table` of the SQLite database at `path` (created when
    /// missing), in one transaction, with the writer's save mode: `.error` fails when the table
    /// exists, `.append` adds rows (creating the table from the DataFrame's schema), `.overwrite`
    /// replaces the table, `.ignore` does nothing when it exists.
    /// - Throws: `DataFlowError` naming the file (and the SQL) on failure; nothing is written then.
    @discardableResult
    public func sqlite(_ path: String, table: String) throws -> WriteSummary {
        if saveMode == .ignore, try SQLiteStore(path: path).tableExists(table) { return WriteSummary(rows: 0, files: [], bytes: 0) }
        return try frame.write(to: SQLiteSink(path: path, table: table, action: .insert(saveMode), outcome: SQLiteMergeOutcome()))
    }

    /// Merges into tables of the SQLite database at `path`.
    public func sqlite(_ path: String) -> SQLiteMergeWriter { SQLiteMergeWriter(frame: frame, path: path) }
}

/// Upserts and SCD type 2 merges of a DataFrame into a SQLite table, each in one transaction.
public struct SQLiteMergeWriter: Sendable {
    let frame: DataFrame
    let path: String
    var epilogue: [SQLStatement] = []

    init(frame: DataFrame, path: String) {
        self.frame = frame
        self.path = path
    }

    /// The same writer also running `statements` in the merge's transaction, after the rows: they
    /// commit with them or not at all.
    public func alsoExecuting(_ statements: [SQLStatement]) -> SQLiteMergeWriter {
        var writer = self
        writer.epilogue += statements
        return writer
    }

    /// Inserts the rows, updating the table's row with the same `keys` (the last input row of a
    /// key wins), through a staged `INSERT … ON CONFLICT … DO UPDATE`; creates the table and a
    /// unique index on `keys` when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or SQLite failures; nothing changes then.
    @discardableResult
    public func upsert(table: String, keys: [String]) throws -> TableMergeSummary {
        try run(table, .upsert(keys: keys))
    }

    /// Deletes the rows of `table` whose `column` is one of `values`, then inserts the rows: a
    /// dynamic partition overwrite of a table; creates the table when missing.
    /// - Throws: `DataFlowError` for an unknown column or SQLite failures; nothing changes then.
    @discardableResult
    public func replaceRows(table: String, where column: String, in values: [Scalar]) throws -> WriteSummary {
        try frame.write(to: SQLiteSink(path: path, table: table, action: .replaceRows(column: column, values: values), outcome: SQLiteMergeOutcome(), epilogue: epilogue))
    }

    /// Merges the rows into `table` as an SCD type 2 dimension (see `SCD2Merge`); creates the
    /// table with the history columns when missing.
    /// - Throws: `DataFlowError` for unknown or null keys, or SQLite failures; nothing changes then.
    @discardableResult
    public func scd2Merge(table: String, _ merge: SCD2Merge) throws -> TableMergeSummary {
        try run(table, .scd2(merge))
    }

    private func run(_ table: String, _ action: TableWriteAction) throws -> TableMergeSummary {
        let outcome = SQLiteMergeOutcome()
        let written = try frame.write(to: SQLiteSink(path: path, table: table, action: action, outcome: outcome, epilogue: epilogue))
        return outcome.summary ?? TableMergeSummary(rowsStaged: written.rows, inserted: 0, updated: 0, deactivated: 0)
    }
}
