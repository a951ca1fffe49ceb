/// Parquet's physical types (`Type` in parquet.thrift).
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    /// The name parquet.thrift uses.
    var name: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .int32: return "INT32"
        case .int64: return "INT64"
        case .int96: return "INT96"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .byteArray: return "BYTE_ARRAY"
        case .fixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

/// `FieldRepetitionType`: whether a field is required, optional or repeated.
enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}

/// A value encoding (`Encoding`), kept as its number so that unknown ones can be named in errors.
struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    init(rawValue: Int32) { self.rawValue = rawValue }

    static let plain = ParquetEncoding(rawValue: 0)
    static let plainDictionary = ParquetEncoding(rawValue: 2)
    static let rle = ParquetEncoding(rawValue: 3)
    static let bitPacked = ParquetEncoding(rawValue: 4)
    static let deltaBinaryPacked = ParquetEncoding(rawValue: 5)
    static let deltaLengthByteArray = ParquetEncoding(rawValue: 6)
    static let deltaByteArray = ParquetEncoding(rawValue: 7)
    static let rleDictionary = ParquetEncoding(rawValue: 8)
    static let byteStreamSplit = ParquetEncoding(rawValue: 9)

    var description: String {
        let names: [Int32: String] = [0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
                                      6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"]
        return names[rawValue] ?? "encoding #\(rawValue)"
    }
}

/// A page compression codec (`CompressionCodec` in parquet.thrift), kept as its number.
struct ParquetCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    init(rawValue: Int32) { self.rawValue = rawValue }

    static let uncompressed = ParquetCodec(rawValue: 0)
    static let snappy = ParquetCodec(rawValue: 1)
    static let gzip = ParquetCodec(rawValue: 2)
    static let zstd = ParquetCodec(rawValue: 6)

    /// The block codec DataFlow implements for it, nil for LZO, BROTLI, LZ4 and unknown ones.
    var codec: CompressionCodec? {
        switch self {
        case .uncompressed: return .uncompressed
        case .snappy: return .snappy
        case .gzip: return .gzip
        case .zstd: return .zstd
        default: return nil
        }
    }

    /// The Parquet codec of a block codec.
    init(_ codec: CompressionCodec) {
        switch codec {
        case .uncompressed: self = .uncompressed
        case .snappy: self = .snappy
        case .gzip: self = .gzip
        case .zstd: self = .zstd
        }
    }

    var description: String {
        let names: [Int32: String] = [0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"]
        return names[rawValue] ?? "codec #\(rawValue)"
    }
}

/// `ConvertedType`: the legacy logical type annotation.
enum ParquetConvertedType: Int32, Sendable {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16, int32 = 17, int64 = 18
    case json = 19, bson = 20, interval = 21
}

/// `PageType`.
enum ParquetPageType: Int32, Sendable {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}
