import ArgumentParser
import DataFlow
import DataFlowIO
import Foundation

/// `dataflow convert IN OUT`: rewrites files from one format to another (csv, jsonl, parquet).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert files between csv, jsonl and parquet.",
        discussion: """
            An OUT that ends in a format's extension (out.parquet, out.csv, out.jsonl) is one file, replaced atomically; \
            with --files above 1 or --partition-by, or without an extension, OUT is a directory of part files, written \
            atomically (a _SUCCESS marker is written last).
            """
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
        if files == 1, partitionBy.isEmpty, FileFormat.forExtension(of: output) != nil {
            let rows = try writeOneFile(frame, format: format)
            print("wrote \(rows) rows to the \(format.rawValue) file \(output)")
            return
        }
        let spread = files == 1 ? try frame.coalesce(1) : try frame.repartition(files)
        let summary = try write(spread.write.mode(mode).partitionBy(partitionBy), format: format, to: output)
        print("wrote \(summary.rows) rows to \(summary.files.count) \(format.rawValue) file(s) in \(output)")
    }

    private func write(_ writer: DataFrameWriter, format: FileFormat, to path: String) throws -> WriteSummary {
        switch format {
        case .csv: return try writer.csv(path, options: csvOutputPreset.options)
        case .jsonl: return try writer.jsonl(path)
        case .parquet:
            var options = ParquetWriteOptions()
            options.compression = compression
            return try writer.parquet(path, options: options)
        }
    }

    /// Writes `frame` as the single file `output`: into a hidden directory beside it, whose one part
    /// file is then renamed over `output` (atomic: readers see the old file or the new one); an
    /// object store's file is staged in the temporary directory and uploaded (the object appears
    /// whole when the upload completes).
    /// - Returns: the rows written.
    private func writeOneFile(_ frame: DataFrame, format: FileFormat) throws -> Int {
        let remote = ObjectStores.isObjectPath(output)
        let exists = try StoredFiles.exists(output)
        switch mode {
        case .error where exists: throw DataFlowError(.io, "the output exists (give --mode overwrite to replace it)", location: ErrorLocation(path: output))
        case .ignore where exists: return 0
        case .append: throw ValidationError("--mode append needs a directory OUT (a file cannot take more part files)")
        default: break
        }
        let parent = remote ? NSTemporaryDirectory() : (output as NSString).deletingLastPathComponent
        let staging = (parent.isEmpty ? "." : parent) + "/.\((output as NSString).lastPathComponent).dataflow-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let summary = try write(try frame.coalesce(1).write.mode(.overwrite), format: format, to: staging)
        guard let part = summary.files.first else {
            throw DataFlowError.internalError("a one-partition write of \(summary.rows) rows made no file")
        }
        if remote {
            try StoredFiles.upload(staging + "/" + part, to: output)
            return summary.rows
        }
        guard rename(staging + "/" + part, output) == 0 else {
            throw DataFlowError(.io, "cannot move the written file into place: \(String(cString: strerror(errno)))", location: ErrorLocation(path: output))
        }
        return summary.rows
    }
}
