/// How `session.read.parquet(...)` reads files.
public struct ParquetReadOptions: Sendable {
    /// The columns to read, by name (nil: every column DataFlow can read; nested and unsupported
    /// columns are skipped). Naming a nested or unsupported column throws `.notImplemented`.
    public var columns: [String]?
    /// One scan partition per row group (default), or one per file.
    public var partitionPerRowGroup: Bool = true

    /// Options with the defaults above.
    public init() {}
}
