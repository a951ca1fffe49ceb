import DataFlow

/// A Parquet file's footer, decoded: its metadata and the readable schema of its columns.
struct ParquetFooter: Sendable {
    let metadata: FileMetaData
    let schema: ParquetSchema
    private static let magic: [UInt8] = Array("PAR1".utf8)

    /// Decodes the footer at the end of `file`, the bytes of the file at `path`.
    /// - Throws: `DataFlowError` (`.parse`) naming `path` when the bytes are not Parquet or the
    ///   footer is truncated or corrupt.
    init(file raw: UnsafeRawBufferPointer, path: String) throws {
        let size = raw.count
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
        metadata = try FileMetaData(from: &reader)
        schema = try ParquetSchema(metadata.schema, path: path)
        let leaves = schema.leaves.count
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != leaves {
            throw DataFlowError(.parse, "row group has \(group.columns.count) column chunks for \(leaves) leaf columns",
                                location: ErrorLocation(path: path, rowGroup: index))
        }
    }
}
