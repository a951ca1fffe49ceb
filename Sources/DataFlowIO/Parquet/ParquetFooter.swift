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
        try self.init(tail: raw, fileSize: raw.count, path: path)
    }

    /// The bytes at the end of a file of `fileSize` bytes that hold its footer, its length and the
    /// closing magic, told by its last 8 bytes (`lastEight`): what a ranged read of a remote file
    /// must fetch.
    /// - Throws: `DataFlowError` (`.parse`) naming `path` when the bytes are not Parquet or the
    ///   footer length exceeds the file.
    static func tailLength(lastEight raw: UnsafeRawBufferPointer, fileSize: Int, path: String) throws -> Int {
        guard fileSize >= 12, raw.count == 8, Array(raw[4...]) == Self.magic else {
            throw DataFlowError(.parse, "not a Parquet file (no PAR1 magic at its end; \(fileSize) bytes)", location: ErrorLocation(path: path))
        }
        let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        guard length <= fileSize - 12 else {
            throw DataFlowError(.parse, "footer length \(length) exceeds the file (\(fileSize) bytes): the file is truncated or corrupt",
                                location: ErrorLocation(path: path, byteOffset: fileSize - 8))
        }
        return length + 8
    }

    /// Decodes the footer in `tail`, the last bytes of the file at `path` (of `fileSize` bytes),
    /// which must hold `tailLength` bytes; the leading magic is checked when `tail` is the whole file.
    /// - Throws: `DataFlowError` (`.parse`) naming `path` when the bytes are not Parquet or the
    ///   footer is truncated or corrupt.
    init(tail raw: UnsafeRawBufferPointer, fileSize size: Int, path: String) throws {
        let tailStart = size - raw.count
        guard raw.count >= 8, tailStart > 0 || (size >= 12 && Array(raw[0..<4]) == Self.magic) else {
            throw DataFlowError(.parse, "not a Parquet file (no PAR1 magic at both ends; \(size) bytes)", location: ErrorLocation(path: path))
        }
        let needed = try Self.tailLength(lastEight: UnsafeRawBufferPointer(rebasing: raw[(raw.count - 8)...]), fileSize: size, path: path)
        guard needed <= raw.count else {
            throw DataFlowError(.parse, "the footer's \(needed) bytes were not all read (\(raw.count))", location: ErrorLocation(path: path))
        }
        let start = size - needed
        var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: raw[(start - tailStart)..<(raw.count - 8)]), path: path, baseOffset: start)
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
