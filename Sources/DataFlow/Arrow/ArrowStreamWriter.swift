
/// Writes an Arrow IPC stream: the schema message, one record batch message per batch, then the
/// end-of-stream marker, each message framed as continuation marker, padded metadata length,
/// metadata, padding to 8 bytes and body. Each message is sized up front and filled in one pass,
/// so a stream can also be written message by message (spill files).
package enum ArrowStreamWriter {
    /// The stream of `batches` under `schema` (field names and nullability from `schema`).
    /// - Throws: `DataFlowError` (`.invalidArgument`) when a batch's column types differ from the schema.
    package static func write(schema: Schema, batches: [RecordBatch]) throws -> [UInt8] {
        for (index, batch) in batches.enumerated() {
            let types = batch.columns.map(\.type)
            guard types == schema.fields.map(\.type) else {
                throw DataFlowError.invalidArgument("batches", "batch \(index) has column types \(types), the schema \(schema)")
            }
        }
        var stream = schemaMessage(schema)
        for batch in batches { stream += recordBatchMessage(batch) }
        return stream + endOfStream
    }

    /// The framed schema message of `schema`: the start of a stream written message by message.
    static func schemaMessage(_ schema: Schema) -> [UInt8] {
        framed(ArrowMessage.encode(tag: ArrowMessage.Tag.schema, header: ArrowSchemaMessage.encode(schema), bodyLength: 0))
    }

    /// The framed record batch message of `batch`, whose column types the stream's schema has.
    static func recordBatchMessage(_ batch: RecordBatch) -> [UInt8] {
        let encoder = ArrowRecordBatchEncoder(batch)
        let metadata = ArrowMessage.encode(tag: ArrowMessage.Tag.recordBatch, header: encoder.header.encode(), bodyLength: encoder.bodyLength)
        return [UInt8](unsafeUninitializedCapacity: framedLength(metadata) + encoder.bodyLength) { output, initialized in
            guard let base = output.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            let cursor = frame(metadata, at: base)
            encoder.writeBody(to: base + cursor)
            initialized = cursor + encoder.bodyLength
        }
    }

    /// The record batch message of `batch` with its body compressed by LZ4 (buffer by buffer, as
    /// `ArrowBodyCompression` lays out): its framed metadata, then its body, apart, so that the
    /// body is written as it is rather than copied into one message.
    /// - Throws: `DataFlowError` (`.io`) when liblz4 reports a failure.
    static func compressedRecordBatchMessage(_ batch: RecordBatch) throws -> (head: [UInt8], body: [UInt8]) {
        let encoder = ArrowRecordBatchEncoder(batch)
        var header = encoder.header
        let plain = [UInt8](unsafeUninitializedCapacity: max(encoder.bodyLength, 1)) { output, initialized in
            encoder.writeBody(to: UnsafeMutableRawPointer(output.baseAddress!))
            initialized = encoder.bodyLength
        }
        let body: [UInt8]
        (body, header.buffers) = try plain.withUnsafeBytes { try ArrowBodyCompression.compress($0, buffers: encoder.header.buffers) }
        header.compression = ArrowRecordBatchHeader.Codec.lz4Frame
        return (framed(ArrowMessage.encode(tag: ArrowMessage.Tag.recordBatch, header: header.encode(), bodyLength: body.count)), body)
    }

    /// The end-of-stream marker: the continuation marker and a zero metadata length.
    static let endOfStream: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]

    /// The framing and `metadata` of a message, without its body.
    private static func framed(_ metadata: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: framedLength(metadata)) { output, initialized in
            guard let base = output.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            initialized = frame(metadata, at: base)
        }
    }

    /// The bytes a message's framing and metadata take.
    private static func framedLength(_ metadata: [UInt8]) -> Int { 8 + (metadata.count + 7) & ~7 }

    /// Writes the framing and `metadata`; returns the bytes written.
    private static func frame(_ metadata: [UInt8], at out: UnsafeMutableRawPointer) -> Int {
        let padded = (metadata.count + 7) & ~7
        out.storeBytes(of: UInt32.max, as: UInt32.self)
        (out + 4).storeBytes(of: UInt32(padded).littleEndian, as: UInt32.self)
        metadata.withUnsafeBytes { (out + 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        (out + 8 + metadata.count).initializeMemory(as: UInt8.self, repeating: 0, count: padded - metadata.count)
        return 8 + padded
    }
}
