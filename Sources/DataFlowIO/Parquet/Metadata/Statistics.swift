/// `Statistics` of a column chunk or page: min and max as PLAIN-encoded values (big-endian for
/// FIXED_LEN_BYTE_ARRAY decimals), and the null count.
struct ParquetStatistics: Sendable {
    /// `min_value` (or the legacy signed `min` when only that is present and the sort order allows it).
    var min: [UInt8]?
    var max: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    /// Whether min and max come from the legacy fields 1 and 2 (undefined order for byte arrays).
    var legacy = false

    init(min: [UInt8]?, max: [UInt8]?, nullCount: Int64?) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
    }

    init(from reader: inout ThriftCompactReader) throws {
        var stats = ParquetStatistics(min: nil, max: nil, nullCount: nil)
        var legacyMin: [UInt8]?, legacyMax: [UInt8]?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .binary): legacyMax = try reader.readBinary()
            case (2, .binary): legacyMin = try reader.readBinary()
            case (3, .i64): stats.nullCount = try reader.readI64()
            case (4, .i64): stats.distinctCount = try reader.readI64()
            case (5, .binary): stats.max = try reader.readBinary()
            case (6, .binary): stats.min = try reader.readBinary()
            default: return false
            }
            return true
        }
        if stats.min == nil && stats.max == nil, legacyMin != nil || legacyMax != nil {
            stats.min = legacyMin
            stats.max = legacyMax
            stats.legacy = true
        }
        self = stats
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStructValue { writer in
            if let nullCount { writer.writeI64(3, nullCount) }
            if let max { writer.writeBinary(5, max) }
            if let min { writer.writeBinary(6, min) }
        }
    }
}
