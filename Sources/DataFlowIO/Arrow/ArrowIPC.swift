import DataFlow
import Foundation

/// Reads and writes the Arrow IPC *stream* format (a schema message, record batch messages, an
/// end-of-stream marker), as Spark Connect uses for query results and local relations.
///
/// Types: boolean = Bool, int32 = Int(32, signed), int64 = Int(64, signed), float64 =
/// FloatingPoint(DOUBLE), string = Utf8, binary = Binary, date = Date(DAY), timestamp =
/// Timestamp(MICROSECOND, "UTC"), decimal(p, s) = Decimal(p, s, 128), null = Null. Reading also
/// widens Int8/Int16/UInt8/UInt16 to int32, UInt32 to int64, FloatingPoint(SINGLE) to float64,
/// LargeUtf8 and LargeBinary to string and binary, Date(MILLISECOND) to date, Decimal of 32 or 64
/// bits to decimal, and Timestamp of any unit and any or no zone to timestamp (a value without a
/// zone, Spark's TimestampNTZ, is taken as UTC). Dictionary-encoded fields, nested types and the
/// rest are refused by name. ZSTD- and LZ4_FRAME-compressed bodies are read; streams are written
/// uncompressed.
/// Buffers are copied as they are, so the host must be little-endian (as every platform DataFlow
/// runs on is).
public enum ArrowIPC {
    /// Decodes a whole stream: its schema and its record batches, as DataFlow batches.
    /// - Complexity: O(bytes): buffers are copied in bulk, converted types in one loop per column.
    /// - Throws: `DataFlowError`: `.parse` for truncated or malformed input (naming the byte offset
    ///   and, where known, the field), `.notImplemented` for Arrow types or features DataFlow does
    ///   not read (naming the field and the Arrow type).
    public static func readStream(_ bytes: [UInt8]) throws -> (schema: Schema, batches: [RecordBatch]) {
        try bytes.withUnsafeBytes { try ArrowStreamReader.readStream($0, zstd: zstd) }
    }

    /// Decodes a whole stream held in `data`; see `readStream(_:)` for `[UInt8]`.
    /// - Throws: `DataFlowError` as `readStream(_:)` for `[UInt8]`.
    public static func readStream(_ data: Data) throws -> (schema: Schema, batches: [RecordBatch]) {
        try data.withUnsafeBytes { try ArrowStreamReader.readStream($0, zstd: zstd) }
    }

    /// Encodes a schema and batches as one IPC stream (schema message, one record batch message per
    /// batch, end-of-stream marker). Field names and nullability come from `schema`; sliced columns
    /// write only their own rows.
    /// - Complexity: O(bytes written).
    /// - Throws: `DataFlowError` (`.invalidArgument`) when a batch's column types differ from `schema`.
    public static func writeStream(schema: Schema, batches: [RecordBatch]) throws -> [UInt8] {
        try ArrowStreamWriter.write(schema: schema, batches: batches)
    }

    /// The zstd block codec for compressed record batch bodies.
    private static let zstd: ArrowZstdDecoder = { try CompressionCodec.zstd.decompress($0, uncompressedSize: $1) }
}
