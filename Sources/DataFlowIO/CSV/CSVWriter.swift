import DataFlow

/// CSV as an output format.
struct CSVFormat: OutputFileFormat {
    let options: CSVOptions
    let timeZone: SessionTimeZone

    var fileExtension: String { options.delimiter == "\t" ? ".tsv" : ".csv" }
    var compression: FileCompression { options.compression }

    func makeWriter(file: OutputFile, schema: Schema) throws -> any FormatWriter {
        try CSVFormatWriter(file: file, schema: schema, options: options, timeZone: timeZone)
    }
}

/// Writes rows as CSV text in the options' dialect: values formatted as Spark prints them (or with
/// the date and timestamp patterns), nulls as `nullValue`, quoting per `CSVOptions.quoting`.
final class CSVFormatWriter: FormatWriter {
    private let file: OutputFile
    private let dialect: CSVDialect
    private let quoting: CSVQuoting
    private let formatter: TextColumnFormatter
    private var line: [UInt8] = []

    init(file: OutputFile, schema: Schema, options: CSVOptions, timeZone: SessionTimeZone) throws {
        self.file = file
        dialect = try options.dialect()
        quoting = options.quoting
        formatter = try TextColumnFormatter(dateFormat: options.dateFormat, timestampFormat: options.timestampFormat, timeZone: timeZone)
        if options.header {
            for (index, field) in schema.fields.enumerated() {
                if index > 0 { line.append(dialect.delimiter) }
                var name = field.name
                name.withUTF8 { appendField($0) }
            }
            line.append(0x0A)
            try file.write(line)
            line.removeAll(keepingCapacity: true)
        }
    }

    /// Appends one non-null field, quoted and escaped as the dialect and policy require.
    private func appendField(_ text: UnsafeBufferPointer<UInt8>) {
        let quote = dialect.quote
        let special = text.contains { byte in
            byte == dialect.delimiter || byte == 0x0A || byte == 0x0D || byte == quote || (dialect.backslashEscape && byte == 0x5C)
        }
        let quoted = quote != nil && (quoting == .all || (quoting == .minimal && (special || text.isEmpty)))
        if quoted, let quote { line.append(quote) }
        for byte in text {
            if dialect.backslashEscape && (byte == 0x5C || byte == quote || byte == dialect.delimiter || byte == 0x0A || byte == 0x0D) {
                line.append(0x5C)
            } else if quoted && dialect.doubledQuote && byte == quote {
                line.append(byte)
            }
            line.append(byte)
        }
        if quoted, let quote { line.append(quote) }
    }

    func write(_ batch: RecordBatch) throws {
        let texts = try batch.columns.map { try formatter.format($0) }
        for row in 0..<batch.rowCount {
            for (index, column) in texts.enumerated() {
                if index > 0 { line.append(dialect.delimiter) }
                if column.isNull(row) {
                    line.append(contentsOf: dialect.nullValue)
                    continue
                }
                column.withBytes { offsets, data, _ in
                    appendField(UnsafeBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row])))
                }
            }
            line.append(0x0A)
            if line.count >= 1 << 20 {
                try file.write(line)
                line.removeAll(keepingCapacity: true)
            }
        }
        try file.write(line)
        line.removeAll(keepingCapacity: true)
    }

    func finish() throws {}
}
