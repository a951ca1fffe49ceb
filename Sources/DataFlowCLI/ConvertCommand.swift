import ArgumentParser
import DataFlow
import DataFlowIO

/// `dataflow convert IN OUT`: rewrites files from one format to another (csv, jsonl, parquet).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert files between csv, jsonl and parquet.",
        discussion: "OUT is a directory of part files, written atomically (a _SUCCESS marker is written last)."
    )

    @OptionGroup var input: InputOptions

    @Argument(help: "The output directory.")
    var output: String

    @Option(help: "The output format (default: from OUT's extension, e.g. out.parquet).")
    var to: FileFormat?

    @Option(help: "The CSV dialect written: rfc4180, redshift-unload or tsv.")
    var csvOutputPreset: CSVPreset = .rfc4180

    @Option(help: "The Parquet compression: uncompressed, snappy, gzip or zstd.")
    var compression: CompressionCodec = .snappy

    @Option(help: "Output files to write (the rows are spread evenly over them).")
    var files = 1

    @Option(help: "What to do when OUT exists: error, overwrite, append or ignore.")
    var mode: SaveMode = .error

    @Option(help: "Columns whose values become Hive directories (col=value) of the output; repeat for several.")
    var partitionBy: [String] = []

    func validate() throws {
        guard files >= 1 else { throw ValidationError("--files must be at least 1, got \(files)") }
    }

    func run() throws {
        guard let format = to ?? FileFormat.forExtension(of: output) else {
            throw ValidationError("cannot tell the output format from '\(output)'; give --to csv, jsonl or parquet")
        }
        let frame = try input.read(input.memory.session())
        let spread = files == 1 ? try frame.coalesce(1) : try frame.repartition(files)
        let writer = spread.write.mode(mode).partitionBy(partitionBy)
        let summary: WriteSummary
        switch format {
        case .csv: summary = try writer.csv(output, options: csvOutputPreset.options)
        case .jsonl: summary = try writer.jsonl(output)
        case .parquet:
            var options = ParquetWriteOptions()
            options.compression = compression
            summary = try writer.parquet(output, options: options)
        }
        print("wrote \(summary.rows) rows to \(summary.files.count) \(format.rawValue) file(s) in \(output)")
    }
}
