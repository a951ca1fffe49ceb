import DataFlow
import NIOCore

/// Rows in the text format of `COPY … FROM STDIN`: tab-separated fields, one line per row, `\N`
/// for null, backslash escapes for backslash, tab, newline and carriage return; bytea as `\\x` and
/// hex. Columns are formatted as text once per batch (timestamps as UTC wall time: the load's
/// session runs in UTC), then laid out row by row.
enum PostgresCopyText {
    static let timestampFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"

    /// One column's text, as pointers valid while the column lives.
    private struct Field {
        let offsets: UnsafeBufferPointer<Int32>
        let bytes: UnsafePointer<UInt8>
        let valid: BitView
        let isBinary: Bool
    }

    /// The lines of `batch`'s rows, each prefixed with its sequence number from `first` when given.
    /// - Throws: `DataFlowError` when a column cannot be formatted.
    static func encode(_ batch: RecordBatch, sequenceFrom first: Int64? = nil) throws -> ByteBuffer {
        let formatter = try TextColumnFormatter(timestampFormat: timestampFormat, timeZone: .utc)
        let texts = try batch.columns.map { $0.type == .binary ? $0 : try formatter.format($0) }
        return withExtendedLifetime(texts) {
            let fields = texts.map { column in column.withBytes { Field(offsets: $0, bytes: $1, valid: $2, isBinary: column.type == .binary) } }
            let textBytes = fields.reduce(0) { $0 + Int($1.offsets[batch.rowCount] - $1.offsets[0]) * ($1.isBinary ? 2 : 1) }
            var buffer = ByteBufferAllocator().buffer(capacity: textBytes + batch.rowCount * (fields.count + 12))
            for row in 0..<batch.rowCount {
                if let first {
                    writeDecimal(first + Int64(row), into: &buffer)
                    if !fields.isEmpty { buffer.writeInteger(UInt8(ascii: "\t")) }
                }
                for (index, field) in fields.enumerated() {
                    if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    guard field.valid[row] else {
                        buffer.writeStaticString("\\N")
                        continue
                    }
                    let value = UnsafeBufferPointer(start: field.bytes + Int(field.offsets[row]), count: Int(field.offsets[row + 1] - field.offsets[row]))
                    if field.isBinary { writeHex(value, into: &buffer) } else { writeEscaped(value, into: &buffer) }
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
            return buffer
        }
    }

    /// `value` with COPY's backslash escapes, written in runs between the bytes that need one.
    private static func writeEscaped(_ value: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) {
        var start = 0
        for position in 0..<value.count {
            let escape: StaticString
            switch value[position] {
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\t"): escape = "\\t"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(value)[start..<position]))
            buffer.writeStaticString(escape)
            start = position + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(value)[start..<value.count]))
    }

    /// A non-negative integer's digits, most significant first.
    private static func writeDecimal(_ value: Int64, into buffer: inout ByteBuffer) {
        let value = UInt64(max(0, value))
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// bytea as `\\x` and two hex digits per byte.
    private static func writeHex(_ value: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) {
        let digits: StaticString = "0123456789abcdef"
        buffer.writeStaticString("\\\\x")
        digits.withUTF8Buffer { hex in
            for byte in value {
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0x0F)])
            }
        }
    }
}
