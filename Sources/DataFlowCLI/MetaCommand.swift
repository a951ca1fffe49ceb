import ArgumentParser
import DataFlowIO

/// `dataflow meta FILE`: the footer of a Parquet file (row groups, column chunks, encodings,
/// codecs, sizes and statistics).
struct MetaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "meta", abstract: "Describe the footer of a Parquet file.")

    @Argument(help: "A Parquet file.")
    var file: String

    func run() throws {
        print(try ParquetInspection.describe(path: file))
    }
}
