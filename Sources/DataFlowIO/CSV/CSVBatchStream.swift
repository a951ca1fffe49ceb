import DataFlow
import Foundation

/// Reads the records of one file (range) a batch at a time: tokenize up to a batch of records,
/// then parse each requested column in one typed pass. A compressed file is decompressed as it is
/// read, through a `ByteWindow`; offsets in `tokens` and `position` are offsets in the window.
final class CSVBatchStream: BatchStream {
    private let source: CSVSource
    private let path: String
    private let fileIndex: Int
    private let window: ByteWindow
    private let tokenizer: CSVTokenizer
    private var tokens: CSVTokens
    private var position: Int
    private let end: Int
    private let batchSize: Int
    private var finished = false
    private var remainingLimit: Int
    /// Requested output columns: file column index, partition column index, the corrupt record or
    /// why it is corrupt.
    private enum Output { case file(Int), partition(Int), corrupt, rejectReason, fileName, rowIndex }
    /// The file's records read so far (before this batch).
    private var recordsRead: Int64 = 0
    private let outputs: [Output]
    private let outputSchema: Schema
    private let parsers: [TextColumnParser?]
    /// How many file columns hold data (the corrupt-record and reject-reason columns are not).
    private let dataColumnCount: Int
    /// Whether the stream starts at the file's start, so record numbers count from its first record.
    private let startsAtFileStart: Int
    /// The last line number worked out: the line of the byte at file offset `offset` (lines of later
    /// malformed records are counted from here, so a batch's lines cost one pass over its bytes).
    private var lineMark = (offset: 0, line: 1)

    init(source: CSVSource, fileIndex: Int, range: Range<Int>, request: ScanRequest, batchSize: Int) throws {
        self.source = source
        let file = source.dataset.files[fileIndex]
        path = file.path
        self.fileIndex = fileIndex
        window = try ByteWindow(path: file.path)
        tokenizer = CSVTokenizer(dialect: source.dialect)
        self.batchSize = batchSize
        remainingLimit = request.limit ?? Int.max
        let fileSchema = source.fileSchema
        let corrupt = fileSchema.fields.firstIndex { $0.name == source.options.columnNameOfCorruptRecord && $0.type == .string }
        let reason = fileSchema.fields.firstIndex { $0.name == source.options.columnNameOfRejectReason && $0.type == .string }
        dataColumnCount = fileSchema.count - (corrupt == nil ? 0 : 1) - (reason == nil ? 0 : 1)
        startsAtFileStart = range.lowerBound == 0 ? 1 : 0
        let columns = request.columns ?? Array(source.schema.fields.indices)
        outputSchema = Schema(columns.map { source.schema[$0] })
        let partitionCount = source.dataset.partitionSchema.count
        outputs = columns.map { index in
            if index >= fileSchema.count + partitionCount {
                let name = source.schema[index].name
                return name == source.options.fileNameColumn ? .fileName : .rowIndex
            }
            if index >= fileSchema.count { return .partition(index - fileSchema.count) }
            return index == corrupt ? .corrupt : index == reason ? .rejectReason : .file(index)
        }
        parsers = try outputs.map { output in
            guard case let .file(index) = output else { return nil }
            return try TextColumnParser(type: fileSchema[index].type, dateFormat: source.options.dateFormat,
                                        timestampFormat: source.options.timestampFormat, timeZone: source.timeZone)
        }
        tokens = CSVTokens(capacity: min(window.count, 16 << 20))
        position = window.withBytes { CSVTokenizer(dialect: source.dialect).recordStart(after: range.lowerBound, in: $0) }
        // A compressed file is never split: its range runs to Int.max.
        end = window.atEnd ? min(range.upperBound, window.count) : range.upperBound
        if range.lowerBound == 0 && source.options.header && window.count > 0 {
            // The header line is not data.
            var scratch = CSVTokens(capacity: 1024)
            _ = try tokenizer.tokenizeWholeRecords(window, position: &position, end: end, maxRecords: 1, into: &scratch)
        }
    }

    func next() throws -> RecordBatch? {
        while !finished && remainingLimit > 0 {
            tokens.reset()
            let more = try tokenizer.tokenizeWholeRecords(window, position: &position, end: end, maxRecords: min(batchSize, remainingLimit), into: &tokens)
            if !more { finished = true }
            if tokens.recordCount == 0 { continue }
            let batch = try buildBatch()
            remainingLimit -= batch.rowCount
            if batch.rowCount > 0 { return batch }
        }
        return nil
    }

    /// The 1-based line of the record starting at `offset` of the window; offsets asked for only
    /// grow, except that a smaller one is counted again from the window's start.
    private func lineNumber(_ offset: Int) -> Int {
        let fileOffset = window.start + offset
        if fileOffset < lineMark.offset || lineMark.offset < window.start { lineMark = (window.start, window.lineBreaksBefore + 1) }
        let line = window.withBytes { bytes in
            var line = lineMark.line
            for byte in bytes[(lineMark.offset - window.start)..<offset] where byte == 0x0A { line += 1 }
            return line
        }
        lineMark = (fileOffset, line)
        return line
    }

    /// Where malformed `record` is: its file, record number (when the stream began at the file's
    /// start), the line it starts on and `column`.
    private func location(_ record: Int, column: String? = nil) -> ErrorLocation {
        ErrorLocation(path: path, column: column, row: startsAtFileStart == 1 ? Int(recordsRead) + record + 1 : nil,
                      line: lineNumber(tokens.recordOffsets[record]))
    }

    /// Why a record with `found` fields is malformed: the count, and an unterminated quote when
    /// the record's quotes do not pair up (the tokenizer then ran on to the file's end).
    private func fieldCountReason(_ record: Int, found: Int) -> String {
        guard let quote = source.dialect.quote else { return "expected \(dataColumnCount) fields, found \(found)" }
        let backslashEscape = source.dialect.backslashEscape
        let quotes = window.withBytes { bytes in
            var count = 0, escaped = false
            for byte in bytes[tokens.recordOffsets[record]..<tokens.recordEnds[record]] {
                if escaped { escaped = false } else if backslashEscape && byte == 0x5C { escaped = true } else if byte == quote { count += 1 }
            }
            return count
        }
        return quotes % 2 == 1 ? "unterminated quote" : "expected \(dataColumnCount) fields, found \(found)"
    }

    private func rawRecord(_ record: Int) -> String {
        window.withBytes { bytes in
            String(decoding: bytes[tokens.recordOffsets[record]..<tokens.recordEnds[record]], as: UTF8.self)
        }
    }

    private func buildBatch() throws -> RecordBatch {
        let records = tokens.recordCount
        let mode = source.options.mode
        let wantsReasons = outputs.contains { if case .rejectReason = $0 { true } else { false } }
        // Records whose field count does not match the schema.
        var malformed = [Bool](repeating: false, count: records)
        var reasons: [Int: String] = [:]
        for record in 0..<records where Int(tokens.recordFields[record + 1] - tokens.recordFields[record]) != dataColumnCount {
            malformed[record] = true
            let found = Int(tokens.recordFields[record + 1] - tokens.recordFields[record])
            if mode == .failFast {
                throw DataFlowError(.parse, "malformed record: \(fieldCountReason(record, found: found))", location: location(record))
            }
            if wantsReasons { reasons[record] = fieldCountReason(record, found: found) }
        }
        var columns: [Column?] = Array(repeating: nil, count: outputs.count)
        var starts = [Int32](repeating: 0, count: records), lengths = [Int32](repeating: -1, count: records)
        for (position, output) in outputs.enumerated() {
            guard case let .file(index) = output, let parser = parsers[position] else { continue }
            for record in 0..<records {
                let field = Int(tokens.recordFields[record]) + index
                if field < Int(tokens.recordFields[record + 1]) {
                    starts[record] = tokens.fieldStarts[field]
                    lengths[record] = tokens.fieldLengths[field]
                    // Empty text is null for every type but strings.
                    if lengths[record] == 0 && !parser.type.isVariableWidth { lengths[record] = -1 }
                } else {
                    lengths[record] = -1
                }
            }
            let (column, invalid) = starts.withUnsafeBufferPointer { s in
                lengths.withUnsafeBufferPointer { l in parser.parse(UnsafePointer(tokens.bytes.base), starts: s, lengths: l) }
            }
            for record in invalid {
                malformed[record] = true
                guard mode == .failFast || (wantsReasons && reasons[record] == nil) else { continue }
                let field = Int(tokens.recordFields[record]) + index
                let text = String(decoding: UnsafeBufferPointer(start: tokens.bytes.base + Int(tokens.fieldStarts[field]), count: Int(tokens.fieldLengths[field])), as: UTF8.self)
                let name = source.fileSchema[index].name
                if mode == .failFast {
                    throw DataFlowError(.parse, "cannot read '\(text)' as \(parser.type)", location: location(record, column: name))
                }
                reasons[record] = "column '\(name)': '\(text)' is not a \(parser.type)"
            }
            columns[position] = column
        }
        for (position, output) in outputs.enumerated() {
            switch output {
            case .file: break
            case let .partition(index):
                let value = source.dataset.partitionValues[fileIndex][index]
                columns[position] = try Column.repeating(value, type: source.dataset.partitionSchema[index].type, count: records)
            case .corrupt:
                columns[position] = Column((0..<records).map { malformed[$0] ? rawRecord($0) : nil })
            case .rejectReason:
                columns[position] = Column((0..<records).map { record in reasons[record].map { "line \(lineNumber(tokens.recordOffsets[record])): \($0)" } })
            case .fileName:
                columns[position] = try Column.repeating(.string(path), type: .string, count: records)
            case .rowIndex:
                columns[position] = try Column((0..<Int64(records)).map { recordsRead + $0 })
            }
        }
        recordsRead += Int64(records)
        var batch = try RecordBatch(schema: outputSchema, columns: columns.map { $0! }, rowCount: records)
        if mode == .dropMalformed, malformed.contains(true) {
            batch = take(batch, indices: (0..<records).filter { !malformed[$0] }.map { Int32($0) })
        }
        return batch
    }
}
