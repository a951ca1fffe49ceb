/// What SQL table names refer to beyond the session's temporary views and a query's CTEs: the
/// catalog's tables and files read in place (``parquet.`path` ``), and the catalog statements
/// that write (`CREATE TABLE`, `INSERT`, `DROP TABLE`). DataFlowIO provides one.
package protocol SQLTableProvider: Sendable {
    /// The table `name` (`t` or `db.t`), or nil when there is none.
    func table(_ name: [String], session: Session) throws -> DataFrame?
    /// The files at `path` read as `format` (parquet, csv, json, jsonl).
    func files(format: String, path: String, session: Session) throws -> DataFrame
    /// The catalog's table names, for `SHOW TABLES` and suggestions.
    func tableNames(session: Session) throws -> [String]
    /// Creates a table: registered with `schema` and no rows, or written from `rows`.
    func createTable(_ table: SQLTableDefinition, rows: DataFrame?, session: Session) throws
    /// Writes `rows` into the table `name`, after its rows (`INSERT INTO`) or instead of them
    /// (`INSERT OVERWRITE`); the columns match the table's by position.
    func insert(into name: [String], rows: DataFrame, overwrite: Bool, session: Session) throws
    /// Removes the table `name` from the catalog (and its files, when the catalog placed them).
    /// - Returns: whether there was such a table.
    func dropTable(_ name: [String], session: Session) throws -> Bool
}

/// A `CREATE TABLE` statement's table.
package struct SQLTableDefinition: Sendable {
    package let name: [String]
    /// The declared columns; nil when the table takes its query's.
    package let schema: Schema?
    package let format: String
    package let partitionedBy: [String]
    package let location: String?
    package let replace: Bool
    package let ifNotExists: Bool
}
