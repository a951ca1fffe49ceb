/// The data page format a Parquet writer produces.
public enum ParquetDataPageVersion: String, Sendable {
    /// Data page v1 (levels inside the compressed body): read by every Parquet reader.
    case v1
    /// Data page v2 (levels uncompressed before the values, null and row counts in the header).
    case v2
}

/// How `df.write.parquet(...)` lays out its files.
public struct ParquetWriteOptions: Sendable {
    /// The page compression codec (default snappy, as Spark).
    public var compression: CompressionCodec = .snappy
    /// A row group is closed once its in-memory columns reach about this many bytes (default 128 MiB).
    public var rowGroupSize: Int = 128 << 20
    /// A data page is closed at about this many bytes of values (default 1 MiB).
    public var pageSize: Int = 1 << 20
    /// Whether columns are dictionary-encoded (RLE_DICTIONARY) while their dictionary stays under
    /// `dictionaryPageSizeLimit`; larger ones fall back to PLAIN, and a column whose first 4,096
    /// values are more than three quarters distinct is written PLAIN from the start.
    public var dictionary: Bool = true
    /// The largest dictionary page, in bytes, before a column chunk falls back to PLAIN (default 1 MiB).
    public var dictionaryPageSizeLimit: Int = 1 << 20
    /// Data page v1 (default) or v2.
    public var dataPageVersion: ParquetDataPageVersion = .v1
    /// Whether column chunks carry min, max and null count statistics.
    public var statistics: Bool = true
    /// Whether every page header records the CRC-32 of the page's bytes (default on, as parquet-mr),
    /// which readers that verify checksums check.
    public var pageChecksums: Bool = true
    /// Application metadata stored in the footer's key-value list.
    public var keyValueMetadata: [String: String] = [:]

    /// Options with the defaults above, and `compression`.
    public init(compression: CompressionCodec = .snappy) {
        self.compression = compression
    }
}
