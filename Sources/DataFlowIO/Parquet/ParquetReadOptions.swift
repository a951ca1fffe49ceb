/// How `session.read.parquet(...)` reads files.
public struct ParquetReadOptions: Sendable {
    /// The columns to read, by name (nil: every column DataFlow can read; nested and unsupported
    /// columns are skipped). Naming a nested or unsupported column throws `.notImplemented`.
    public var columns: [String]?
    /// Whether the schema is the union of every file's columns (default), by name in first-seen
    /// order, with columns a file lacks read as nulls and INT widened to BIGINT where files
    /// disagree; other type conflicts throw, naming both files. When false, the first file's
    /// columns are read (like Spark's default): columns only later files have are ignored.
    /// Unlike Spark the default is true, because DataFlow reads every footer at planning anyway
    /// (for row-group statistics), so merging costs nothing extra.
    public var mergeSchema: Bool = true
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
