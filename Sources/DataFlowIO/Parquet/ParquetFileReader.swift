import DataFlow
import Foundation

/// An open Parquet file: its bytes (memory-mapped), its footer and its readable schema.
struct ParquetFileReader {
    let path: String
    let data: Data
    let metadata: FileMetaData
    let schema: ParquetSchema
    private static let magic: [UInt8] = Array("PAR1".utf8)

    /// Maps the file and decodes its footer.
    /// - Throws: `DataFlowError` (`.io`) when it cannot be read, (`.parse`) when it is not Parquet or its
    ///   footer is truncated or corrupt.
    init(path: String) throws {
        self.path = path
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
        let size = data.count
        metadata = try data.withUnsafeBytes { raw -> FileMetaData in
            guard size >= 12, Array(raw[0..<4]) == Self.magic, Array(raw[(size - 4)...]) == Self.magic else {
                throw DataFlowError(.parse, "not a Parquet file (no PAR1 magic at both ends; \(size) bytes)", location: ErrorLocation(path: path))
            }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: size - 8, as: UInt32.self)))
            guard length <= size - 12 else {
                throw DataFlowError(.parse, "footer length \(length) exceeds the file (\(size) bytes): the file is truncated or corrupt",
                                    location: ErrorLocation(path: path, byteOffset: size - 8))
            }
            let start = size - 8 - length
            var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: raw[start..<(size - 8)]), path: path, baseOffset: start)
            return try FileMetaData(from: &reader)
        }
        schema = try ParquetSchema(metadata.schema, path: path)
        let leaves = schema.leaves.count
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != leaves {
            throw DataFlowError(.parse, "row group has \(group.columns.count) column chunks for \(leaves) leaf columns",
                                location: ErrorLocation(path: path, rowGroup: index))
        }
    }
}
