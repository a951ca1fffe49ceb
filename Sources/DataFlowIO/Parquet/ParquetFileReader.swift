import DataFlow
import Foundation

/// An open Parquet file: its bytes (memory-mapped; unmapped when the value is gone) and its footer.
struct ParquetFileReader {
    let path: String
    let data: Data
    let footer: ParquetFooter

    var metadata: FileMetaData { footer.metadata }
    var schema: ParquetSchema { footer.schema }

    /// Maps the file and decodes its footer, unless `footer` (read earlier from the same file) is given.
    /// - Throws: `DataFlowError` (`.io`) when it cannot be read, (`.parse`) when it is not Parquet or its
    ///   footer is truncated or corrupt.
    init(path: String, footer: ParquetFooter? = nil) throws {
        self.path = path
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
        if let footer {
            self.footer = footer
        } else {
            self.footer = try data.withUnsafeBytes { try ParquetFooter(file: $0, path: path) }
        }
    }
}
