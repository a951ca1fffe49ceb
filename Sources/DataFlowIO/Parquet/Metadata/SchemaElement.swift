/// The unit of a TIME or TIMESTAMP logical type.
enum ParquetTimeUnit: Sendable, Equatable {
    case millis, micros, nanos

    /// The union field id of the unit in `TimeUnit`.
    var fieldID: Int16 {
        switch self {
        case .millis: return 1
        case .micros: return 2
        case .nanos: return 3
        }
    }
}

/// `LogicalType`: the annotation that says how to interpret a physical type.
enum ParquetLogicalType: Sendable, Equatable {
    case string, map, list, enumeration, decimal(scale: Int32, precision: Int32), date
    case time(adjustedToUTC: Bool, unit: ParquetTimeUnit)
    case timestamp(adjustedToUTC: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    case null, json, bson, uuid, float16
    /// A union member this reader does not know (its field id).
    case other(Int16)

    /// Decodes the `LogicalType` union.
    init(from reader: inout ThriftCompactReader) throws {
        var result: ParquetLogicalType?
        try reader.readStruct { reader, field in
            guard field.type == .structure else { return false }
            switch field.id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 5:
                var scale: Int32 = 0, precision: Int32?
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .i32): scale = try reader.readI32()
                    case (2, .i32): precision = try reader.readI32()
                    default: return false
                    }
                    return true
                }
                guard let precision else { throw reader.corrupt("DECIMAL logical type without a precision") }
                result = .decimal(scale: scale, precision: precision)
                return true
            case 6: result = .date
            case 7, 8:
                var utc = false, unit = ParquetTimeUnit.micros
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .boolTrue), (1, .boolFalse): utc = field.type == .boolTrue
                    case (2, .structure): unit = try Self.readUnit(&reader)
                    default: return false
                    }
                    return true
                }
                result = field.id == 7 ? .time(adjustedToUTC: utc, unit: unit) : .timestamp(adjustedToUTC: utc, unit: unit)
                return true
            case 10:
                var width: Int8 = 64, signed = true
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .byte): width = Int8(truncatingIfNeeded: try reader.readByte())
                    case (2, .boolTrue), (2, .boolFalse): signed = field.type == .boolTrue
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: width, signed: signed)
                return true
            case 11: result = .null
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: result = .other(field.id)
            }
            try reader.skip(.structure)
            return true
        }
        guard let result else { throw reader.corrupt("empty LogicalType union") }
        self = result
    }

    private static func readUnit(_ reader: inout ThriftCompactReader) throws -> ParquetTimeUnit {
        var unit = ParquetTimeUnit.micros
        try reader.readStruct { reader, field in
            guard field.type == .structure else { return false }
            switch field.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: return false
            }
            try reader.skip(.structure)
            return true
        }
        return unit
    }

    /// Encodes the union (only the members DataFlow writes).
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            switch self {
            case .string: writer.writeStruct(1) { _ in }
            case .map: writer.writeStruct(2) { _ in }
            case .list: writer.writeStruct(3) { _ in }
            case let .decimal(scale, precision):
                writer.writeStruct(5) { writer in
                    writer.writeI32(1, scale)
                    writer.writeI32(2, precision)
                }
            case .date: writer.writeStruct(6) { _ in }
            case let .timestamp(utc, unit):
                writer.writeStruct(8) { writer in
                    writer.writeBool(1, utc)
                    writer.writeStruct(2) { writer in writer.writeStruct(unit.fieldID) { _ in } }
                }
            default: break
            }
        }
    }
}

/// `SchemaElement`: one node of the flattened schema tree (the root, groups, and leaf columns).
struct SchemaElement: Sendable {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name: String
    var childCount: Int32?
    var convertedType: ParquetConvertedType?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: ParquetLogicalType?

    init(name: String, type: ParquetPhysicalType? = nil, typeLength: Int32? = nil, repetition: ParquetRepetition? = nil,
         childCount: Int32? = nil, convertedType: ParquetConvertedType? = nil, scale: Int32? = nil, precision: Int32? = nil,
         logicalType: ParquetLogicalType? = nil) {
        self.name = name
        self.type = type
        self.typeLength = typeLength
        self.repetition = repetition
        self.childCount = childCount
        self.convertedType = convertedType
        self.scale = scale
        self.precision = precision
        self.logicalType = logicalType
    }

    init(from reader: inout ThriftCompactReader) throws {
        var element = SchemaElement(name: "")
        var hasName = false
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let raw = try reader.readI32()
                guard let type = ParquetPhysicalType(rawValue: raw) else { throw reader.corrupt("unknown physical type \(raw)") }
                element.type = type
            case (2, .i32): element.typeLength = try reader.readI32()
            case (3, .i32):
                let raw = try reader.readI32()
                guard let repetition = ParquetRepetition(rawValue: raw) else { throw reader.corrupt("unknown repetition type \(raw)") }
                element.repetition = repetition
            case (4, .binary):
                element.name = try reader.readString()
                hasName = true
            case (5, .i32): element.childCount = try reader.readI32()
            case (6, .i32): element.convertedType = ParquetConvertedType(rawValue: try reader.readI32())
            case (7, .i32): element.scale = try reader.readI32()
            case (8, .i32): element.precision = try reader.readI32()
            case (9, .i32): element.fieldID = try reader.readI32()
            case (10, .structure): element.logicalType = try ParquetLogicalType(from: &reader)
            default: return false
            }
            return true
        }
        guard hasName else { throw reader.corrupt("schema element without a name") }
        self = element
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            if let type { writer.writeI32(1, type.rawValue) }
            if let typeLength { writer.writeI32(2, typeLength) }
            if let repetition { writer.writeI32(3, repetition.rawValue) }
            writer.writeString(4, name)
            if let childCount { writer.writeI32(5, childCount) }
            if let convertedType { writer.writeI32(6, convertedType.rawValue) }
            if let scale { writer.writeI32(7, scale) }
            if let precision { writer.writeI32(8, precision) }
            if let fieldID { writer.writeI32(9, fieldID) }
            if let logicalType {
                writer.fieldHeader(10, .structure)
                logicalType.write(to: &writer)
            }
        }
    }
}
