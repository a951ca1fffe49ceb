/// `DataPageHeader` (v1): values with levels inside the compressed body.
struct DataPageHeader: Sendable {
    var valueCount: Int32
    var encoding: ParquetEncoding
    var definitionLevelEncoding: ParquetEncoding
    var repetitionLevelEncoding: ParquetEncoding
    var statistics: ParquetStatistics?
}

/// `DataPageHeaderV2`: levels stored uncompressed before the (optionally compressed) values.
struct DataPageHeaderV2: Sendable {
    var valueCount: Int32
    var nullCount: Int32
    var rowCount: Int32
    var encoding: ParquetEncoding
    var definitionLevelsByteLength: Int32
    var repetitionLevelsByteLength: Int32
    var isCompressed = true
    var statistics: ParquetStatistics?
}

/// `DictionaryPageHeader`.
struct DictionaryPageHeader: Sendable {
    var valueCount: Int32
    var encoding: ParquetEncoding
}

/// `PageHeader`: the Thrift header before every page of a column chunk.
struct PageHeader: Sendable {
    var type: Int32
    var uncompressedSize: Int32
    var compressedSize: Int32
    /// The CRC-32 of the page's bytes after the header, as stored in the file, when the writer
    /// recorded one.
    var crc: UInt32?
    var dataPage: DataPageHeader?
    var dictionaryPage: DictionaryPageHeader?
    var dataPageV2: DataPageHeaderV2?

    init(type: ParquetPageType, uncompressedSize: Int32, compressedSize: Int32) {
        self.type = type.rawValue
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
    }

    init(from reader: inout ThriftCompactReader) throws {
        var type: Int32?, uncompressed: Int32?, compressed: Int32?, crc: UInt32?
        var data: DataPageHeader?, dictionary: DictionaryPageHeader?, v2: DataPageHeaderV2?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): type = try reader.readI32()
            case (2, .i32): uncompressed = try reader.readI32()
            case (3, .i32): compressed = try reader.readI32()
            case (4, .i32): crc = UInt32(bitPattern: try reader.readI32())
            case (5, .structure):
                var header = DataPageHeader(valueCount: -1, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .i32): header.valueCount = try reader.readI32()
                    case (2, .i32): header.encoding = ParquetEncoding(rawValue: try reader.readI32())
                    case (3, .i32): header.definitionLevelEncoding = ParquetEncoding(rawValue: try reader.readI32())
                    case (4, .i32): header.repetitionLevelEncoding = ParquetEncoding(rawValue: try reader.readI32())
                    case (5, .structure): header.statistics = try ParquetStatistics(from: &reader)
                    default: return false
                    }
                    return true
                }
                data = header
            case (7, .structure):
                var header = DictionaryPageHeader(valueCount: -1, encoding: .plain)
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .i32): header.valueCount = try reader.readI32()
                    case (2, .i32): header.encoding = ParquetEncoding(rawValue: try reader.readI32())
                    default: return false
                    }
                    return true
                }
                dictionary = header
            case (8, .structure):
                var header = DataPageHeaderV2(valueCount: -1, nullCount: 0, rowCount: -1, encoding: .plain,
                                              definitionLevelsByteLength: 0, repetitionLevelsByteLength: 0)
                try reader.readStruct { reader, field in
                    switch (field.id, field.type) {
                    case (1, .i32): header.valueCount = try reader.readI32()
                    case (2, .i32): header.nullCount = try reader.readI32()
                    case (3, .i32): header.rowCount = try reader.readI32()
                    case (4, .i32): header.encoding = ParquetEncoding(rawValue: try reader.readI32())
                    case (5, .i32): header.definitionLevelsByteLength = try reader.readI32()
                    case (6, .i32): header.repetitionLevelsByteLength = try reader.readI32()
                    case (7, .boolTrue), (7, .boolFalse): header.isCompressed = field.type == .boolTrue
                    case (8, .structure): header.statistics = try ParquetStatistics(from: &reader)
                    default: return false
                    }
                    return true
                }
                v2 = header
            default: return false
            }
            return true
        }
        guard let type, let uncompressed, let compressed, uncompressed >= 0, compressed >= 0 else {
            throw reader.corrupt("page header without a valid type or sizes")
        }
        self.type = type
        uncompressedSize = uncompressed
        compressedSize = compressed
        self.crc = crc
        dataPage = data
        dictionaryPage = dictionary
        dataPageV2 = v2
    }

    func encoded() -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeStructValue { writer in
            writer.writeI32(1, type)
            writer.writeI32(2, uncompressedSize)
            writer.writeI32(3, compressedSize)
            if let crc { writer.writeI32(4, Int32(bitPattern: crc)) }
            if let dataPage {
                writer.writeStruct(5) { writer in
                    writer.writeI32(1, dataPage.valueCount)
                    writer.writeI32(2, dataPage.encoding.rawValue)
                    writer.writeI32(3, dataPage.definitionLevelEncoding.rawValue)
                    writer.writeI32(4, dataPage.repetitionLevelEncoding.rawValue)
                }
            }
            if let dictionaryPage {
                writer.writeStruct(7) { writer in
                    writer.writeI32(1, dictionaryPage.valueCount)
                    writer.writeI32(2, dictionaryPage.encoding.rawValue)
                }
            }
            if let dataPageV2 {
                writer.writeStruct(8) { writer in
                    writer.writeI32(1, dataPageV2.valueCount)
                    writer.writeI32(2, dataPageV2.nullCount)
                    writer.writeI32(3, dataPageV2.rowCount)
                    writer.writeI32(4, dataPageV2.encoding.rawValue)
                    writer.writeI32(5, dataPageV2.definitionLevelsByteLength)
                    writer.writeI32(6, dataPageV2.repetitionLevelsByteLength)
                    writer.writeBool(7, dataPageV2.isCompressed)
                }
            }
        }
        return writer.bytes
    }
}
