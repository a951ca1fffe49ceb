/// `KeyValue`: an application-defined metadata pair of the footer.
struct ParquetKeyValue: Sendable, Equatable {
    var key: String
    var value: String?

    init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    init(from reader: inout ThriftCompactReader) throws {
        var key: String?, value: String?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .binary): key = try reader.readString()
            case (2, .binary): value = try reader.readString()
            default: return false
            }
            return true
        }
        guard let key else { throw reader.corrupt("key-value metadata without a key") }
        self.init(key: key, value: value)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            writer.writeString(1, key)
            if let value { writer.writeString(2, value) }
        }
    }
}

/// `PageEncodingStats`: how many pages of one type a column chunk holds in one encoding.
struct ParquetPageEncodingStats: Sendable, Equatable {
    /// The `PageType`, kept as its number.
    var pageType: Int32
    var encoding: ParquetEncoding
    var count: Int32

    /// Whether the pages are data pages (v1 or v2).
    var isDataPage: Bool { pageType == ParquetPageType.dataPage.rawValue || pageType == ParquetPageType.dataPageV2.rawValue }
}

extension ParquetPageEncodingStats {
    init(from reader: inout ThriftCompactReader) throws {
        var type: Int32?, encoding: ParquetEncoding?, count: Int32?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): type = try reader.readI32()
            case (2, .i32): encoding = ParquetEncoding(rawValue: try reader.readI32())
            case (3, .i32): count = try reader.readI32()
            default: return false
            }
            return true
        }
        guard let type, let encoding, let count else { throw reader.corrupt("page encoding stats lack the page type, encoding or count") }
        self.init(pageType: type, encoding: encoding, count: count)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            writer.writeI32(1, pageType)
            writer.writeI32(2, encoding.rawValue)
            writer.writeI32(3, count)
        }
    }
}

/// `ColumnMetaData`: where one column chunk's pages are and how they are encoded.
struct ColumnMetaData: Sendable {
    var type: ParquetPhysicalType
    var encodings: [ParquetEncoding]
    var path: [String]
    var codec: ParquetCodec
    var valueCount: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ParquetStatistics?
    /// Pages per type and encoding, when the writer recorded them (nil otherwise).
    var encodingStats: [ParquetPageEncodingStats]?

    init(type: ParquetPhysicalType, encodings: [ParquetEncoding], path: [String], codec: ParquetCodec, valueCount: Int64,
         totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64, dictionaryPageOffset: Int64?,
         statistics: ParquetStatistics?, encodingStats: [ParquetPageEncodingStats]? = nil) {
        self.type = type
        self.encodings = encodings
        self.path = path
        self.codec = codec
        self.valueCount = valueCount
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
    }

    /// The file offset of the chunk's first page: its dictionary page when it has one, else its
    /// first data page.
    var chunkStart: Int64 {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset { return dictionaryPageOffset }
        return dataPageOffset
    }

    init(from reader: inout ThriftCompactReader) throws {
        var type: ParquetPhysicalType?, codec: ParquetCodec?, valueCount: Int64?, dataPageOffset: Int64?
        var encodings: [ParquetEncoding] = [], path: [String] = []
        var uncompressed: Int64 = 0, compressed: Int64?, dictionaryOffset: Int64?, statistics: ParquetStatistics?
        var encodingStats: [ParquetPageEncodingStats]?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let raw = try reader.readI32()
                guard let value = ParquetPhysicalType(rawValue: raw) else { throw reader.corrupt("unknown physical type \(raw)") }
                type = value
            case (2, .list): encodings = try reader.readList { reader, _ in ParquetEncoding(rawValue: try reader.readI32()) }
            case (3, .list): path = try reader.readList { reader, _ in try reader.readString() }
            case (4, .i32): codec = ParquetCodec(rawValue: try reader.readI32())
            case (5, .i64): valueCount = try reader.readI64()
            case (6, .i64): uncompressed = try reader.readI64()
            case (7, .i64): compressed = try reader.readI64()
            case (9, .i64): dataPageOffset = try reader.readI64()
            case (11, .i64): dictionaryOffset = try reader.readI64()
            case (12, .structure): statistics = try ParquetStatistics(from: &reader)
            case (13, .list): encodingStats = try reader.readList { reader, _ in try ParquetPageEncodingStats(from: &reader) }
            default: return false
            }
            return true
        }
        guard let type, let codec, let valueCount, let dataPageOffset, let compressed else {
            throw reader.corrupt("column metadata lacks its type, codec, value count, sizes or data page offset")
        }
        self.init(type: type, encodings: encodings, path: path, codec: codec, valueCount: valueCount, totalUncompressedSize: uncompressed,
                  totalCompressedSize: compressed, dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryOffset, statistics: statistics,
                  encodingStats: encodingStats)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            writer.writeI32(1, type.rawValue)
            writer.writeListHeader(2, .i32, count: encodings.count)
            for encoding in encodings { writer.writeZigzag(Int64(encoding.rawValue)) }
            writer.writeListHeader(3, .binary, count: path.count)
            for name in path { writer.writeBinaryValue(Array(name.utf8)) }
            writer.writeI32(4, codec.rawValue)
            writer.writeI64(5, valueCount)
            writer.writeI64(6, totalUncompressedSize)
            writer.writeI64(7, totalCompressedSize)
            writer.writeI64(9, dataPageOffset)
            if let dictionaryPageOffset { writer.writeI64(11, dictionaryPageOffset) }
            if let statistics {
                writer.fieldHeader(12, .structure)
                statistics.write(to: &writer)
            }
            if let encodingStats {
                writer.writeListHeader(13, .structure, count: encodingStats.count)
                for stats in encodingStats { stats.write(to: &writer) }
            }
        }
    }
}

/// `ColumnChunk`: one column of one row group.
struct ColumnChunk: Sendable {
    var filePath: String?
    var fileOffset: Int64
    var metadata: ColumnMetaData?

    init(fileOffset: Int64, metadata: ColumnMetaData) {
        self.fileOffset = fileOffset
        self.metadata = metadata
    }

    init(from reader: inout ThriftCompactReader) throws {
        var filePath: String?, fileOffset: Int64 = 0, metadata: ColumnMetaData?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .binary): filePath = try reader.readString()
            case (2, .i64): fileOffset = try reader.readI64()
            case (3, .structure): metadata = try ColumnMetaData(from: &reader)
            default: return false
            }
            return true
        }
        self.filePath = filePath
        self.fileOffset = fileOffset
        self.metadata = metadata
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            writer.writeI64(2, fileOffset)
            if let metadata {
                writer.fieldHeader(3, .structure)
                metadata.write(to: &writer)
            }
        }
    }
}

/// `RowGroup`: a horizontal slice of the file, one column chunk per leaf column.
struct RowGroup: Sendable {
    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var rowCount: Int64

    init(columns: [ColumnChunk], totalByteSize: Int64, rowCount: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.rowCount = rowCount
    }

    /// The file offset of the row group's middle byte (its first page plus half its compressed
    /// size), which decides the byte range, and so the scan task, it belongs to (as in parquet-mr).
    var midpoint: Int {
        let start = columns.first?.metadata?.chunkStart ?? 0
        let size = columns.reduce(Int64(0)) { $0 &+ max(0, $1.metadata?.totalCompressedSize ?? 0) }
        let (middle, overflow) = max(0, start).addingReportingOverflow(max(0, size) / 2)
        return overflow ? Int.max : Int(clamping: middle)
    }

    init(from reader: inout ThriftCompactReader) throws {
        var columns: [ColumnChunk] = [], size: Int64 = 0, rows: Int64?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .list): columns = try reader.readList { reader, _ in try ColumnChunk(from: &reader) }
            case (2, .i64): size = try reader.readI64()
            case (3, .i64): rows = try reader.readI64()
            default: return false
            }
            return true
        }
        guard let rows, rows >= 0 else { throw reader.corrupt("row group without a valid row count") }
        self.init(columns: columns, totalByteSize: size, rowCount: rows)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            writer.writeListHeader(1, .structure, count: columns.count)
            for column in columns { column.write(to: &writer) }
            writer.writeI64(2, totalByteSize)
            writer.writeI64(3, rowCount)
        }
    }
}

/// `FileMetaData`: the footer: schema, row groups, row count and key-value metadata.
struct FileMetaData: Sendable {
    var version: Int32
    var schema: [SchemaElement]
    var rowCount: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [ParquetKeyValue]
    var createdBy: String?
    /// Per leaf column, whether `column_orders` declares TYPE_DEFINED_ORDER for its statistics
    /// (empty when the footer has no column orders: only the legacy signed min/max are meaningful).
    var typeDefinedOrders: [Bool] = []

    init(version: Int32, schema: [SchemaElement], rowCount: Int64, rowGroups: [RowGroup], keyValueMetadata: [ParquetKeyValue], createdBy: String?) {
        self.version = version
        self.schema = schema
        self.rowCount = rowCount
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
    }

    init(from reader: inout ThriftCompactReader) throws {
        var version: Int32 = 1, schema: [SchemaElement] = [], rows: Int64?, groups: [RowGroup] = []
        var keyValues: [ParquetKeyValue] = [], createdBy: String?, orders: [Bool] = []
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): version = try reader.readI32()
            case (2, .list): schema = try reader.readList { reader, _ in try SchemaElement(from: &reader) }
            case (3, .i64): rows = try reader.readI64()
            case (4, .list): groups = try reader.readList { reader, _ in try RowGroup(from: &reader) }
            case (5, .list): keyValues = try reader.readList { reader, _ in try ParquetKeyValue(from: &reader) }
            case (6, .binary): createdBy = try reader.readString()
            case (7, .list):
                // ColumnOrder is a union whose member 1 is TypeDefinedOrder; other members are unknown orders.
                orders = try reader.readList { reader, _ in
                    var typeDefined = false
                    try reader.readStruct { reader, field in
                        if field.id == 1 && field.type == .structure { typeDefined = true }
                        return false
                    }
                    return typeDefined
                }
            default: return false
            }
            return true
        }
        guard let rows, !schema.isEmpty else { throw reader.corrupt("file metadata without a schema or row count") }
        self.init(version: version, schema: schema, rowCount: rows, rowGroups: groups, keyValueMetadata: keyValues, createdBy: createdBy)
        typeDefinedOrders = orders
    }

    /// The encoded footer; every leaf column declares the type-defined sort order for its statistics.
    func encoded() -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.writeStructValue { writer in
            writer.writeI32(1, version)
            writer.writeListHeader(2, .structure, count: schema.count)
            for element in schema { element.write(to: &writer) }
            writer.writeI64(3, rowCount)
            writer.writeListHeader(4, .structure, count: rowGroups.count)
            for group in rowGroups { group.write(to: &writer) }
            if !keyValueMetadata.isEmpty {
                writer.writeListHeader(5, .structure, count: keyValueMetadata.count)
                for pair in keyValueMetadata { pair.write(to: &writer) }
            }
            if let createdBy { writer.writeString(6, createdBy) }
            let leaves = schema.filter { $0.type != nil }.count
            writer.writeListHeader(7, .structure, count: leaves)
            for _ in 0..<leaves {
                // ColumnOrder union, member 1: TypeDefinedOrder (an empty struct).
                writer.writeStructValue { writer in writer.writeStruct(1) { _ in } }
            }
        }
        return writer.bytes
    }
}
