import DataFlow

/// What to do with a JSON line that is not valid JSON or does not fit the schema: the same three
/// modes as CSV (`permissive`, `dropMalformed`, `failFast`).
public typealias JSONParseMode = CSVParseMode

/// How nested objects become columns.
public enum JSONNestedMode: String, Sendable, Hashable {
    /// A nested object or array is one string column holding its raw JSON text.
    case asString
    /// The members of nested objects become columns named by their dotted path (`address.city`),
    /// recursively; arrays stay strings holding their raw JSON text.
    case flatten
}

/// How to read and write JSON lines (one JSON object per line). Fields mirror Spark's JSON options.
public struct JSONOptions: Sendable {
    /// The columns to read into; nil infers them from the first `samplingRows` lines.
    public var schema: Schema?
    /// The directory layout below each input root naming partition columns, e.g.
    /// `"{year}/{month}/{day}"` for `landing/2025/11/02/*.csv`; nil reads `key=value` (Hive) directories.
    public var partitionLayout: String? = nil
    /// Lines sampled for schema inference.
    public var samplingRows: Int
    /// Schema inference types strings that read as dates (`yyyy-MM-dd`, or `dateFormat`) or
    /// timestamps as such; off by default, as in Spark, so strings stay strings.
    public var inferTimestamps: Bool
    /// How nested objects become columns.
    public var nested: JSONNestedMode
    /// Lines are DynamoDB JSON exports: `{"Item": {"name": {"S": "…"}, "n": {"N": "1"}, …}}` (the
    /// `Item` wrapper is optional). S reads as a string, N as a number, BOOL as a boolean, NULL as
    /// null, B as its base64 text, and M, L, SS, NS, BS as strings holding their raw JSON text.
    public var dynamoDB: Bool
    /// What to do with malformed lines.
    public var mode: JSONParseMode
    /// The string column, when the schema has it, that receives the raw text of malformed lines.
    /// Schema inference adds it in permissive mode when a sampled line is malformed.
    public var columnNameOfCorruptRecord: String
    /// The pattern of dates (Spark's letters), nil for `yyyy-MM-dd` and the cast rules.
    public var dateFormat: String?
    /// The pattern of timestamps. Reading: nil for ISO-8601 with an optional offset (a value without
    /// one is in the session time zone). Writing: nil for `yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX`, so
    /// every written timestamp names its offset.
    public var timestampFormat: String?
    /// The writer writes `"key":null` for nulls instead of leaving the key out (Spark's
    /// `ignoreNullFields = false`).
    public var writeNulls: Bool
    /// The writer's whole-file compression (reading decides by file extension).
    public var compression: FileCompression
    /// Bytes per split when one uncompressed file is read in parallel.
    public var splitSize: Int

    /// Options; the defaults are Spark's (inferred schema, nested values as JSON text, permissive).
    public init(schema: Schema? = nil, samplingRows: Int = 10_000, inferTimestamps: Bool = false, nested: JSONNestedMode = .asString,
                dynamoDB: Bool = false, mode: JSONParseMode = .permissive, columnNameOfCorruptRecord: String = "_corrupt_record",
                dateFormat: String? = nil, timestampFormat: String? = nil, writeNulls: Bool = false,
                compression: FileCompression = .none, splitSize: Int = 32 << 20) {
        self.schema = schema
        self.samplingRows = samplingRows
        self.inferTimestamps = inferTimestamps
        self.nested = nested
        self.dynamoDB = dynamoDB
        self.mode = mode
        self.columnNameOfCorruptRecord = columnNameOfCorruptRecord
        self.dateFormat = dateFormat
        self.timestampFormat = timestampFormat
        self.writeNulls = writeNulls
        self.compression = compression
        self.splitSize = splitSize
    }

    /// The timestamp pattern the writer uses when `timestampFormat` is nil.
    static let defaultWriteTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"
}
