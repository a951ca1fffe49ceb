import DataFlow

/// JSON lines as an output format.
struct JSONFormat: OutputFileFormat {
    let options: JSONOptions
    let timeZone: SessionTimeZone

    var fileExtension: String { ".json" }
    var compression: FileCompression { options.compression }

    func makeWriter(file: OutputFile, schema: Schema) throws -> any FormatWriter {
        try JSONFormatWriter(file: file, schema: schema, options: options, timeZone: timeZone)
    }
}

/// Writes rows as JSON lines: one object per row, keys in schema order, nulls left out (or written
/// with `writeNulls`). Strings are escaped per RFC 8259; numbers and booleans are bare (doubles in
/// Spark's shortest round-trip notation, `NaN` and `±Infinity` as strings, as Spark writes them);
/// dates, timestamps (with their offset by default) and base64 binary are strings.
///
/// Each column of a batch is first encoded whole into `"key":value` fragments, in one pass typed
/// once per column; rows are then the concatenation of their non-null fragments.
final class JSONFormatWriter: FormatWriter {
    private let file: OutputFile
    private let formatter: TextColumnFormatter
    /// The zone of timestamps inside arrays, maps and structs.
    private let timeZone: SessionTimeZone
    private let writeNulls: Bool
    /// Per column, `"key":` with the key escaped.
    private let keys: [[UInt8]]

    init(file: OutputFile, schema: Schema, options: JSONOptions, timeZone: SessionTimeZone) throws {
        self.file = file
        self.timeZone = timeZone
        formatter = try TextColumnFormatter(dateFormat: options.dateFormat,
                                            timestampFormat: options.timestampFormat ?? JSONOptions.defaultWriteTimestampFormat, timeZone: timeZone)
        writeNulls = options.writeNulls
        keys = schema.fields.map { field in
            var key: [UInt8] = []
            var name = field.name
            name.withUTF8 { appendJSONString($0, to: &key) }
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// How a column's values are written.
    private enum Encoding { case bare, quoted, doubles, base64, nested }

    /// Appends the `"key":value` fragments of `column`'s rows to `bytes`, recording row `i`'s
    /// fragment as `bytes[starts[i] ..< ends[i]]` (empty for a null that is left out).
    private func appendFragments(_ column: Column, key: [UInt8], to bytes: inout [UInt8], starts: inout [Int], ends: inout [Int]) throws {
        let null: StaticString = "null"
        let nullFragment = key + UnsafeBufferPointer(start: null.utf8Start, count: null.utf8CodeUnitCount)
        let encoding: Encoding
        switch column.type {
        case .string, .date, .timestamp: encoding = .quoted
        case .float64: encoding = .doubles
        case .binary: encoding = .base64
        case .boolean, .int32, .int64, .decimal: encoding = .bare
        case .array, .map, .struct: encoding = .nested
        case .null:
            for _ in 0..<column.count {
                starts.append(bytes.count)
                if writeNulls { bytes.append(contentsOf: nullFragment) }
                ends.append(bytes.count)
            }
            return
        }
        let text = switch encoding {
        case .base64: column
        case .nested: try JSONText.format(column, timeZone: timeZone)
        default: try formatter.format(column)
        }
        // Non-finite doubles print as words (NaN, Infinity), which JSON only has as strings.
        let finite: [Bool] = encoding == .doubles ? column.withValues(Double.self) { values, _ in values.map(\.isFinite) } : []
        key.withUnsafeBufferPointer { key in
            @inline(__always) func appendValue(_ row: Int, _ value: UnsafeBufferPointer<UInt8>) {
                bytes.append(contentsOf: key)
                switch encoding {
                case .bare, .nested: bytes.append(contentsOf: value)
                case .quoted: appendJSONString(value, to: &bytes)
                case .doubles:
                    if finite[row] { bytes.append(contentsOf: value) } else { appendJSONString(value, to: &bytes) }
                case .base64:
                    bytes.append(UInt8(ascii: "\""))
                    appendBase64(value, to: &bytes)
                    bytes.append(UInt8(ascii: "\""))
                }
            }
            text.withBytes { offsets, data, validity in
                for row in 0..<column.count {
                    starts.append(bytes.count)
                    if validity[row] {
                        appendValue(row, UnsafeBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row])))
                    } else if writeNulls {
                        bytes.append(contentsOf: nullFragment)
                    }
                    ends.append(bytes.count)
                }
            }
        }
    }

    func write(_ batch: RecordBatch) throws {
        let rows = batch.rowCount
        var fragments: [UInt8] = []
        var starts: [Int] = [], ends: [Int] = []
        starts.reserveCapacity(rows * batch.columns.count)
        ends.reserveCapacity(rows * batch.columns.count)
        for (column, key) in zip(batch.columns, keys) {
            try appendFragments(column, key: key, to: &fragments, starts: &starts, ends: &ends)
        }
        let columns = batch.columns.count
        var lines: [UInt8] = []
        lines.reserveCapacity(fragments.count + rows * (columns + 2))
        fragments.withUnsafeBufferPointer { fragments in
            for row in 0..<rows {
                lines.append(UInt8(ascii: "{"))
                var first = true
                for column in 0..<columns {
                    let cell = column * rows + row
                    guard ends[cell] > starts[cell] else { continue }
                    if !first { lines.append(UInt8(ascii: ",")) }
                    first = false
                    lines.append(contentsOf: UnsafeBufferPointer(rebasing: fragments[starts[cell]..<ends[cell]]))
                }
                lines.append(UInt8(ascii: "}"))
                lines.append(0x0A)
            }
        }
        try file.write(lines)
    }

    func finish() throws {}
}
