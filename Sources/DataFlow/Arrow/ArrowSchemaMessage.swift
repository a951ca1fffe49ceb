
/// One top-level field of an Arrow schema, as far as DataFlow reads it.
struct ArrowField {
    var name: String
    var nullable: Bool
    var type: ArrowType
    /// Whether the field carries a `DictionaryEncoding` (its values come in dictionary batches).
    var isDictionaryEncoded: Bool

    /// The DataFlow field this Arrow field is read as.
    /// - Throws: `DataFlowError` (`.notImplemented`) naming the field when its type (or its
    ///   dictionary encoding) has no DataFlow equivalent.
    func dataFlowField() throws -> Field {
        if isDictionaryEncoded {
            throw ArrowType.unsupported(field: name, "is dictionary-encoded (values of Arrow type \(type)), which DataFlow does not read")
        }
        return Field(name, try type.dataFlowType(field: name), nullable: nullable)
    }
}

/// The `Schema` table of Schema.fbs (slots: endianness 0, fields 1, custom_metadata 2, features 3)
/// and its `Field` tables (slots: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5,
/// custom_metadata 6).
struct ArrowSchemaMessage {
    var fields: [ArrowField]
    /// Whether the buffers are big-endian (DataFlow reads only little-endian streams).
    var isBigEndian: Bool

    /// Decodes a `Schema` table.
    init(_ table: FlatBufferTable) throws {
        isBigEndian = try table.scalar(0, default: Int16(0)) == 1
        fields = []
        guard let list = try table.vector(1, elementSize: 4) else { return }
        fields.reserveCapacity(list.count)
        for index in 0..<list.count {
            let field = try list.table(index)
            let name = try field.string(0) ?? ""
            let type = try ArrowType(tag: try field.scalar(2, default: UInt8(0)), table: try field.table(3))
            fields.append(ArrowField(name: name, nullable: try field.bool(1), type: type, isDictionaryEncoded: try field.fieldPosition(4) != nil))
        }
    }

    /// The DataFlow schema of these fields.
    /// - Throws: `DataFlowError` (`.notImplemented`) for big-endian data or a field DataFlow cannot read.
    func dataFlowSchema() throws -> Schema {
        guard !isBigEndian else { throw DataFlowError(.notImplemented, "Arrow IPC: big-endian streams are not supported") }
        return Schema(try fields.map { try $0.dataFlowField() })
    }

    /// The `Schema` table for `schema`: little-endian, no metadata.
    static func encode(_ schema: Schema) -> FlatBufferObject {
        .table([
            .int16(0),
            .object(.tables(schema.fields.map { field in
                let type = ArrowType(writing: field.type).encoded
                return .table([.object(.string(field.name)), .bool(field.nullable), .int8(type.tag), .object(type.table), .absent,
                               .object(.tables([]))])
            })),
        ])
    }
}
