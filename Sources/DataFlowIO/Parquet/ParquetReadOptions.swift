/// How `session.read.parquet(...)` reads files.
public struct ParquetReadOptions: Sendable {
    /// The columns to read, by name (nil: every column DataFlow can read; nested and unsupported
    /// columns are skipped). Naming a nested or unsupported column throws `.notImplemented`.
    public var columns: [String]?
    /// One scan partition per row group (default), or one per file.
    public var partitionPerRowGroup: Bool = true
    /// The directory layout below each input root naming partition columns, e.g.
    /// `"{year}/{month}/{day}"` for `landing/2025/11/02/*.csv`; nil reads `key=value` (Hive) directories.
    public var partitionLayout: String? = nil

    /// Options with the defaults above, and a partition layout.
    public init(partitionLayout: String? = nil) {
        self.partitionLayout = partitionLayout
    }
}
