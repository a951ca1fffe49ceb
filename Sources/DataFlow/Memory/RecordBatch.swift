/// A set of equally long columns with a schema: the unit that flows between operators.
/// Batches hold up to `Session.batchSize` rows (64 Ki by default).
public struct RecordBatch: Sendable {
    /// The batch's schema.
    public let schema: Schema
    /// The columns, in schema order.
    public let columns: [Column]
    /// The number of rows.
    public let rowCount: Int

    /// Creates a batch; all columns must have `rowCount` values.
    /// - Throws: `DataFlowError` (`.internal`) when lengths or the column count disagree.
    public init(schema: Schema, columns: [Column], rowCount: Int? = nil) throws {
        guard schema.count == columns.count else {
            throw DataFlowError.internalError("batch has \(columns.count) columns for a schema of \(schema.count)")
        }
        let rows = rowCount ?? columns.first?.count ?? 0
        for (index, column) in columns.enumerated() where column.count != rows {
            throw DataFlowError.internalError("column '\(schema[index].name)' has \(column.count) rows, expected \(rows)")
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = rows
    }

    /// Creates a batch whose invariants the caller guarantees.
    init(unchecked schema: Schema, columns: [Column], rowCount: Int) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// An empty batch of `schema`.
    static func empty(_ schema: Schema) -> RecordBatch {
        RecordBatch(unchecked: schema, columns: schema.fields.map { Column.nulls(type: $0.type, count: 0) }, rowCount: 0)
    }

    /// The columns at `indices`, in that order (no copy).
    public func selecting(columns indices: [Int]) -> RecordBatch {
        RecordBatch(unchecked: Schema(indices.map { schema[$0] }), columns: indices.map { columns[$0] }, rowCount: rowCount)
    }

    /// The same columns under another schema of the same types (renames, nullability).
    public func renamed(to newSchema: Schema) -> RecordBatch {
        precondition(newSchema.fields.map(\.type) == schema.fields.map(\.type), "renamed needs the same column types")
        return RecordBatch(unchecked: newSchema, columns: columns, rowCount: rowCount)
    }

    /// A zero-copy slice of rows.
    public func slice(_ start: Int, _ length: Int) -> RecordBatch {
        RecordBatch(unchecked: schema, columns: columns.map { $0.slice(start, length) }, rowCount: length)
    }

    /// The same columns under another schema of the same types (renames, qualifiers).
    func withSchema(_ newSchema: Schema) -> RecordBatch {
        RecordBatch(unchecked: newSchema, columns: columns, rowCount: rowCount)
    }

    /// Approximate bytes held by the batch's buffers (for memory accounting).
    var byteSize: Int {
        columns.reduce(0) { total, column in
            let width = max(column.type.physical.byteWidth, 4)
            var bytes = column.count * width + Bitmap.byteCount(column.count)
            if column.type.isVariableWidth { bytes += column.withBytes { offsets, _, _ in Int(offsets[column.count] - offsets[0]) } }
            return total + bytes
        }
    }
}
