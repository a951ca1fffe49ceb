import DataFlow
import DataFlowIO

/// DataFlow's file options as Spark's reader and writer options, for files a remote session reads
/// or writes on the cluster. An option Spark's data sources cannot express is an error naming it:
/// a remote job must mean on the cluster what it means here.
enum SparkFileOptions {
    /// A CSV read: Spark's `csv` options.
    static func read(_ options: CSVOptions) throws -> [String: String] {
        var spark = try shared(options)
        spark["inferSchema"] = String(options.inferSchema)
        spark["multiLine"] = String(options.multiLine)
        spark["ignoreLeadingWhiteSpace"] = String(options.trimWhiteSpace)
        spark["ignoreTrailingWhiteSpace"] = String(options.trimWhiteSpace)
        spark["mode"] = parseMode(options.mode)
        spark["columnNameOfCorruptRecord"] = options.columnNameOfCorruptRecord
        if let comment = options.comment { spark["comment"] = String(comment) }
        return spark
    }

    /// A CSV write: Spark's `csv` options.
    static func write(_ options: CSVOptions) throws -> [String: String] {
        var spark = try shared(options)
        switch options.quoting {
        case .minimal: break
        case .all: spark["quoteAll"] = "true"
        case .none: spark["quote"] = ""
        }
        if options.compression != .none { spark["compression"] = options.compression == .gzip ? "gzip" : "zstd" }
        return spark
    }

    /// The options reads and writes of CSV share.
    private static func shared(_ options: CSVOptions) throws -> [String: String] {
        var spark = ["header": String(options.header), "sep": String(options.delimiter), "nullValue": options.nullValue,
                     "emptyValue": options.emptyValue]
        spark["quote"] = options.quote.map(String.init) ?? ""
        switch options.escape {
        // Spark escapes quotes with a backslash unless the escape is the quote itself.
        case .doubledQuote: spark["escape"] = options.quote.map(String.init) ?? "\""
        case .backslash: spark["escape"] = "\\"
        case .none: spark["escape"] = "\u{0}"
        }
        if let format = options.dateFormat { spark["dateFormat"] = format }
        if let format = options.timestampFormat { spark["timestampFormat"] = format }
        return spark
    }

    /// A JSON lines read: Spark's `json` options.
    static func read(_ options: JSONOptions) throws -> [String: String] {
        if options.dynamoDB { throw notExpressible("dynamoDB", "Spark's json source has no DynamoDB export mode") }
        if options.nested != .asString { throw notExpressible("nested", "Spark's json source keeps nested values as structs") }
        var spark = ["mode": parseMode(options.mode),
                     "columnNameOfCorruptRecord": options.columnNameOfCorruptRecord, "inferTimestamp": String(options.inferTimestamps)]
        if let format = options.dateFormat { spark["dateFormat"] = format }
        if let format = options.timestampFormat { spark["timestampFormat"] = format }
        return spark
    }

    /// A JSON lines write: Spark's `json` options.
    static func write(_ options: JSONOptions) -> [String: String] {
        var spark = ["ignoreNullFields": String(!options.writeNulls)]
        if options.compression != .none { spark["compression"] = options.compression == .gzip ? "gzip" : "zstd" }
        if let format = options.dateFormat { spark["dateFormat"] = format }
        if let format = options.timestampFormat { spark["timestampFormat"] = format }
        return spark
    }

    /// A Parquet read: Spark's `parquet` options.
    static func read(_ options: ParquetReadOptions) -> [String: String] {
        ["mergeSchema": String(options.mergeSchema)]
    }

    /// A Parquet write: Spark's `parquet` options.
    static func write(_ options: ParquetWriteOptions) -> [String: String] {
        ["compression": options.compression == .uncompressed ? "none" : options.compression.rawValue]
    }

    /// Spark's name of a parse mode (CSV's and JSON's).
    private static func parseMode(_ mode: CSVParseMode) -> String {
        switch mode {
        case .permissive: return "PERMISSIVE"
        case .dropMalformed: return "DROPMALFORMED"
        case .failFast: return "FAILFAST"
        }
    }

    private static func notExpressible(_ option: String, _ why: String) -> DataFlowError {
        DataFlowError.invalidArgument(option, "cannot be used in a remote session: \(why)")
    }
}
