import DataFlow
import Foundation

extension DataFrameReader {
    /// The table `name` (`database.table`, or `table` in `default`) of the catalog under the
    /// session's warehouse: its current version's files, with its partition columns; a table
    /// with no data yet reads as no rows of its schema.
    /// - Throws: `DataFlowError` (`.analysis`) when the table is not registered, or read errors.
    public func table(_ name: String) throws -> DataFrame {
        let table = try Catalog(warehouse: session.warehouse).table(name)
        let schema = try table.schema()
        guard try StoredFiles.exists(table.location), !(try Dataset.discover([table.location]).files.isEmpty) else {
            return try session.createDataFrame(rows: [], schema: schema)
        }
        switch table.format {
        case .parquet: return try parquet(table.location)
        case .jsonl: return try jsonl(table.location, options: JSONOptions(schema: Schema(schema.fields.filter { !table.partitionColumns.contains($0.name) })))
        case .csv:
            var options = CSVOptions.rfc4180
            options.schema = Schema(schema.fields.filter { !table.partitionColumns.contains($0.name) })
            return try csv(table.location, options: options)
        }
    }
}
