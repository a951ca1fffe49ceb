import DataFlow

/// How a CSV dialect escapes quotes and delimiters inside fields.
public enum CSVEscape: Sendable, Hashable {
    /// A quote inside a quoted field is written twice (`""`), as RFC 4180 says.
    case doubledQuote
    /// A backslash makes the next byte literal (`\"`, `\|`, `\\`, and an escaped newline), as
    /// Redshift's UNLOAD ... ESCAPE writes.
    case backslash
    /// No escaping.
    case none
}

/// What to do with a record that does not fit the schema (wrong field count, unparseable value).
public enum CSVParseMode: String, Sendable, Hashable {
    /// Keep the record: bad fields become null, and the raw record goes to the corrupt-record column
    /// when the schema has one.
    case permissive
    /// Leave the record out.
    case dropMalformed
    /// Stop with a `DataFlowError` naming the file, line and column.
    case failFast
}

/// When the CSV writer quotes a field.
public enum CSVQuoting: String, Sendable, Hashable {
    /// Only fields that contain the delimiter, a quote, an escape or a line break (or are empty
    /// strings, to tell them from nulls).
    case minimal
    /// Every field, nulls aside.
    case all
    /// Never (special characters are escaped when the dialect has an escape).
    case none
}

/// A CSV dialect and how to read and write it. Fields mirror Spark's CSV options.
public struct CSVOptions: Sendable {
    /// The first line names the columns (reading) / is written (writing).
    public var header: Bool
    /// The field separator: one ASCII character (`,` `|` `\t` `;` ...).
    public var delimiter: Character
    /// The quote character; nil for none.
    public var quote: Character?
    /// How quotes and delimiters are escaped inside fields.
    public var escape: CSVEscape
    /// The text that stands for null, recognised quoted or not (Redshift's `\N`). An empty unquoted
    /// field is always null.
    public var nullValue: String
    /// What a quoted empty field (`""`) reads as.
    public var emptyValue: String
    /// Lines starting with this character are skipped; nil for none.
    public var comment: Character?
    /// Quoted fields may contain line breaks (files are then read whole, not split).
    public var multiLine: Bool
    /// Surrounding spaces are removed from unquoted fields.
    public var trimWhiteSpace: Bool
    /// The pattern of dates (Spark's letters), nil for `yyyy-MM-dd` and the cast rules.
    public var dateFormat: String?
    /// The pattern of timestamps, nil for ISO-8601 with an optional offset.
    public var timestampFormat: String?
    /// The columns to read into; nil means strings named by the header (or `_c0`, `_c1`, ...) or
    /// inferred types with `inferSchema`.
    public var schema: Schema?
    /// Infer column types from the first `samplingRows` records.
    public var inferSchema: Bool
    /// Records sampled for schema inference.
    public var samplingRows: Int
    /// What to do with malformed records.
    public var mode: CSVParseMode
    /// The string column, when the schema has it, that receives the raw text of malformed records.
    public var columnNameOfCorruptRecord: String
    /// The string column, when the schema has it (after the data columns, like the corrupt-record
    /// column), that says why each malformed record is malformed and where it starts:
    /// `line 208: expected 5 fields, found 4`, `line 12: column 'created_date': '2025-13-01' is not
    /// a date`, `line 40: unterminated quote`; null for good records.
    public var columnNameOfRejectReason: String? = nil
    /// When the writer quotes fields.
    public var quoting: CSVQuoting
    /// The writer's whole-file compression (reading decides by file extension).
    public var compression: FileCompression
    /// Bytes per split when one file is read in parallel (when the dialect allows).
    public var splitSize: Int
    /// When set, a string column of this name holds each row's file path (Spark's `input_file_name()`).
    public var fileNameColumn: String?
    /// When set, a long column of this name holds each row's 0-based record number in its file
    /// (files are then read whole, not split).
    public var rowIndexColumn: String?
    /// The directory layout below each input root naming partition columns, e.g.
    /// `"{year}/{month}/{day}"` for `landing/2025/11/02/*.csv`; nil reads `key=value` (Hive) directories.
    public var partitionLayout: String? = nil

    /// A dialect; the defaults are Spark's (comma, double quotes, RFC 4180 doubled quotes).
    public init(header: Bool = false, inferSchema: Bool = false, delimiter: Character = ",", quote: Character? = "\"",
                escape: CSVEscape = .doubledQuote, nullValue: String = "", emptyValue: String = "", comment: Character? = nil,
                multiLine: Bool = false, trimWhiteSpace: Bool = false, dateFormat: String? = nil, timestampFormat: String? = nil,
                schema: Schema? = nil, samplingRows: Int = 10_000, mode: CSVParseMode = .permissive,
                columnNameOfCorruptRecord: String = "_corrupt_record", quoting: CSVQuoting = .minimal,
                compression: FileCompression = .none, splitSize: Int = 32 << 20, fileNameColumn: String? = nil,
                rowIndexColumn: String? = nil) {
        self.header = header
        self.inferSchema = inferSchema
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.nullValue = nullValue
        self.emptyValue = emptyValue
        self.comment = comment
        self.multiLine = multiLine
        self.trimWhiteSpace = trimWhiteSpace
        self.dateFormat = dateFormat
        self.timestampFormat = timestampFormat
        self.schema = schema
        self.samplingRows = samplingRows
        self.mode = mode
        self.columnNameOfCorruptRecord = columnNameOfCorruptRecord
        self.quoting = quoting
        self.compression = compression
        self.splitSize = splitSize
        self.fileNameColumn = fileNameColumn
        self.rowIndexColumn = rowIndexColumn
    }

    /// RFC 4180: comma, double quotes doubled inside quoted fields, quoted fields may span lines,
    /// a header line.
    public static let rfc4180 = CSVOptions(header: true, multiLine: true)

    /// Redshift `UNLOAD ... DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES`: pipe-delimited, every field
    /// quoted, backslash escapes for `\|`, `\"`, `\\` and line breaks, `\N` for null, no header.
    public static let redshiftUnload = CSVOptions(delimiter: "|", escape: .backslash, nullValue: "\\N", quoting: .all)

    /// Tab-separated values with a header.
    public static let tsv = CSVOptions(header: true, delimiter: "\t", quote: nil, escape: .none)

    /// The options with bytes resolved and checked.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for non-ASCII or conflicting characters.
    func dialect() throws -> CSVDialect {
        func byte(_ character: Character?, _ name: String) throws -> UInt8? {
            guard let character else { return nil }
            guard let ascii = character.asciiValue, ascii != UInt8(ascii: "\n"), ascii != UInt8(ascii: "\r") else {
                throw DataFlowError.invalidArgument(name, "must be one ASCII character other than a line break, got \(character.debugDescription)")
            }
            return ascii
        }
        guard let delimiter = try byte(delimiter, "delimiter") else { throw DataFlowError.invalidArgument("delimiter", "is required") }
        guard splitSize > 0 else { throw DataFlowError.invalidArgument("splitSize", "must be positive, got \(splitSize)") }
        let quote = try byte(quote, "quote")
        if quote == delimiter { throw DataFlowError.invalidArgument("quote", "must differ from the delimiter") }
        return CSVDialect(delimiter: delimiter, quote: quote, backslashEscape: escape == .backslash, doubledQuote: escape == .doubledQuote,
                          comment: try byte(comment, "comment"), nullValue: Array(nullValue.utf8), emptyValue: Array(emptyValue.utf8),
                          multiLine: multiLine, trim: trimWhiteSpace)
    }

    /// Whether record boundaries can be found from any byte offset, so one file can be read in
    /// parallel byte ranges: no quoted line breaks, or line breaks inside fields always escaped.
    var splittable: Bool { (!multiLine || escape == .backslash) && rowIndexColumn == nil }
}

/// A CSV dialect as bytes, ready for the tokenizer.
struct CSVDialect: Sendable {
    let delimiter: UInt8
    let quote: UInt8?
    let backslashEscape: Bool
    let doubledQuote: Bool
    let comment: UInt8?
    let nullValue: [UInt8]
    let emptyValue: [UInt8]
    let multiLine: Bool
    let trim: Bool
}
