import DataFlow

/// The stream of one Parquet scan task. Its first call opens the file and reads the footer (unless
/// planning did), keeps the row groups of the task's byte range that the statistics cannot exclude,
/// then decodes one row group at a time (the requested columns only), first skipping those whose
/// string dictionaries no value passes, and hands each out in batches. The file is open only while
/// a footer or row group is read, under the source's bound on open files.
final class ParquetBatchStream: BatchStream {
    private let partition: ParquetScanPartition
    private var source: ParquetSource { partition.source }
    private let path: String
    private let columns: [Int]
    private let outputSchema: Schema
    private let batchSize: Int
    private let metrics: ScanMetrics
    private var remainingLimit: Int
    /// The file's footer, once read.
    private var footer: ParquetFooter?
    /// Row groups still to read, in order, after pruning by statistics.
    private var groups: ArraySlice<Int> = []
    /// Per string column of the file with pushed filters, the filters its dictionaries may decide.
    private var dictionaryFilters: [ParquetDictionaryFilter] = []
    private var current: RecordBatch?
    private var position = 0

    init(partition: ParquetScanPartition, batchSize: Int, metrics: ScanMetrics) {
        self.partition = partition
        self.metrics = metrics
        let source = partition.source
        path = source.dataset.files[partition.fileIndex].path
        columns = partition.request.columns ?? Array(source.schema.fields.indices)
        outputSchema = Schema(columns.map { source.schema[$0] })
        self.batchSize = max(1, batchSize)
        remainingLimit = partition.request.limit ?? Int.max
    }

    func next() throws -> RecordBatch? {
        while remainingLimit > 0 {
            if let batch = current, position < batch.rowCount {
                let length = min(batchSize, batch.rowCount - position, remainingLimit)
                let slice = batch.slice(position, length)
                position += length
                remainingLimit -= length
                return slice
            }
            current = nil
            guard let batch = try readNextRowGroup() else { return nil }
            current = batch
            position = 0
        }
        return nil
    }

    /// The next row group that may hold a passing row, decoded; nil when none is left.
    private func readNextRowGroup() throws -> RecordBatch? {
        if footer == nil, let planned = source.plannedFooter(partition.fileIndex) { select(planned) }
        if footer != nil && groups.isEmpty { return nil }
        let fetched = try partition.readAhead?.take(path)
        return try source.openFiles.withFile(path, size: source.dataset.files[partition.fileIndex].size, footer: footer, fetched: fetched) { file in
            if footer == nil { select(file.footer) }
            while let group = groups.popFirst() {
                try file.load(rowGroup: group, columns: dictionaryFilters.map(\.leaf.chunkIndex))
                if try excludedByDictionary(group, file: file) {
                    metrics.addRowGroupSkippedByDictionary(bytesSkipped: Self.compressedBytes(file.metadata.rowGroups[group]))
                    continue
                }
                metrics.addRowGroupRead()
                try file.load(rowGroup: group, columns: fileChunks(file))
                return try decode(group, file: file)
            }
            return nil
        }
    }

    /// Takes `footer`'s row groups in the task's byte range that the statistics of the pushed filters allow.
    private func select(_ footer: ParquetFooter) {
        self.footer = footer
        let metadata = footer.metadata
        let filters = partition.request.filters
        let checks: [(ParquetLeaf, PushedFilter)] = filters.compactMap { filter in
            footer.schema.columns.first { $0.name == filter.column }?.flatLeaf.flatMap { $0.field == nil ? nil : ($0, filter) }
        }
        let inRange = metadata.rowGroups.indices.filter { partition.byteRange.contains(metadata.rowGroups[$0].midpoint) }
        groups = inRange.filter { group in
            let rowGroup = metadata.rowGroups[group]
            return checks.allSatisfy { leaf, filter in
                let typeDefined = leaf.chunkIndex < metadata.typeDefinedOrders.count && metadata.typeDefinedOrders[leaf.chunkIndex]
                let statistics = ParquetRowGroupFilter(leaf: leaf, chunk: rowGroup.columns[leaf.chunkIndex].metadata,
                                                       rowCount: rowGroup.rowCount, typeDefinedOrder: typeDefined)
                return statistics.canMatch(filter)
            }
        }[...]
        var columnsFiltered: [Int] = []
        for (leaf, _) in checks where !columnsFiltered.contains(leaf.chunkIndex) { columnsFiltered.append(leaf.chunkIndex) }
        dictionaryFilters = columnsFiltered.compactMap { column in
            let onColumn = checks.filter { $0.0.chunkIndex == column }
            return ParquetDictionaryFilter(leaf: onColumn[0].0, filters: onColumn.map(\.1))
        }
        metrics.addFile()
        let skipped = inRange.filter { !groups.contains($0) }
        metrics.addRowGroups(inRange.count, skippedByStatistics: skipped.count,
                             bytesSkipped: skipped.reduce(0) { $0 + Self.compressedBytes(metadata.rowGroups[$1]) })
    }

    /// The column chunks (by index) of the requested file columns that `file` has.
    private func fileChunks(_ file: ParquetFileReader) -> [Int] {
        columns.filter { $0 < source.fileSchema.count }.flatMap { index in
            file.schema.columns.first { $0.name == source.schema[index].name }.map { Array($0.chunks) } ?? []
        }
    }

    /// The compressed bytes of a row group's column chunks.
    private static func compressedBytes(_ rowGroup: RowGroup) -> Int {
        rowGroup.columns.reduce(0) { $0 + Int($1.metadata?.totalCompressedSize ?? 0) }
    }

    /// Whether a fully dictionary-encoded string column of row group `group` has no dictionary entry passing its filters.
    private func excludedByDictionary(_ group: Int, file: ParquetFileReader) throws -> Bool {
        let rowGroup = file.metadata.rowGroups[group]
        for check in dictionaryFilters {
            let chunk = rowGroup.columns[check.leaf.chunkIndex]
            guard let metadata = chunk.metadata, ParquetDictionaryFilter.isFullyDictionaryEncoded(metadata) else { continue }
            let reader = ParquetColumnReader(path: path, rowGroup: group, leaf: check.leaf, verifyChecksums: source.options.verifyChecksums)
            let dictionary = try file.data.withUnsafeBytes { try reader.dictionary(file: $0, chunk: chunk) }
            if let dictionary, !check.canMatch(dictionary: dictionary) { return true }
        }
        return false
    }

    /// The requested columns of row group `group`: file columns decoded (nulls for a column the
    /// file lacks), partition columns and the file name repeated, row positions counted from the
    /// row group's first row in the file.
    private func decode(_ group: Int, file: ParquetFileReader) throws -> RecordBatch {
        let metadata = file.metadata.rowGroups[group]
        guard metadata.rowCount <= Int64(Int32.max) else {
            throw DataFlowError(.notImplemented, "row group of \(metadata.rowCount) rows is too large", location: ErrorLocation(path: path, rowGroup: group))
        }
        let rows = Int(metadata.rowCount)
        let fileColumns = source.fileSchema.count, partitionColumns = source.dataset.partitionSchema.count
        var output: [Column] = []
        for index in columns {
            let field = source.schema[index]
            if index >= fileColumns + partitionColumns {
                if field.name == source.options.fileNameColumn {
                    output.append(try Column.repeating(.string(path), type: .string, count: rows))
                } else {
                    let first = file.metadata.rowGroups[..<group].reduce(Int64(0)) { $0 + $1.rowCount }
                    output.append(try Column((0..<Int64(rows)).map { first + $0 }))
                }
                continue
            }
            if index >= fileColumns {
                let value = source.dataset.partitionValues[partition.fileIndex][index - fileColumns]
                output.append(try Column.repeating(value, type: field.type, count: rows))
                continue
            }
            guard let column = file.schema.columns.first(where: { $0.name == field.name }) else {
                output.append(Column.nulls(type: field.type, count: rows))
                continue
            }
            let widened = column.field?.type == .int32 && field.type == .int64
            guard column.field?.type == field.type || widened else {
                throw DataFlowError(.schema, "column has type \(column.field.map { "\($0.type)" } ?? "unsupported") here but \(field.type) in the scan's schema",
                                    location: ErrorLocation(path: path, column: field.name))
            }
            for chunk in column.chunks { metrics.addBytesRead(Int(metadata.columns[chunk].metadata?.totalCompressedSize ?? 0)) }
            output.append(try file.data.withUnsafeBytes { raw in try read(column, as: field.type, rows: rows, group: group, of: file, bytes: raw) })
        }
        return try RecordBatch(schema: outputSchema, columns: output, rowCount: rows)
    }

    /// The `rows` values of `column` in row group `group` of `file` (whose bytes are `raw`): a flat
    /// column's one chunk, or a nested column assembled from the value slots and levels of its leaves.
    private func read(_ column: ParquetColumn, as type: DataType, rows: Int, group: Int, of file: ParquetFileReader,
                      bytes raw: UnsafeRawBufferPointer) throws -> Column {
        let chunks = file.metadata.rowGroups[group].columns
        func reader(_ leaf: ParquetLeaf) -> ParquetColumnReader {
            ParquetColumnReader(path: path, rowGroup: group, leaf: leaf, verifyChecksums: source.options.verifyChecksums)
        }
        guard let node = column.nested else {
            guard let leaf = column.flatLeaf else {
                throw DataFlowError(.notImplemented, column.unsupported ?? "column cannot be read", location: ErrorLocation(path: path, column: column.name))
            }
            return try reader(leaf).read(file: raw, chunk: chunks[leaf.chunkIndex], rows: rows, as: type)
        }
        var leaves: [Int: (slots: Column, levels: ParquetLevels)] = [:]
        for chunk in column.chunks {
            leaves[chunk] = try reader(file.schema.leaves[chunk]).readLeveled(file: raw, chunk: chunks[chunk])
        }
        return try ParquetRecordAssembly(leaves: leaves, path: path, rowGroup: group).column(node, rows: rows)
    }
}
