import DataFlow

/// Values into SQLite parameters: single values (filters), and the columns of a batch row by row
/// (inserts), typed once per column, never boxed per value.
enum SQLiteValues {
    /// Binds `value` to parameter `index`, stored as a column of its type would be.
    /// - Throws: `DataFlowError` when the value cannot be formatted.
    static func bind(_ value: Scalar, to statement: SQLiteStatement, at index: Int32) throws {
        switch value {
        case .null: statement.bindNull(index)
        case let .boolean(flag): statement.bind(index, int64: flag ? 1 : 0)
        case let .int32(number): statement.bind(index, int64: Int64(number))
        case let .int64(number): statement.bind(index, int64: number)
        case let .float64(number): statement.bind(index, double: number)
        case let .string(text): statement.bind(index, text: text)
        case let .binary(bytes): bytes.withUnsafeBufferPointer { statement.bind(index, blob: $0) }
        case .date, .timestamp, .decimal:
            let text = try TextColumnFormatter(timestampFormat: SQLiteTypes.timestampFormat, timeZone: .utc).format(try Column.repeating(value, type: value.dataType, count: 1))
            statement.bind(index, text: text.scalar(at: 0).formatted())
        case .array, .map, .struct:
            throw DataFlowError(.notImplemented, "SQLite cannot hold the \(value.dataType) value \(value)")
        }
    }

    /// The columns of a batch ready to bind: dates, timestamps and decimals formatted as text once.
    struct BoundColumns {
        let columns: [Column]

        /// `batch`'s columns, text-typed ones formatted.
        /// - Throws: `DataFlowError` when formatting fails.
        init(_ batch: RecordBatch) throws {
            let formatter = try TextColumnFormatter(timestampFormat: SQLiteTypes.timestampFormat, timeZone: .utc)
            for (field, column) in zip(batch.schema.fields, batch.columns) where column.type.isNested {
                _ = try SQLiteTypes.declaredType(for: column.type, column: field.name)
            }
            columns = try batch.columns.map { SQLiteTypes.isText($0.type) ? try formatter.format($0) : $0 }
        }

        /// Binds row `row` to parameters `first`, `first + 1`, ...
        func bind(row: Int, to statement: SQLiteStatement, first: Int32 = 1) {
            for (offset, column) in columns.enumerated() {
                let index = first + Int32(offset)
                guard !column.isNull(row) else {
                    statement.bindNull(index)
                    continue
                }
                switch column.type {
                case .boolean: column.withBits { bits, _ in statement.bind(index, int64: bits[row] ? 1 : 0) }
                case .int32, .date: column.withValues(Int32.self) { values, _ in statement.bind(index, int64: Int64(values[row])) }
                case .int64, .timestamp: column.withValues(Int64.self) { values, _ in statement.bind(index, int64: values[row]) }
                case .float64: column.withValues(Double.self) { values, _ in statement.bind(index, double: values[row]) }
                case .string, .binary:
                    column.withBytes { offsets, bytes, _ in
                        let value = UnsafeBufferPointer(start: bytes + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row]))
                        if column.type == .string { statement.bind(index, text: value) } else { statement.bind(index, blob: value) }
                    }
                case .decimal, .null, .array, .map, .struct: statement.bindNull(index)
                }
            }
        }
    }
}
