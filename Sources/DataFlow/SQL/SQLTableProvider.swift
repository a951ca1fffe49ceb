/// What SQL table names refer to beyond the session's temporary views and a query's CTEs: the
/// catalog's tables and files read in place (``parquet.`path` ``). DataFlowIO provides one; DDL
/// and INSERT statements that write go through it too.
package protocol SQLTableProvider: Sendable {
    /// The table `name` (`t` or `db.t`), or nil when there is none.
    func table(_ name: [String], session: Session) throws -> DataFrame?
    /// The files at `path` read as `format` (parquet, csv, json, jsonl).
    func files(format: String, path: String, session: Session) throws -> DataFrame
    /// The catalog's table names, for `SHOW TABLES` and suggestions.
    func tableNames(session: Session) throws -> [String]
}
