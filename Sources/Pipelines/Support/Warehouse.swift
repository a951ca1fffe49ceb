import DataFlow
import DataFlowIO
import DataFlowPostgres

/// Where a pipeline loads tables: the embedded SQLite file (the default, no server), or a
/// PostgreSQL database. Schemas are real in PostgreSQL (`staging.users`) and table-name prefixes in
/// SQLite (`staging_users`).
public enum Warehouse: Sendable {
    /// A SQLite database file.
    case sqlite(SQLiteStore)
    /// A PostgreSQL database.
    case postgres(PostgresStore)

    /// `postgres://…` or `postgresql://…` names a PostgreSQL database; anything else a SQLite file.
    /// - Throws: `DataFlowError` for a malformed PostgreSQL URL.
    public init(_ target: String) throws {
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
            self = .postgres(try PostgresStore(url: target))
        } else {
            self = .sqlite(SQLiteStore(path: target))
        }
    }

    /// The name of `table` in the schema `schema` (the table alone without one).
    public func table(_ table: String, schema: String?) -> String {
        guard let schema else { return table }
        switch self {
        case .sqlite: return schema + "_" + table
        case .postgres: return schema + "." + table
        }
    }

    /// `table` quoted for SQL.
    func quoted(_ table: String) -> String {
        table.split(separator: ".").map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
    }

    /// Creates the schemas (PostgreSQL; SQLite has prefixes only).
    func createSchemas(_ schemas: [String]) throws {
        if case .postgres = self { try execute(schemas.map { SQLStatement("CREATE SCHEMA IF NOT EXISTS \(quoted($0))") }) }
    }

    /// Runs `statements` in one transaction.
    func execute(_ statements: [SQLStatement]) throws {
        switch self {
        case let .sqlite(store): try store.execute(statements)
        case let .postgres(store): try store.execute(statements)
        }
    }

    /// Whether `table` exists.
    func tableExists(_ table: String) throws -> Bool {
        switch self {
        case let .sqlite(store): return try store.tableExists(table)
        case let .postgres(store): return try store.tableExists(table)
        }
    }

    /// The first value of `sql` (`?` placeholders) as an integer.
    func count(_ sql: String, _ values: [Scalar] = []) throws -> Int {
        switch self {
        case let .sqlite(store): return try store.count(sql, values)
        case let .postgres(store): return try store.count(sql, values)
        }
    }

    /// The rows of `table` (filters on the result go into the SQL).
    func readTable(_ session: Session, _ table: String) throws -> DataFrame {
        switch self {
        case let .sqlite(store): return try session.read.sqlite(store.path, table: table)
        case let .postgres(store): return try session.read.postgres(store.url, table: table)
        }
    }

    /// The rows of `query`.
    func read(_ session: Session, query: String) throws -> DataFrame {
        switch self {
        case let .sqlite(store): return try session.read.sqlite(store.path, query: query)
        case let .postgres(store): return try session.read.postgres(store.url, query: query)
        }
    }

    /// Replaces `table` with `frame`'s rows.
    @discardableResult
    func replace(_ table: String, with frame: DataFrame) throws -> WriteSummary {
        switch self {
        case let .sqlite(store): return try frame.write.mode(.overwrite).sqlite(store.path, table: table)
        case let .postgres(store): return try frame.write.mode(.overwrite).postgres(store.url, table: table)
        }
    }

    /// Replaces the rows of `table` whose `column` is one of `values` with `frame`'s rows.
    @discardableResult
    func replaceRows(_ table: String, with frame: DataFrame, where column: String, in values: [Scalar]) throws -> WriteSummary {
        switch self {
        case let .sqlite(store): return try frame.write.sqlite(store.path).replaceRows(table: table, where: column, in: values)
        case let .postgres(store): return try frame.write.postgres(store.url).replaceRows(table: table, where: column, in: values)
        }
    }

    /// Upserts `frame` into `table` by `keys`, running `also` in the same transaction.
    func upsert(_ frame: DataFrame, into table: String, keys: [String], also: [SQLStatement]) throws -> TableMergeSummary {
        switch self {
        case let .sqlite(store): return try frame.write.sqlite(store.path).alsoExecuting(also).upsert(table: table, keys: keys)
        case let .postgres(store): return try frame.write.postgres(store.url).alsoExecuting(also).upsert(table: table, keys: keys)
        }
    }

    /// Merges `frame` into `table` as SCD type 2, running `also` in the same transaction.
    func scd2Merge(_ frame: DataFrame, into table: String, _ merge: SCD2Merge, also: [SQLStatement]) throws -> TableMergeSummary {
        switch self {
        case let .sqlite(store): return try frame.write.sqlite(store.path).alsoExecuting(also).scd2Merge(table: table, merge)
        case let .postgres(store): return try frame.write.postgres(store.url).alsoExecuting(also).scd2Merge(table: table, merge)
        }
    }
}
