
/// Reads the encapsulated messages of an Arrow IPC stream, one after another.
///
/// Framing of one message: the continuation marker `0xFFFFFFFF`, an `Int32` metadata length (the
/// flatbuffer plus padding to 8 bytes), the `Message` flatbuffer, then `bodyLength` body bytes. A
/// metadata length of 0 is the end-of-stream marker. Streams from before Arrow 0.15 omit the
/// continuation marker; those are read too.
package struct ArrowStreamReader {
    private let input: UnsafeRawBufferPointer
    /// The byte offset of the next message.
    private(set) var position = 0

    init(_ input: UnsafeRawBufferPointer) {
        self.input = input
    }

    /// The next message and the range of its body in the input, or nil at the end-of-stream marker
    /// or at the end of the input.
    /// - Throws: `DataFlowError` (`.parse`) for a truncated or malformed message.
    mutating func next() throws -> (message: ArrowMessage, body: Range<Int>)? {
        guard position < input.count else { return nil }
        let start = position
        var length = try int32(at: position)
        position += 4
        if length == -1 {
            length = try int32(at: position)
            position += 4
        }
        if length == 0 { return nil }
        guard length > 0, length <= input.count - position else {
            throw truncated("message metadata of \(length) bytes", at: start)
        }
        let metadata = Array(input[position..<position + Int(length)])
        position += Int(length)
        let message: ArrowMessage
        do {
            message = try ArrowMessage(metadata: metadata)
        } catch var error as DataFlowError {
            error.location = error.location ?? ErrorLocation(byteOffset: start)
            throw error
        }
        guard message.bodyLength <= input.count - position else {
            throw truncated("message body of \(message.bodyLength) bytes", at: position)
        }
        let body = position..<position + message.bodyLength
        position = body.upperBound
        return (message, body)
    }

    private func int32(at offset: Int) throws -> Int32 {
        guard offset <= input.count - 4, let base = input.baseAddress else { throw truncated("message length prefix", at: offset) }
        return Int32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    private func truncated(_ what: String, at offset: Int) -> DataFlowError {
        DataFlowError(.parse, "Arrow IPC stream is truncated or malformed: \(what) does not fit the \(input.count - offset) bytes left",
                      location: ErrorLocation(byteOffset: offset))
    }
}

extension ArrowStreamReader {
    /// Decodes a whole stream: the schema message, then every record batch message up to the
    /// end-of-stream marker (or the end of the input).
    /// - Throws: `DataFlowError` (`.parse`) for malformed input, (`.notImplemented`) for what
    ///   DataFlow does not read (dictionaries, unions, ZSTD bodies without `zstd`, big-endian data).
    package static func readStream(_ input: UnsafeRawBufferPointer, zstd: ArrowZstdDecoder?) throws -> (schema: Schema, batches: [RecordBatch]) {
        var reader = ArrowStreamReader(input)
        guard let (first, _) = try reader.next() else {
            throw DataFlowError(.parse, "Arrow IPC stream is empty: it has no schema message", location: ErrorLocation(byteOffset: 0))
        }
        guard case let .schema(arrowSchema) = first.header else {
            throw DataFlowError(.parse, "Arrow IPC stream does not start with a schema message", location: ErrorLocation(byteOffset: 0))
        }
        let schema = try arrowSchema.dataFlowSchema()
        let decoder = ArrowRecordBatchDecoder(fields: arrowSchema.fields, schema: schema, zstd: zstd)
        var batches: [RecordBatch] = []
        var start = reader.position
        while let (message, body) = try reader.next() {
            switch message.header {
            case let .recordBatch(header):
                batches.append(try decoder.decode(header, body: UnsafeRawBufferPointer(rebasing: input[body]), bodyOffset: body.lowerBound))
            case .dictionaryBatch:
                throw DataFlowError(.notImplemented, "Arrow IPC: dictionary batches are not supported", location: ErrorLocation(byteOffset: start))
            case .schema:
                throw DataFlowError(.parse, "Arrow IPC stream has a second schema message", location: ErrorLocation(byteOffset: start))
            case let .other(tag):
                throw DataFlowError(.notImplemented, "Arrow IPC: message type \(tag) (tensors) is not supported", location: ErrorLocation(byteOffset: start))
            }
            start = reader.position
        }
        return (schema, batches)
    }
}
