/// One SQL statement.
package enum SQLStatementSyntax: Sendable {
    case query(SQLQuery)
    /// `CREATE [OR REPLACE] [GLOBAL] TEMP[ORARY] VIEW name [(columns)] AS query` (and plain
    /// `CREATE VIEW`, which DataFlow keeps for the session as well).
    case createView(name: [String], columns: [String], replace: Bool, ifNotExists: Bool, query: SQLQuery)
    /// `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(columns)] [USING format] [PARTITIONED BY (…)]
    /// [LOCATION '…'] [AS query]`.
    case createTable(SQLCreateTable)
    /// `INSERT INTO|OVERWRITE [TABLE] name [(columns)] query`.
    case insert(table: [String], overwrite: Bool, query: SQLQuery, offset: Int)
    /// `DROP VIEW|TABLE [IF EXISTS] name`.
    case drop(kind: String, name: [String], ifExists: Bool, offset: Int)
    /// `SHOW TABLES [IN db] [LIKE 'pattern']`, `SHOW VIEWS`.
    case showTables(database: String?, pattern: String?)
    /// `SHOW FUNCTIONS [LIKE 'pattern']`: every function SQL calls by name.
    case showFunctions(pattern: String?)
    /// `DESCRIBE [TABLE] name` or `DESCRIBE query`.
    case describe(SQLDescribed)
    /// `EXPLAIN [EXTENDED|FORMATTED|ANALYZE|COST] statement`.
    case explain(mode: String, statement: SQLQuery)
    /// `SET key = value`, `SET key`, `SET`; `SET TIME ZONE 'zone'|LOCAL` sets `spark.sql.session.timeZone`.
    case set(key: String?, value: String?)
}

/// What `DESCRIBE` describes.
package enum SQLDescribed: Sendable {
    case table([String], offset: Int)
    case query(SQLQuery)
}

/// The parts of `CREATE TABLE`.
package struct SQLCreateTable: Sendable {
    package let name: [String]
    package let replace: Bool
    package let ifNotExists: Bool
    /// Declared columns: names and types as written.
    package let columns: [(name: String, type: SQLTypeName)]
    /// `USING parquet|csv|json` (default parquet).
    package let format: String
    package let partitionedBy: [String]
    package let location: String?
    package let query: SQLQuery?
    package let offset: Int
}
