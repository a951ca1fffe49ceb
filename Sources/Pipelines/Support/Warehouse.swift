import DataFlow
import DataFlowIO
import DataFlowPostgres
import Foundation

/// Where a pipeline loads tables: the embedded SQLite file (the default, no server), or a
/// PostgreSQL database. Schemas are real in PostgreSQL (`staging.users`) and table-name prefixes in
/// SQLite (`staging_users`).
public enum Warehouse: Sendable {
    /// A SQLite database file.
    case sqlite(SQLiteStore)
    /// A PostgreSQL database.
    case postgres(PostgresStore)

    /// `postgres://…` or `postgresql://…` names a PostgreSQL database; anything else a SQLite file,
    /// in a directory that exists (a typo never creates directories), and itself existing when
    /// `mustExist` (a database the job reads from).
    /// - Throws: `DataFlowError` (`.invalidArgument`, naming `argument`) for a malformed PostgreSQL
    ///   URL, a SQLite file whose directory does not exist, or a missing SQLite file that must exist.
    public init(_ target: String, argument: String, mustExist: Bool = false) throws {
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
            do {
                self = .postgres(try PostgresStore(url: target))
            } catch var error as DataFlowError {
                error.location = ErrorLocation(argument: argument)
                throw error
            }
            return
        }
        let directory = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard directory.isEmpty || (FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) else {
            throw DataFlowError.invalidArgument(argument, "the directory of the SQLite database '\(target)' does not exist")
        }
        guard !mustExist || FileManager.default.fileExists(atPath: target) else {
            throw DataFlowError.invalidArgument(argument, "no SQLite database '\(target)'")
        }
        self = .sqlite(SQLiteStore(path: target))
    }

    /// The SQLite file, or the PostgreSQL URL without its password.
    var name: String {
        switch self {
        case let .sqlite(store): return store.path
        case let .postgres(store): return store.displayURL
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

    /// Adds `column` (of SQL type `type`) to `table` when the table lacks it, then runs `backfill`
    /// (statements filling the new column for the rows already there); tables of an older release
    /// gain the columns this one needs.
    func addColumnIfMissing(_ table: String, column: String, type: String, backfill: [SQLStatement], session: Session) throws {
        let columns = try read(session, query: "SELECT * FROM \(quoted(table)) WHERE 1 = 0").columns
        guard !columns.contains(column) else { return }
        try execute([SQLStatement("ALTER TABLE \(quoted(table)) ADD COLUMN \(quoted(column)) \(type)")] + backfill)
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
    package func replace(_ table: String, with frame: DataFrame) throws -> WriteSummary {
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
