import DataFlow
import Foundation

extension Session {
    /// Runs one SQL statement in Spark SQL's dialect and returns its result: a query is a lazy
    /// DataFrame planned into the same plan the DataFrame API builds (so `explain`, the optimizer
    /// and Spark Connect see no difference); `CREATE [OR REPLACE] TEMP VIEW`, `DROP VIEW`, `SHOW
    /// TABLES`, `DESCRIBE` and `EXPLAIN` run at once. Names resolve to CTEs, then temporary views
    /// (`df.createOrReplaceTempView("t")`), then tables of the catalog under `warehouse`
    /// (`db.table`); ``parquet.`path` ``, ``csv.`path` ``, ``json.`path` `` read files in place.
    /// `CREATE TABLE … USING parquet|csv|json [PARTITIONED BY (…)] [LOCATION '…'] [AS SELECT …]`,
    /// `INSERT INTO|OVERWRITE` and `DROP TABLE` write the catalog's tables (a table the catalog
    /// placed loses its files when dropped, as Spark's managed tables do).
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

/// SQL's view of the file system: the catalog's tables, files read in place, and the statements
/// that create, fill and drop tables.
struct SQLFileTables: SQLTableProvider {
    func table(_ name: [String], session: Session) throws -> DataFrame? {
        guard name.count <= 2 else { return nil }
        let catalog = Catalog(warehouse: session.warehouse)
        guard try StoredFiles.exists(session.warehouse),
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
        guard try StoredFiles.exists(session.warehouse) else { return [] }
        return try Catalog(warehouse: session.warehouse).tables().map(\.qualifiedName)
    }

    func createTable(_ definition: SQLTableDefinition, rows: DataFrame?, session: Session) throws {
        let catalog = Catalog(warehouse: session.warehouse)
        let name = try TableName(definition.name.joined(separator: "."))
        if try catalog.lookup(name) != nil {
            if definition.ifNotExists { return }
            guard definition.replace else { throw DataFlowError(.analysis, "table '\(name)' already exists; use CREATE OR REPLACE TABLE or IF NOT EXISTS") }
        }
        guard let format = FileFormat(rawValue: definition.format == "json" ? "jsonl" : definition.format) else {
            throw DataFlowError(.analysis, "USING \(definition.format): DataFlow's tables are parquet, csv or json")
        }
        var data = rows
        if let declared = definition.schema, let query = rows {
            data = try Self.conformed(query, to: declared, table: name)
        }
        let declared = data?.schema ?? definition.schema!
        for column in definition.partitionedBy where (try? declared.index(of: column)) == nil {
            throw DataFlowError(.analysis, "PARTITIONED BY \(column): the table has no such column (\(declared.names.joined(separator: ", ")))")
        }
        // Partition columns come last, as Spark puts them and as the table reads back.
        let partitioning = Set(definition.partitionedBy.map { $0.lowercased() })
        let order = declared.fields.filter { !partitioning.contains($0.name.lowercased()) } + definition.partitionedBy.compactMap { name in (try? declared.index(of: name)).map { declared[$0] } }
        let schema = Schema(order)
        if let rows = data, !partitioning.isEmpty { data = try rows.select(order.map { col("`\($0.name)`") }) }
        let location = definition.location ?? catalog.defaultLocation(name)
        try catalog.checkCanRegisterPartitions(name.description, location: location, partitionColumns: definition.partitionedBy)
        var partitions: [String] = []
        if let data {
            let summary = try Self.write(data, format: format, to: location, partitionBy: definition.partitionedBy, mode: definition.replace ? .overwrite : .error)
            partitions = Self.partitions(summary, partitioned: !definition.partitionedBy.isEmpty)
        }
        try catalog.registerPartitions(name.description, location: location, format: format, schema: schema, partitionColumns: definition.partitionedBy,
                                       partitions: partitions, replacing: true, properties: ["writer": "dataflow sql"])
    }

    func insert(into name: [String], rows: DataFrame, overwrite: Bool, session: Session) throws {
        let catalog = Catalog(warehouse: session.warehouse)
        let table = try catalog.table(name.joined(separator: "."))
        let parsed = try TableName(table.qualifiedName)
        let data = try Self.conformed(rows, to: try table.schema(), table: parsed)
        let summary = try Self.write(data, format: table.format, to: table.location, partitionBy: table.partitionColumns, mode: overwrite ? .overwrite : .append)
        try catalog.registerPartitions(table.qualifiedName, location: table.location, format: table.format, schema: data.schema,
                                       partitionColumns: table.partitionColumns, partitions: Self.partitions(summary, partitioned: !table.partitionColumns.isEmpty),
                                       replacing: overwrite)
    }

    func dropTable(_ name: [String], session: Session) throws -> Bool {
        let catalog = Catalog(warehouse: session.warehouse)
        let parsed = try TableName(name.joined(separator: "."))
        guard try StoredFiles.exists(session.warehouse), let table = try catalog.lookup(parsed) else { return false }
        // As Spark's managed tables: the files go when the catalog chose where they live.
        try catalog.drop(parsed.description, deleteData: table.location == catalog.defaultLocation(parsed))
        return true
    }

    /// `rows` with the table's column names and types, matched by position (as Spark's INSERT).
    private static func conformed(_ rows: DataFrame, to schema: Schema, table: TableName) throws -> DataFrame {
        guard rows.columns.count == schema.fields.count else {
            throw DataFlowError(.analysis, "table '\(table)' has \(schema.fields.count) columns (\(schema.names.joined(separator: ", "))); the query gives \(rows.columns.count)")
        }
        return try rows.select(zip(rows.columns.indices, schema.fields).map { index, field in
            let column = rows.schema.fields[index]
            let reference = col("`\(column.name)`")
            return (column.type == field.type ? reference : reference.cast(field.type)).alias(field.name)
        })
    }

    private static func write(_ rows: DataFrame, format: FileFormat, to location: String, partitionBy: [String], mode: SaveMode) throws -> WriteSummary {
        let writer = rows.write.mode(mode).partitionBy(partitionBy)
        switch format {
        case .parquet: return try writer.parquet(location)
        case .csv: return try writer.csv(location, options: .rfc4180)
        case .jsonl: return try writer.jsonl(location)
        }
    }

    /// The partition folders a write filled (`day=2025-01-01`), none for an unpartitioned table.
    private static func partitions(_ summary: WriteSummary, partitioned: Bool) -> [String] {
        guard partitioned else { return [] }
        return Set(summary.files.map { ($0 as NSString).deletingLastPathComponent }).sorted()
    }
}
