import ArgumentParser
import DataFlow
import DataFlowIO

/// The CSV dialects the command line names.
enum CSVPreset: String, ExpressibleByArgument, CaseIterable {
    case rfc4180
    case redshiftUnload = "redshift-unload"
    case tsv

    var options: CSVOptions {
        switch self {
        case .rfc4180: return .rfc4180
        case .redshiftUnload: return .redshiftUnload
        case .tsv: return .tsv
        }
    }
}

extension FileFormat: ExpressibleByArgument {}
extension CompressionCodec: ExpressibleByArgument {}
extension SaveMode: ExpressibleByArgument {}

/// How a command reads its input: the path, its format and the CSV dialect.
struct InputOptions: ParsableArguments {
    @Argument(help: "A file, a directory (read recursively, Hive partitions become columns) or a glob.")
    var input: String

    @OptionGroup var memory: MemoryOptions

    @Option(help: "The input format (default: csv when a CSV option is given, else from the file extensions).")
    var from: FileFormat?

    @Option(help: "The CSV dialect read: rfc4180 (the default), redshift-unload or tsv; implies --from csv.")
    var csvPreset: CSVPreset?

    @Option(help: "The CSV field delimiter (overrides the dialect's).")
    var delimiter: String?

    @Option(help: "Whether the CSV files start with a header line (default: the dialect's).")
    var header: Bool?

    @Option(help: "The CSV text read as null (default: the dialect's).")
    var nullValue: String?

    @Option(help: "The schema of CSV or JSON lines input as DDL, e.g. \"id bigint, name string\" (default: inferred).")
    var schema: String?

    @Option(help: "Directory layout below the input naming partition columns, e.g. \"{year}/{month}/{day}\".")
    var partitionLayout: String?

    func validate() throws {
        if let delimiter, delimiter.count != 1 { throw ValidationError("--delimiter takes one character, got '\(delimiter)'") }
    }

    /// The input as a DataFrame of `session`.
    func read(_ session: Session) throws -> DataFrame {
        let schema = try self.schema.map { try Schema(ddl: $0) }
        // A CSV dialect or delimiter says the input is CSV, whatever its files are named (UNLOAD
        // files have no extension).
        let csvAsked = csvPreset != nil || delimiter != nil
        switch try from ?? (csvAsked ? .csv : FileFormat.detect(input)) {
        case .csv:
            var options = (csvPreset ?? .rfc4180).options
            if let delimiter, let character = delimiter.first { options.delimiter = character }
            if let header { options.header = header }
            if let nullValue { options.nullValue = nullValue }
            options.schema = schema
            options.inferSchema = schema == nil
            options.partitionLayout = partitionLayout
            return try session.read.csv(input, options: options)
        case .jsonl:
            var options = JSONOptions()
            options.schema = schema
            options.partitionLayout = partitionLayout
            return try session.read.jsonl(input, options: options)
        case .parquet:
            var options = ParquetReadOptions()
            options.partitionLayout = partitionLayout
            return try session.read.parquet(input, options: options)
        }
    }
}
