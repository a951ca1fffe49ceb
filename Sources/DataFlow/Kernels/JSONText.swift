/// Values as JSON text, as Spark's `to_json` and JSON writer write them: a struct as an object of
/// its non-null fields, an array as a list (nulls as `null`), a map as an object keyed by the keys'
/// text; strings, dates, timestamps (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session zone), binary
/// (base64) and non-finite doubles quoted; numbers and booleans bare. Each part is formatted
/// column by column, then the parts are joined row by row.
package enum JSONText {
    /// The timestamp pattern of Spark's JSON output.
    static let timestampPattern = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"

    /// The JSON text of each row of `column`; null where the row is null.
    /// - Throws: `DataFlowError` when a value cannot be formatted.
    package static func format(_ column: Column, timeZone: SessionTimeZone) throws -> Column {
        let options = CastOptions(strict: false, timeZone: timeZone)
        switch column.type {
        case .string: return mapRows(column) { row, out in column.withBytes { offsets, data, _ in appendJSONString(slice(data, offsets, row), to: &out) } }
        case .boolean, .int32, .int64, .decimal, .null: return try cast(column, to: .string, options: options)
        case .float64:
            let text = try cast(column, to: .string, options: options)
            return column.withValues(Double.self) { values, _ in
                mapRows(text) { row, out in
                    text.withBytes { offsets, data, _ in
                        if values[row].isFinite { out.append(contentsOf: slice(data, offsets, row)) } else { appendJSONString(slice(data, offsets, row), to: &out) }
                    }
                }
            }
        case .date: return quoted(try cast(column, to: .string, options: options))
        case .timestamp: return quoted(try TextColumnFormatter(timestampFormat: timestampPattern, timeZone: timeZone).format(column))
        case .binary:
            return mapRows(column) { row, out in
                column.withBytes { offsets, data, _ in
                    out.append(UInt8(ascii: "\""))
                    appendBase64(slice(data, offsets, row), to: &out)
                    out.append(UInt8(ascii: "\""))
                }
            }
        case let .struct(fields):
            let parts = try fields.indices.map { try format(column.children[$0], timeZone: timeZone) }
            let names = fields.map { field -> [UInt8] in
                var name: [UInt8] = []
                var text = field.name
                text.withUTF8 { appendJSONString($0, to: &name) }
                return name + [UInt8(ascii: ":")]
            }
            return mapRows(column) { row, out in
                out.append(UInt8(ascii: "{"))
                var first = true
                for (part, name) in zip(parts, names) where !part.isNull(row) {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.append(contentsOf: name)
                    append(part, row, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        case .array, .map:
            let isMap = if case .map = column.type { true } else { false }
            let values = try format(column.children[isMap ? 1 : 0], timeZone: timeZone)
            let keys = isMap ? quoted(try cast(column.children[0], to: .string, options: options)) : nil
            return mapRows(column) { row, out in
                out.append(UInt8(ascii: isMap ? "{" : "["))
                for (position, entry) in column.listRange(row).enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    if let keys {
                        append(keys, entry, to: &out)
                        out.append(UInt8(ascii: ":"))
                    }
                    append(values, entry, to: &out)
                }
                out.append(UInt8(ascii: isMap ? "}" : "]"))
            }
        }
    }

    /// Row `row`'s bytes of a string column.
    private static func slice(_ data: UnsafePointer<UInt8>, _ offsets: UnsafeBufferPointer<Int32>, _ row: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row]))
    }

    /// Appends row `row` of the JSON fragments `part`, or `null`.
    private static func append(_ part: Column, _ row: Int, to out: inout [UInt8]) {
        guard !part.isNull(row) else {
            out.append(contentsOf: "null".utf8)
            return
        }
        part.withBytes { offsets, data, _ in out.append(contentsOf: slice(data, offsets, row)) }
    }

    /// The text of a string column as JSON strings.
    private static func quoted(_ text: Column) -> Column {
        mapRows(text) { row, out in text.withBytes { offsets, data, _ in appendJSONString(slice(data, offsets, row), to: &out) } }
    }

    /// A string column with `write`'s bytes for each non-null row of `column`, null elsewhere.
    private static func mapRows(_ column: Column, _ write: (Int, inout [UInt8]) -> Void) -> Column {
        var builder = ColumnBuilder(type: .string, capacity: column.count)
        var bytes: [UInt8] = []
        for row in 0..<column.count {
            guard !column.isNull(row) else {
                builder.appendNull()
                continue
            }
            bytes.removeAll(keepingCapacity: true)
            write(row, &bytes)
            bytes.withUnsafeBytes { builder.appendBytes($0) }
        }
        return builder.finish()
    }
}
