import DataFlow
import Foundation

/// Parquet files as a `DataSource`: the schema of the first file (flat columns; nested and
/// unsupported ones skipped), one partition per row group (or file), and only the requested
/// columns decoded. Hive partition directories add typed columns.
struct ParquetSource: DataSource {
    let dataset: Dataset
    let options: ParquetReadOptions
    /// The file columns exposed, with their names.
    let fileSchema: Schema
    let schema: Schema
    /// Row groups per file, learnt from the footers at planning time.
    let rowGroupCounts: [Int]

    var description: String {
        let first = dataset.files.first.map { ($0.path as NSString).lastPathComponent } ?? ""
        return "parquet \(dataset.files.count) file\(dataset.files.count == 1 ? "" : "s") (\(first)\(dataset.files.count > 1 ? ", ..." : ""))"
    }

    /// A source over `dataset`.
    /// - Throws: `DataFlowError` for unreadable footers, a requested column that is nested,
    ///   unsupported or missing, or partition columns that clash with file columns.
    init(dataset: Dataset, options: ParquetReadOptions) throws {
        self.dataset = dataset
        self.options = options
        guard let first = dataset.files.first else {
            throw DataFlowError(.io, "no Parquet files found", location: nil)
        }
        let reader = try ParquetFileReader(path: first.path)
        var fields: [Field] = []
        if let names = options.columns {
            for name in names {
                guard let column = reader.schema.columns.first(where: { $0.name == name }) else {
                    throw DataFlowError(.analysis, "column '\(name)' is not in the Parquet file (columns: \(reader.schema.columns.map(\.name).joined(separator: ", ")))",
                                        location: ErrorLocation(path: first.path, column: name))
                }
                guard let field = column.field else {
                    throw DataFlowError(.notImplemented, column.unsupported ?? "column '\(name)' cannot be read", location: ErrorLocation(path: first.path, column: name))
                }
                fields.append(field)
            }
        } else {
            fields = reader.schema.columns.compactMap(\.field)
        }
        if let clash = dataset.partitionSchema.fields.first(where: { field in fields.contains { $0.name.lowercased() == field.name.lowercased() } }) {
            throw DataFlowError(.schema, "partition column '\(clash.name)' is also a column of the files", location: ErrorLocation(column: clash.name))
        }
        fileSchema = Schema(fields)
        schema = Schema(fields + dataset.partitionSchema.fields)
        var counts = [reader.metadata.rowGroups.count]
        if options.partitionPerRowGroup {
            for file in dataset.files.dropFirst() { counts.append(try ParquetFileReader(path: file.path).metadata.rowGroups.count) }
        }
        rowGroupCounts = counts
    }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        var partitions: [any ScanPartition] = []
        for index in dataset.files.indices {
            if options.partitionPerRowGroup {
                for group in 0..<rowGroupCounts[index] {
                    partitions.append(ParquetScanPartition(source: self, fileIndex: index, rowGroups: group..<(group + 1), request: request))
                }
            } else {
                partitions.append(ParquetScanPartition(source: self, fileIndex: index, rowGroups: nil, request: request))
            }
        }
        return partitions
    }
}

/// Row groups of one file of a Parquet scan.
struct ParquetScanPartition: ScanPartition {
    let source: ParquetSource
    let fileIndex: Int
    /// The row groups to read; nil for all of them.
    let rowGroups: Range<Int>?
    let request: ScanRequest

    func open(context: ExecutionContext) throws -> any BatchStream {
        try ParquetBatchStream(source: source, fileIndex: fileIndex, rowGroups: rowGroups, request: request, batchSize: context.batchSize)
    }
}

/// Decodes one row group at a time (the requested columns only) and hands it out in batches.
final class ParquetBatchStream: BatchStream {
    private let source: ParquetSource
    private let file: ParquetFileReader
    private let fileIndex: Int
    private var groups: [Int]
    private let columns: [Int]
    private let outputSchema: Schema
    private let batchSize: Int
    private var remainingLimit: Int
    private var current: RecordBatch?
    private var position = 0

    init(source: ParquetSource, fileIndex: Int, rowGroups: Range<Int>?, request: ScanRequest, batchSize: Int) throws {
        self.source = source
        self.fileIndex = fileIndex
        file = try ParquetFileReader(path: source.dataset.files[fileIndex].path)
        let available = file.metadata.rowGroups.count
        groups = Array(rowGroups.map { $0.clamped(to: 0..<available) } ?? 0..<available)
        columns = request.columns ?? Array(source.schema.fields.indices)
        outputSchema = Schema(columns.map { source.schema[$0] })
        self.batchSize = max(1, batchSize)
        remainingLimit = request.limit ?? Int.max
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
            guard !groups.isEmpty else { return nil }
            current = try readRowGroup(groups.removeFirst())
            position = 0
        }
        return nil
    }

    private func readRowGroup(_ group: Int) throws -> RecordBatch {
        let metadata = file.metadata.rowGroups[group]
        guard metadata.rowCount <= Int64(Int32.max) else {
            throw DataFlowError(.notImplemented, "row group of \(metadata.rowCount) rows is too large", location: ErrorLocation(path: file.path, rowGroup: group))
        }
        let rows = Int(metadata.rowCount)
        let fileColumns = source.fileSchema.count
        var output: [Column] = []
        for index in columns {
            let field = source.schema[index]
            if index >= fileColumns {
                let value = source.dataset.partitionValues[fileIndex][index - fileColumns]
                output.append(try Column.repeating(value, type: field.type, count: rows))
                continue
            }
            guard let leaf = file.schema.columns.first(where: { $0.name == field.name }) else {
                output.append(Column.nulls(type: field.type, count: rows))
                continue
            }
            guard leaf.field?.type == field.type else {
                throw DataFlowError(.schema, "column has type \(leaf.field.map { "\($0.type)" } ?? "unsupported") here but \(field.type) in the first file",
                                    location: ErrorLocation(path: file.path, column: field.name))
            }
            let reader = ParquetColumnReader(path: file.path, rowGroup: group, leaf: leaf)
            let column = try file.data.withUnsafeBytes { raw in
                try reader.read(file: raw, chunk: metadata.columns[leaf.chunkIndex], rows: rows)
            }
            output.append(column)
        }
        return try RecordBatch(schema: outputSchema, columns: output, rowCount: rows)
    }
}
