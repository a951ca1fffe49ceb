import DataFlow
import Foundation

/// Reads the lines of one file (range) a batch at a time: the lines' values of the requested
/// columns are gathered as cells (`JSONLineBatch`), then each column is parsed in one typed pass.
/// A compressed file is decompressed as it is read, through a `ByteWindow`; `position` is an
/// offset in the window, `end` a file offset.
final class JSONBatchStream: BatchStream {
    private let source: JSONSource
    private let fileIndex: Int
    private let window: ByteWindow
    private var position: Int
    private let end: Int
    private let batchSize: Int
    private var remainingLimit: Int
    private var finished = false
    /// Requested output columns: a slot (a requested file column), a partition column, or the corrupt record.
    private enum Output { case slot(Int), partition(Int), corrupt }
    private let outputs: [Output]
    private let outputSchema: Schema
    /// Per slot, its file column.
    private let slotColumns: [Int]
    private var lines: JSONLineBatch

    init(source: JSONSource, fileIndex: Int, range: Range<Int>, request: ScanRequest, batchSize: Int) throws {
        self.source = source
        let file = source.dataset.files[fileIndex]
        self.fileIndex = fileIndex
        window = try ByteWindow(path: file.path)
        self.batchSize = batchSize
        remainingLimit = request.limit ?? Int.max
        let fileSchema = source.fileSchema
        let columns = request.columns ?? Array(source.schema.fields.indices)
        outputSchema = Schema(columns.map { source.schema[$0] })
        var slotColumns: [Int] = []
        outputs = columns.map { index in
            if index >= fileSchema.count { return .partition(index - fileSchema.count) }
            if index == source.corruptIndex { return .corrupt }
            slotColumns.append(index)
            return .slot(slotColumns.count - 1)
        }
        self.slotColumns = slotColumns
        // Permissive reads of no file column (a count) need not look inside the lines.
        let scanNeeded = !slotColumns.isEmpty || source.options.mode != .permissive || columns.contains { $0 == source.corruptIndex }
        // Cells are allocated per slot and row up front: bound them whatever the batch size.
        lines = JSONLineBatch(capacity: min(batchSize, 1 << 16), path: file.path, schema: fileSchema, slotColumns: slotColumns, scanNeeded: scanNeeded, options: source.options)
        // A compressed file is never split: its range runs to Int.max.
        end = window.atEnd ? min(range.upperBound, window.count) : range.upperBound
        position = window.withBytes { Self.lineStart(after: range.lowerBound, in: UnsafeRawBufferPointer($0)) }
    }

    /// The first line start at or after `offset` (a split boundary): just past a line break, or at
    /// the file's start past a UTF-8 byte order mark.
    private static func lineStart(after offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        if offset == 0 { return bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0 }
        guard offset - 1 < bytes.count, let base = bytes.baseAddress, let newline = memchr(base + offset - 1, 0x0A, bytes.count - offset + 1) else {
            return bytes.count
        }
        return base.distance(to: UnsafeRawPointer(newline)) + 1
    }

    func next() throws -> RecordBatch? {
        while !finished && remainingLimit > 0 {
            let limit = min(try window.wholeLines(from: &position), end - window.start)
            lines.origin = (window.start, window.lineBreaksBefore + 1)
            try window.withBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                try lines.read(base, count: bytes.count, position: &position, limit: limit, maxRows: min(batchSize, remainingLimit))
            }
            if window.atEnd && position >= min(end, window.count) { finished = true }
            guard lines.rowCount > 0 else { continue }
            let batch = try buildBatch()
            remainingLimit -= batch.rowCount
            if batch.rowCount > 0 { return batch }
        }
        return nil
    }

    /// The batch of the lines just read.
    private func buildBatch() throws -> RecordBatch {
        let rows = lines.rowCount
        let mode = source.options.mode
        var columns = [Column?](repeating: nil, count: outputs.count)
        // The requested file columns first: parsing finds more malformed lines.
        for (index, output) in outputs.enumerated() {
            guard case let .slot(slot) = output else { continue }
            let fileColumn = slotColumns[slot]
            let cells = (slot * lines.capacity)..<(slot * lines.capacity + rows)
            let (column, invalid) = lines.starts.withUnsafeBufferPointer { starts in
                lines.lengths.withUnsafeBufferPointer { lengths in
                    source.parsers[fileColumn].parse(UnsafePointer(lines.values.base), starts: UnsafeBufferPointer(rebasing: starts[cells]),
                                                     lengths: UnsafeBufferPointer(rebasing: lengths[cells]))
                }
            }
            for row in invalid {
                lines.malformed[row] = true
                if mode == .failFast {
                    let field = source.fileSchema[fileColumn]
                    let line = window.withBytes { bytes in bytes.baseAddress.map { lines.lineNumber(of: lines.lineStarts[row], in: $0) } }
                    throw DataFlowError(.parse, "cannot read '\(lines.text(slot: slot, row: row))' as \(field.type)",
                                        location: ErrorLocation(path: source.dataset.files[fileIndex].path, column: field.name, row: line))
                }
            }
            columns[index] = column
        }
        for (index, output) in outputs.enumerated() {
            switch output {
            case .slot: break
            case let .partition(partition):
                columns[index] = try Column.repeating(source.dataset.partitionValues[fileIndex][partition], type: source.dataset.partitionSchema[partition].type, count: rows)
            case .corrupt:
                columns[index] = corruptRecords()
            }
        }
        var batch = try RecordBatch(schema: outputSchema, columns: columns.compactMap { $0 }, rowCount: rows)
        if mode == .dropMalformed, lines.malformed.contains(true) {
            batch = take(batch, indices: (0..<rows).filter { !lines.malformed[$0] }.map { Int32($0) })
        }
        return batch
    }

    /// The raw text of the malformed lines, null for the others.
    private func corruptRecords() -> Column {
        var builder = ColumnBuilder(type: .string, capacity: lines.rowCount)
        window.withBytes { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            for row in 0..<lines.rowCount {
                if lines.malformed[row] {
                    builder.appendBytes(UnsafeRawBufferPointer(rebasing: raw[lines.lineStarts[row]..<lines.lineEnds[row]]))
                } else {
                    builder.appendNull()
                }
            }
        }
        return builder.finish()
    }
}
