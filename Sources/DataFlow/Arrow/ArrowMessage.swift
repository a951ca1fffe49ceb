
/// The `Message` table of Message.fbs, the metadata of one encapsulated IPC message (slots: version
/// 0, header_type 1, header 2, bodyLength 3, custom_metadata 4).
struct ArrowMessage {
    /// The `MessageHeader` union.
    enum Header {
        case schema(ArrowSchemaMessage)
        case recordBatch(ArrowRecordBatchHeader)
        case dictionaryBatch
        /// Tensor, SparseTensor or an unknown tag.
        case other(tag: UInt8)
    }

    /// `MessageHeader` union tags.
    enum Tag {
        static let schema: UInt8 = 1, dictionaryBatch: UInt8 = 2, recordBatch: UInt8 = 3
    }

    /// MetadataVersion V5 (Arrow >= 1.0); V4 (0.8 to 0.17) reads the same for the types DataFlow uses.
    static let currentVersion: Int16 = 4

    var header: Header
    /// The length of the body that follows the metadata.
    var bodyLength: Int

    /// Decodes the flatbuffer `metadata` of one message.
    /// - Throws: `DataFlowError` (`.parse`) when it is malformed, (`.notImplemented`) for
    ///   pre-1.0 metadata versions.
    init(metadata: [UInt8]) throws {
        let table = try FlatBufferTable(root: metadata)
        let version = try table.scalar(0, default: Int16(0))
        guard version >= 3 else {
            throw DataFlowError(.notImplemented, "Arrow IPC: metadata version V\(version + 1) (Arrow before 0.8) is not supported")
        }
        bodyLength = Int(try table.scalar(3, default: Int64(0)))
        guard bodyLength >= 0 else { throw FlatBufferTable.malformed("negative body length \(bodyLength)") }
        let tag = try table.scalar(1, default: UInt8(0))
        switch tag {
        case Tag.schema, Tag.recordBatch:
            guard let headerTable = try table.table(2) else { throw FlatBufferTable.malformed("message without its header table") }
            header = tag == Tag.schema ? .schema(try ArrowSchemaMessage(headerTable)) : .recordBatch(try ArrowRecordBatchHeader(headerTable))
        case Tag.dictionaryBatch: header = .dictionaryBatch
        default: header = .other(tag: tag)
        }
    }

    /// The flatbuffer metadata of a message with header `header` (union tag `tag`).
    static func encode(tag: UInt8, header: FlatBufferObject, bodyLength: Int) -> [UInt8] {
        FlatBufferBuilder.serialize(.table([.int16(currentVersion), .int8(tag), .object(header), .int64(Int64(bodyLength))]))
    }
}

/// The length and null count of one column in a record batch (`FieldNode` of Message.fbs).
struct ArrowFieldNode {
    var length: Int
    var nullCount: Int
}

/// Where one buffer of a record batch lies in the message body (`Buffer` of Schema.fbs).
package struct ArrowBufferRange {
    package var offset: Int
    package var length: Int

    package init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// The `RecordBatch` table of Message.fbs (slots: length 0, nodes 1, buffers 2, compression 3,
/// variadicBufferCounts 4), with `BodyCompression` (slots: codec 0, method 1).
package struct ArrowRecordBatchHeader {
    /// Body compression codecs (`CompressionType`).
    package enum Codec {
        package static let lz4Frame: UInt8 = 0, zstd: UInt8 = 1
    }

    var length: Int
    var nodes: [ArrowFieldNode]
    var buffers: [ArrowBufferRange]
    /// The codec every buffer is compressed with, or nil for an uncompressed body.
    var compression: UInt8?

    init(length: Int, nodes: [ArrowFieldNode], buffers: [ArrowBufferRange]) {
        self.length = length
        self.nodes = nodes
        self.buffers = buffers
        compression = nil
    }

    /// Decodes a `RecordBatch` table.
    init(_ table: FlatBufferTable) throws {
        length = Int(try table.scalar(0, default: Int64(0)))
        nodes = []
        if let list = try table.vector(1, elementSize: 16) {
            nodes.reserveCapacity(list.count)
            for index in 0..<list.count {
                nodes.append(ArrowFieldNode(length: Int(try list.field(index, 0, as: Int64.self)), nullCount: Int(try list.field(index, 8, as: Int64.self))))
            }
        }
        buffers = []
        if let list = try table.vector(2, elementSize: 16) {
            buffers.reserveCapacity(list.count)
            for index in 0..<list.count {
                buffers.append(ArrowBufferRange(offset: Int(try list.field(index, 0, as: Int64.self)), length: Int(try list.field(index, 8, as: Int64.self))))
            }
        }
        if let compressionTable = try table.table(3) {
            guard try compressionTable.scalar(1, default: UInt8(0)) == 0 else {
                throw DataFlowError(.notImplemented, "Arrow IPC: body compression methods other than BUFFER are not supported")
            }
            compression = try compressionTable.scalar(0, default: Codec.lz4Frame)
        }
    }

    /// The `RecordBatch` table, with its `BodyCompression` (method BUFFER) when `compression` is set.
    func encode() -> FlatBufferObject {
        var nodeBytes: [UInt8] = []
        nodeBytes.reserveCapacity(nodes.count * 16)
        for node in nodes { nodeBytes += littleEndianBytes(Int64(node.length)) + littleEndianBytes(Int64(node.nullCount)) }
        var bufferBytes: [UInt8] = []
        bufferBytes.reserveCapacity(buffers.count * 16)
        for buffer in buffers { bufferBytes += littleEndianBytes(Int64(buffer.offset)) + littleEndianBytes(Int64(buffer.length)) }
        var fields: [FlatBufferField] = [.int64(Int64(length)), .object(.structs(bytes: nodeBytes, count: nodes.count, alignment: 8)),
                                         .object(.structs(bytes: bufferBytes, count: buffers.count, alignment: 8))]
        if let compression { fields.append(.object(.table([.int8(compression), .int8(0)]))) }
        return .table(fields)
    }
}
