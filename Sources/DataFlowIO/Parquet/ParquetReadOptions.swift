/// How `session.read.parquet(...)` reads files.
public struct ParquetReadOptions: Sendable {
    /// The columns to read, by name (nil: every column DataFlow can read, nested ones included;
    /// columns of types DataFlow does not have are skipped). Naming such a column throws `.notImplemented`.
    public var columns: [String]?
    /// Whether the schema is the union of every file's columns, by name in first-seen order, with
    /// columns a file lacks read as nulls and INT widened to BIGINT where files disagree (other type
    /// conflicts throw, naming both files). Merging reads every footer when the read is planned.
    /// Off by default, as in Spark, DuckDB and Polars: the first file's columns are the schema and
    /// only its footer is read at planning; other footers are read by the scan tasks, for the files
    /// partition filters keep. A file lacking one of those columns reads it as null (the columns are
    /// then nullable when there are several files), and columns only later files have are ignored.
    public var mergeSchema: Bool = false
    /// A file larger than this many bytes is read by several scan tasks, each taking the row groups
    /// whose middle byte lies in its range, as Spark's `maxPartitionBytes` does; a smaller file is one
    /// task (default 128 MiB).
    public var splitSize: Int = 128 << 20
    /// The most files of the read open at once (default 64): scan tasks wait for a free slot, and a
    /// task keeps its file open only while it reads a footer or decodes a row group.
    public var maxOpenFiles: Int = 64
    /// The directory layout below each input root naming partition columns, e.g.
    /// `"{year}/{month}/{day}"` for `landing/2025/11/02/*.csv`; nil reads `key=value` (Hive) directories.
    public var partitionLayout: String? = nil
    /// When set, a string column of this name holds each row's file path (Spark's `input_file_name()`).
    public var fileNameColumn: String? = nil
    /// When set, a bigint column of this name holds each row's 0-based position in its file
    /// (DuckDB's `file_row_number`): with the file name, the order the rows were written in.
    public var rowIndexColumn: String? = nil
    /// Whether a page whose header records a CRC-32 is checked against it before it is decoded
    /// (default on): a mismatch is a `.parse` error naming the file, row group, column and page.
    public var verifyChecksums: Bool = true

    /// Options with the defaults above, and a partition layout.
    public init(partitionLayout: String? = nil) {
        self.partitionLayout = partitionLayout
    }
}
