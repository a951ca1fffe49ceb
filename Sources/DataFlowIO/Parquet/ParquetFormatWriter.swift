import DataFlow

/// Parquet as an output format.
struct ParquetFormat: OutputFileFormat {
    let options: ParquetWriteOptions

    var fileExtension: String { ".parquet" }
    /// Parquet compresses pages itself; the file is never compressed as a whole.
    var compression: FileCompression { .none }

    func makeWriter(file: OutputFile, schema: Schema) throws -> any FormatWriter {
        try ParquetFormatWriter(file: file, schema: schema, options: options)
    }
}

/// Writes one Parquet file: the magic, row groups of buffered batches (closed at
/// `rowGroupSize` bytes), and the footer with the schema, row groups and key-value metadata.
final class ParquetFormatWriter: FormatWriter {
    private let file: OutputFile
    private let schema: Schema
    private let options: ParquetWriteOptions
    private let elements: [SchemaElement]
    /// The file's columns as the footer will describe them: their leaves, levels and nested shapes.
    private let layout: ParquetSchema
    /// The buffered rows of the open row group, column by column.
    private var pending: [[Column]]
    private var pendingRows = 0
    private var pendingBytes = 0
    private var offset = 0
    private var rowGroups: [RowGroup] = []
    private var rowCount: Int64 = 0
    private static let magic: [UInt8] = Array("PAR1".utf8)

    init(file: OutputFile, schema: Schema, options: ParquetWriteOptions) throws {
        self.file = file
        self.schema = schema
        self.options = options
        elements = try ParquetSchema.elements(for: schema)
        layout = try ParquetSchema(elements, path: file.path)
        pending = Array(repeating: [], count: schema.count)
        try file.write(Self.magic)
        offset = Self.magic.count
    }

    func write(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        for (index, column) in batch.columns.enumerated() { pending[index].append(column) }
        pendingRows += batch.rowCount
        pendingBytes += batch.columns.reduce(0) { total, column in
            total + column.count * 8 + (column.type.isVariableWidth ? column.withBytes { offsets, _, _ in Int(offsets[offsets.count - 1] - offsets[0]) } : 0)
        }
        if pendingBytes >= options.rowGroupSize { try flushRowGroup() }
    }

    /// Writes the buffered rows as a row group, a column at a time: each column's pieces are joined
    /// and let go of before the next, so memory holds the buffered rows plus one column's copy.
    private func flushRowGroup() throws {
        guard pendingRows > 0 else { return }
        var chunks: [ColumnChunk] = []
        for index in schema.fields.indices {
            let column = concat(pending[index])
            pending[index] = []
            let target = layout.columns[index]
            if let node = target.nested {
                for leaf in try ParquetRecordShredding.leaves(of: column, node: node) {
                    chunks.append(try writeChunk(leaf.slots, leaf: layout.leaves[leaf.chunkIndex], levels: leaf.levels))
                }
            } else if let leaf = target.flatLeaf {
                chunks.append(try writeChunk(column, leaf: leaf, levels: nil))
            } else {
                throw DataFlowError.internalError("column '\(target.name)' has no Parquet layout: \(target.unsupported ?? "")")
            }
        }
        let uncompressed = chunks.reduce(Int64(0)) { $0 + ($1.metadata?.totalUncompressedSize ?? 0) }
        rowGroups.append(RowGroup(columns: chunks, totalByteSize: uncompressed, rowCount: Int64(pendingRows)))
        rowCount += Int64(pendingRows)
        pendingRows = 0
        pendingBytes = 0
        SystemAllocator.releaseFreeMemory()
    }

    /// Writes one leaf's column chunk at the current offset.
    private func writeChunk(_ slots: Column, leaf: ParquetLeaf, levels: ParquetLevels?) throws -> ColumnChunk {
        let (bytes, chunk) = try ParquetColumnWriter(leaf: leaf, options: options).write(slots, levels: levels, fileOffset: offset)
        try file.write(bytes)
        offset += bytes.count
        return chunk
    }

    func finish() throws {
        try flushRowGroup()
        let metadata = FileMetaData(version: 2, schema: elements, rowCount: rowCount, rowGroups: rowGroups,
                                    keyValueMetadata: options.keyValueMetadata.sorted { $0.key < $1.key }.map { ParquetKeyValue(key: $0.key, value: $0.value) },
                                    createdBy: "DataFlow")
        let footer = metadata.encoded()
        try file.write(footer)
        var length = UInt32(footer.count).littleEndian
        try withUnsafeBytes(of: &length) { try file.write($0) }
        try file.write(Self.magic)
    }
}
