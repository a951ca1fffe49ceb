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
        return try frame.write(to: SQLiteSink(path: path, table: table, action: .insert(saveMode), outcome: TableMergeOutcome()))
    }

    /// Upserts, SCD2 merges and partition replacements into tables of the SQLite database at `path`.
    public func sqlite(_ path: String) -> TableMergeWriter { TableMergeWriter(frame: frame, target: SQLiteStore(path: path)) }
}

extension SQLiteStore: TableMergeTarget {
    package func sink(table: String, action: TableWriteAction, epilogue: [SQLStatement], outcome: TableMergeOutcome) -> any DataSink {
        SQLiteSink(path: path, table: table, action: action, outcome: outcome, epilogue: epilogue)
    }
}
