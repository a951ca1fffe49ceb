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
        try Self.checkLayout(metadata, dataEnd: start, path: path)
    }

    /// Checks that the footer agrees with itself and with the file, so that no row group is read
    /// twice or silently skipped: its row count is the sum of its row groups', and every column
    /// chunk lies between the leading magic and the footer (`dataEnd`) without overlapping another.
    /// - Throws: `DataFlowError` (`.parse`) naming the file, and the row group and column at fault.
    private static func checkLayout(_ metadata: FileMetaData, dataEnd: Int, path: String) throws {
        var rows: Int64 = 0
        for (index, group) in metadata.rowGroups.enumerated() {
            let (sum, overflow) = rows.addingReportingOverflow(group.rowCount)
            guard !overflow else {
                throw DataFlowError(.parse, "row counts overflow: the row groups up to this one hold more than \(Int64.max) rows",
                                    location: ErrorLocation(path: path, rowGroup: index))
            }
            rows = sum
        }
        guard rows == metadata.rowCount else {
            throw DataFlowError(.parse, "the footer says the file has \(metadata.rowCount) rows but its \(metadata.rowGroups.count) row groups hold \(rows)",
                                location: ErrorLocation(path: path))
        }
        var chunks: [(bytes: Range<Int64>, rowGroup: Int, column: String)] = []
        for (index, group) in metadata.rowGroups.enumerated() {
            for chunk in group.columns {
                guard let meta = chunk.metadata else { continue }
                let start = meta.chunkStart, length = meta.totalCompressedSize, column = meta.path.joined(separator: ".")
                guard start >= 4, length >= 0, start <= Int64(dataEnd), length <= Int64(dataEnd) - start else {
                    throw DataFlowError(.parse, "column chunk at byte \(start) of \(length) bytes lies outside the file's data (bytes 4 to \(dataEnd))",
                                        location: ErrorLocation(path: path, rowGroup: index, column: column))
                }
                chunks.append((start..<(start + length), index, column))
            }
        }
        chunks.sort { $0.bytes.lowerBound < $1.bytes.lowerBound }
        for (previous, next) in zip(chunks, chunks.dropFirst()) where previous.bytes.upperBound > next.bytes.lowerBound {
            throw DataFlowError(.parse, "column chunk at bytes \(next.bytes.lowerBound)..<\(next.bytes.upperBound) overlaps column '\(previous.column)' "
                                + "of row group \(previous.rowGroup) at bytes \(previous.bytes.lowerBound)..<\(previous.bytes.upperBound)",
                                location: ErrorLocation(path: path, rowGroup: next.rowGroup, column: next.column))
        }
    }
}
