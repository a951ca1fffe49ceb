import DataFlow
import Foundation

extension Session {
    /// Runs one SQL statement in Spark SQL's dialect and returns its result: a query is a lazy
    /// DataFrame planned into the same plan the DataFrame API builds (so `explain`, the optimizer
    /// and Spark Connect see no difference); `CREATE [OR REPLACE] TEMP VIEW`, `DROP VIEW`, `SHOW
    /// TABLES`, `DESCRIBE` and `EXPLAIN` run at once. Names resolve to CTEs, then temporary views
    /// (`df.createOrReplaceTempView("t")`), then tables of the catalog under `warehouse`
    /// (`db.table`); ``parquet.`path` ``, ``csv.`path` ``, ``json.`path` `` read files in place.
    ///
    ///     try df.createOrReplaceTempView("sales")
    ///     let top = try session.sql("""
    ///         SELECT region, sum(amount) AS total FROM sales
    ///         GROUP BY region ORDER BY total DESC LIMIT 3
    ///         """)
    ///
    /// - Throws: `DataFlowError`: `.parse` with the line, column and a caret under the token for
    ///   syntax errors; `.analysis` naming unknown tables and columns and the closest match;
    ///   `.notImplemented` saying which syntax DataFlow does not support.
    public func sql(_ text: String) throws -> DataFrame {
        try sql(text, tables: SQLFileTables())
    }
}

/// SQL's view of the file system: the catalog's tables and files read in place.
struct SQLFileTables: SQLTableProvider {
    func table(_ name: [String], session: Session) throws -> DataFrame? {
        guard name.count <= 2 else { return nil }
        let catalog = Catalog(warehouse: session.warehouse)
        guard FileManager.default.fileExists(atPath: session.warehouse),
              try catalog.lookup(try TableName(name.joined(separator: "."))) != nil else { return nil }
        return try session.read.table(name.joined(separator: "."))
    }

    func files(format: String, path: String, session: Session) throws -> DataFrame {
        switch format {
        case "parquet": return try session.read.parquet(path)
        case "csv": return try session.read.csv(path)
        case "json", "jsonl": return try session.read.jsonl(path)
        default: throw DataFlowError(.analysis, "unknown file format \(format); DataFlow reads parquet, csv and json files in place")
        }
    }

    func tableNames(session: Session) throws -> [String] {
        guard FileManager.default.fileExists(atPath: session.warehouse) else { return [] }
        return try Catalog(warehouse: session.warehouse).tables().map(\.qualifiedName)
    }
}
