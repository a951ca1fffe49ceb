
/// One field of an Arrow schema, as far as DataFlow reads it, with the fields nested in it.
struct ArrowField {
    var name: String
    var nullable: Bool
    var type: ArrowType
    /// Whether the field carries a `DictionaryEncoding` (its values come in dictionary batches).
    var isDictionaryEncoded: Bool
    /// A list's element, a map's entries struct, a struct's fields.
    var children: [ArrowField] = []

    /// The DataFlow field this Arrow field is read as; `parent` is the path of the field it is
    /// nested in, for messages.
    /// - Throws: `DataFlowError` (`.notImplemented`) naming the field (as `parent.name`) when its
    ///   type (or its dictionary encoding) has no DataFlow equivalent.
    func dataFlowField(in parent: String? = nil) throws -> Field {
        let path = parent.map { "\($0).\(name)" } ?? name
        if isDictionaryEncoded {
            throw ArrowType.unsupported(field: path, "is dictionary-encoded (values of Arrow type \(type)), which DataFlow does not read")
        }
        return Field(name, try dataFlowType(path: path), nullable: nullable)
    }

    private func dataFlowType(path: String) throws -> DataType {
        switch type {
        case .list, .largeList:
            guard children.count == 1 else { throw ArrowType.unsupported(field: path, "is a \(type) of \(children.count) children") }
            return .array(try children[0].dataFlowField(in: path).type)
        case .struct:
            return .struct(try children.map { try $0.dataFlowField(in: path) })
        case .map:
            guard children.count == 1, children[0].children.count == 2 else {
                throw ArrowType.unsupported(field: path, "is a Map whose entries are not a key and a value")
            }
            let entries = children[0].children
            return .map(key: try entries[0].dataFlowField(in: path).type, value: try entries[1].dataFlowField(in: path).type)
        default:
            return try type.dataFlowType(field: path)
        }
    }

    /// Decodes a `Field` table and the fields nested in it.
    init(_ table: FlatBufferTable) throws {
        name = try table.string(0) ?? ""
        nullable = try table.bool(1)
        type = try ArrowType(tag: try table.scalar(2, default: UInt8(0)), table: try table.table(3))
        isDictionaryEncoded = try table.fieldPosition(4) != nil
        if let list = try table.vector(5, elementSize: 4) {
            children = try (0..<list.count).map { try ArrowField(try list.table($0)) }
        }
    }

    /// The `Field` table DataFlow writes for `field`, with the children its type needs.
    static func encode(_ field: Field) -> FlatBufferObject {
        let arrow = ArrowType(writing: field.type).encoded
        let children: [Field]
        switch field.type {
        case let .array(element): children = [Field("element", element)]
        case let .map(key, value):
            children = [Field("entries", .struct([Field("key", key, nullable: false), Field("value", value)]), nullable: false)]
        case let .struct(fields): children = fields
        default: children = []
        }
        return .table([.object(.string(field.name)), .bool(field.nullable), .int8(arrow.tag), .object(arrow.table), .absent,
                       .object(.tables(children.map(encode)))])
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
        for index in 0..<list.count { fields.append(try ArrowField(try list.table(index))) }
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
            .object(.tables(schema.fields.map(ArrowField.encode))),
        ])
    }
}
