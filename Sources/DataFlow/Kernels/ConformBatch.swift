extension RecordBatch {
    /// This batch's columns under `schema`'s names and types: columns of another type are cast
    /// (Spark's rules, non-strict); for results computed elsewhere (a remote cluster) whose types
    /// can be wider or narrower than DataFlow's analysis of the same plan.
    /// - Throws: `DataFlowError` (`.schema`) when the column counts differ, or a cast's error.
    package func conformed(to schema: Schema, timeZone: SessionTimeZone) throws -> RecordBatch {
        guard columns.count == schema.count else {
            throw DataFlowError(.schema, "a result has \(columns.count) columns, the query's schema \(schema.count) (\(schema.names.joined(separator: ", ")))")
        }
        let options = CastOptions(strict: false, timeZone: timeZone)
        let converted = try zip(columns, schema.fields).map { column, field in
            column.type == field.type ? column : try cast(column, to: field.type, options: options)
        }
        return try RecordBatch(schema: schema, columns: converted, rowCount: rowCount)
    }
}
