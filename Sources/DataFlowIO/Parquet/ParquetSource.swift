import DataFlow
import Foundation

/// Parquet files as a `DataSource`: the union of the files' columns, or the first file's with
/// `mergeSchema` off (flat columns; nested and unsupported ones skipped; missing ones read as null), one partition per row group (or file), and only the requested
/// columns decoded. Hive partition directories add typed columns. Pushed filters on file columns
/// skip row groups whose statistics prove that no row passes (the filters stay above the scan).
struct ParquetSource: DataSource {
    let dataset: Dataset
    let options: ParquetReadOptions
    /// The file columns exposed, with their names.
    let fileSchema: Schema
    let schema: Schema
    /// Every file's footer, read at planning time.
    let footers: [FileMetaData]
    /// Every file's readable schema.
    let fileSchemas: [ParquetSchema]
    /// Row groups read by the last planned scan, for `description`.
    let report = ParquetScanReport()

    var description: String {
        let first = dataset.files.first.map { ($0.path as NSString).lastPathComponent } ?? ""
        var text = "parquet \(dataset.files.count) file\(dataset.files.count == 1 ? "" : "s") (\(first)\(dataset.files.count > 1 ? ", ..." : ""))"
        if let planned = report.planned { text += ", row groups: \(planned.read) of \(planned.total) read" }
        return text
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
        var footers: [FileMetaData] = [], fileSchemas: [ParquetSchema] = []
        for file in dataset.files {
            let reader = try ParquetFileReader(path: file.path)
            footers.append(reader.metadata)
            fileSchemas.append(reader.schema)
        }
        self.footers = footers
        self.fileSchemas = fileSchemas
        let merged = try Self.mergedFields(fileSchemas, files: dataset.files, merge: options.mergeSchema)
        var fields: [Field] = []
        if let names = options.columns {
            for name in names {
                if let field = merged.first(where: { $0.name == name }) {
                    fields.append(field)
                    continue
                }
                let index = fileSchemas.firstIndex { $0.columns.contains { $0.name == name } }
                guard let index, let column = fileSchemas[index].columns.first(where: { $0.name == name }) else {
                    throw DataFlowError(.analysis, "column '\(name)' is not in the Parquet files (columns: \(fileSchemas[0].columns.map(\.name).joined(separator: ", ")))",
                                        location: ErrorLocation(path: first.path, column: name))
                }
                throw DataFlowError(.notImplemented, column.unsupported ?? "column '\(name)' cannot be read",
                                    location: ErrorLocation(path: dataset.files[index].path, column: name))
            }
        } else {
            fields = merged
        }
        fileSchema = Schema(fields)
        schema = try dataset.scanSchema(fileColumns: fileSchema)
    }

    /// The readable columns of the files: with `merge`, the union by name in first-seen order
    /// (nullable when a file lacks it; INT and BIGINT widen to BIGINT), else the first file's.
    /// - Throws: `DataFlowError(.schema)` naming both files and the column when types disagree.
    static func mergedFields(_ schemas: [ParquetSchema], files: [DatasetFile], merge: Bool) throws -> [Field] {
        var fields: [Field] = [], origin: [Int] = [], positions: [String: Int] = [:]
        for (fileIndex, schema) in (merge ? schemas : Array(schemas.prefix(1))).enumerated() {
            for field in schema.columns.compactMap(\.field) {
                guard let position = positions[field.name] else {
                    positions[field.name] = fields.count
                    fields.append(Field(field.name, field.type, nullable: field.nullable || fileIndex > 0))
                    origin.append(fileIndex)
                    continue
                }
                let known = fields[position]
                let type: DataType
                switch (known.type, field.type) {
                case let (a, b) where a == b: type = a
                case (.int32, .int64), (.int64, .int32): type = .int64
                default:
                    throw DataFlowError(.schema, "column '\(field.name)' is \(known.type) in \(files[origin[position]].path) but \(field.type) in \(files[fileIndex].path)",
                                        location: ErrorLocation(path: files[fileIndex].path, column: field.name))
                }
                fields[position] = Field(field.name, type, nullable: known.nullable || field.nullable)
            }
            if merge {
                let present = Set(schema.columns.compactMap { $0.field?.name })
                for (position, field) in fields.enumerated() where !present.contains(field.name) && !field.nullable {
                    fields[position] = Field(field.name, field.type, nullable: true)
                }
            }
        }
        return fields
    }

    /// Comparisons, IN and null tests on file columns are used to skip row groups by their
    /// statistics; rows of the remaining row groups are not filtered, so the filter stays above.
    /// Filters on partition columns decide whole files exactly, before their row groups are planned.
    func pushdown(for filter: PushedFilter) -> FilterPushdown {
        dataset.pushdown(for: filter, otherwise: fileSchema.fields.contains { $0.name == filter.column } ? .inexact : .unsupported)
    }

    func explain(_ request: ScanRequest) -> String? { dataset.pruningSummary(request.filters) }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        var partitions: [any ScanPartition] = []
        var read = 0, total = 0
        let kept = Set(try dataset.files(matching: request.filters))
        for index in dataset.files.indices {
            total += footers[index].rowGroups.count
            guard kept.contains(index) else { continue }
            let groups = rowGroups(ofFile: index, passing: request.filters)
            read += groups.count
            if options.partitionPerRowGroup {
                for group in groups {
                    partitions.append(ParquetScanPartition(source: self, fileIndex: index, rowGroups: [group], request: request))
                }
            } else if !groups.isEmpty {
                partitions.append(ParquetScanPartition(source: self, fileIndex: index, rowGroups: groups, request: request))
            }
        }
        report.record(read: read, total: total)
        return partitions
    }

    /// The row groups of file `index` whose statistics allow a row to pass every filter.
    func rowGroups(ofFile index: Int, passing filters: [PushedFilter]) -> [Int] {
        let footer = footers[index]
        let leaves = fileSchemas[index].columns
        let checks: [(ParquetLeaf, PushedFilter)] = filters.compactMap { filter in
            leaves.first { $0.name == filter.column && $0.field != nil }.map { ($0, filter) }
        }
        return footer.rowGroups.indices.filter { group in
            let rowGroup = footer.rowGroups[group]
            return checks.allSatisfy { leaf, filter in
                let typeDefined = leaf.chunkIndex < footer.typeDefinedOrders.count && footer.typeDefinedOrders[leaf.chunkIndex]
                let statistics = ParquetRowGroupFilter(leaf: leaf, chunk: rowGroup.columns[leaf.chunkIndex].metadata,
                                                       rowCount: rowGroup.rowCount, typeDefinedOrder: typeDefined)
                return statistics.canMatch(filter)
            }
        }
    }
}

/// Row groups of one file of a Parquet scan.
struct ParquetScanPartition: ScanPartition {
    let source: ParquetSource
    let fileIndex: Int
    /// The row groups to read, in order.
    let rowGroups: [Int]
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

    init(source: ParquetSource, fileIndex: Int, rowGroups: [Int], request: ScanRequest, batchSize: Int) throws {
        self.source = source
        self.fileIndex = fileIndex
        file = try ParquetFileReader(path: source.dataset.files[fileIndex].path)
        let available = file.metadata.rowGroups.count
        groups = rowGroups.filter { $0 < available }
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
            let widened = leaf.field?.type == .int32 && field.type == .int64
            guard leaf.field?.type == field.type || widened else {
                throw DataFlowError(.schema, "column has type \(leaf.field.map { "\($0.type)" } ?? "unsupported") here but \(field.type) in the scan's schema",
                                    location: ErrorLocation(path: file.path, column: field.name))
            }
            let reader = ParquetColumnReader(path: file.path, rowGroup: group, leaf: leaf)
            let column = try file.data.withUnsafeBytes { raw in
                try reader.read(file: raw, chunk: metadata.columns[leaf.chunkIndex], rows: rows, as: field.type)
            }
            output.append(column)
        }
        return try RecordBatch(schema: outputSchema, columns: output, rowCount: rows)
    }
}
