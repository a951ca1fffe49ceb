import DataFlow
import NIOCore

/// Rows in the text format of `COPY … FROM STDIN`: tab-separated fields, one line per row, `\N`
/// for null, backslash escapes for backslash, tab, newline and carriage return; bytea as `\\x` and
/// hex. Columns are formatted as text once per batch (timestamps as UTC wall time: the load's
/// session runs in UTC), then laid out row by row.
enum PostgresCopyText {
    static let timestampFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"

    /// The lines of `batch`'s rows, each prefixed with its sequence number from `first` when given.
    /// - Throws: `DataFlowError` when a column cannot be formatted.
    static func encode(_ batch: RecordBatch, sequenceFrom first: Int64? = nil) throws -> ByteBuffer {
        let formatter = try TextColumnFormatter(timestampFormat: timestampFormat, timeZone: .utc)
        let texts = try batch.columns.map { $0.type == .binary ? $0 : try formatter.format($0) }
        var buffer = ByteBufferAllocator().buffer(capacity: batch.rowCount * 16 * max(1, texts.count))
        let hex = Array("0123456789abcdef".utf8)
        for row in 0..<batch.rowCount {
            if let first {
                buffer.writeString(String(first + Int64(row)))
                if !texts.isEmpty { buffer.writeInteger(UInt8(ascii: "\t")) }
            }
            for (index, column) in texts.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                guard !column.isNull(row) else {
                    buffer.writeStaticString("\\N")
                    continue
                }
                column.withBytes { offsets, bytes, _ in
                    let start = Int(offsets[row]), end = Int(offsets[row + 1])
                    if column.type == .binary {
                        buffer.writeStaticString("\\\\x")
                        for position in start..<end {
                            buffer.writeInteger(hex[Int(bytes[position] >> 4)])
                            buffer.writeInteger(hex[Int(bytes[position] & 0x0F)])
                        }
                        return
                    }
                    for position in start..<end {
                        switch bytes[position] {
                        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                        default: buffer.writeInteger(bytes[position])
                        }
                    }
                }
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }
}
