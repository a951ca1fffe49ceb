import DataFlow
import Foundation

/// Parquet files as a `DataSource`: the first file's columns, or with `mergeSchema` the union of
/// every file's (columns of types DataFlow cannot read skipped; missing ones read as null), one
/// partition per file (or per byte range of a large one: `Dataset.splitSize`), and only the requested columns
/// decoded. Planning reads the first file's footer only (every footer with `mergeSchema`): the scan
/// tasks read the others, so files that partition filters exclude are never opened. Hive partition
/// directories add typed columns. Pushed filters on file columns skip row groups whose statistics,
/// or whose dictionaries of string columns, prove that no row passes (the filters stay above the scan).
struct ParquetSource: DataSource {
    let dataset: Dataset
    let options: ParquetReadOptions
    /// The file columns exposed, with their names.
    let fileSchema: Schema
    let schema: Schema
    /// The footers read at planning, of the first `footers.count` files.
    let footers: [ParquetFooter]
    /// The bound on files open at once, shared by every scan of the source.
    let openFiles: ParquetOpenFiles

    var description: String {
        let first = dataset.files.first.map { ($0.path as NSString).lastPathComponent } ?? ""
        return "parquet \(dataset.files.count) file\(dataset.files.count == 1 ? "" : "s") (\(first)\(dataset.files.count > 1 ? ", ..." : ""))"
    }

    /// A source over `dataset`.
    /// - Throws: `DataFlowError` for invalid options, unreadable footers, a requested column of a
    ///   type DataFlow does not read or missing, or partition columns that clash with file columns.
    init(dataset: Dataset, options: ParquetReadOptions) throws {
        guard options.splitSize > 0 else { throw DataFlowError.invalidArgument("splitSize", "must be positive, got \(options.splitSize)") }
        guard options.maxOpenFiles > 0 else { throw DataFlowError.invalidArgument("maxOpenFiles", "must be positive, got \(options.maxOpenFiles)") }
        self.dataset = dataset
        self.options = options
        guard let first = dataset.files.first else {
            throw DataFlowError(.io, "no Parquet files found", location: nil)
        }
        let openFiles = ParquetOpenFiles(limit: options.maxOpenFiles)
        self.openFiles = openFiles
        let planned = options.mergeSchema ? dataset.files : [first]
        footers = try planned.map { file in try openFiles.withFile(file.path, size: file.size) { $0.footer } }
        let schemas = footers.map(\.schema)
        var merged = try Self.mergedFields(schemas, files: dataset.files)
        if !options.mergeSchema && dataset.files.count > 1 {
            // Other files may lack a column of the first one: it then reads as null.
            merged = merged.map { Field($0.name, $0.type, nullable: true) }
        }
        var fields: [Field] = []
        if let names = options.columns {
            for name in names {
                if let field = merged.first(where: { $0.name == name }) {
                    fields.append(field)
                    continue
                }
                let index = schemas.firstIndex { $0.columns.contains { $0.name == name } }
                guard let index, let column = schemas[index].columns.first(where: { $0.name == name }) else {
                    let scope = options.mergeSchema ? "the Parquet files" : "the first Parquet file (set mergeSchema to read the union of every file's columns)"
                    throw DataFlowError(.analysis, "column '\(name)' is not in \(scope) (columns: \(merged.map(\.name).joined(separator: ", ")))",
                                        location: ErrorLocation(path: first.path, column: name))
                }
                throw DataFlowError(.notImplemented, column.unsupported ?? "column '\(name)' cannot be read",
                                    location: ErrorLocation(path: dataset.files[index].path, column: name))
            }
        } else {
            fields = merged
        }
        fileSchema = Schema(fields)
        schema = try dataset.scanSchema(fileColumns: fileSchema, fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn)
    }

    /// The union of the readable columns of `schemas` (the footers of the first files of `files`), by
    /// name in first-seen order: nullable when a file lacks it; INT and BIGINT widen to BIGINT.
    /// - Throws: `DataFlowError(.schema)` naming both files and the column when types disagree.
    static func mergedFields(_ schemas: [ParquetSchema], files: [DatasetFile]) throws -> [Field] {
        var fields: [Field] = [], origin: [Int] = [], positions: [String: Int] = [:]
        for (fileIndex, schema) in schemas.enumerated() {
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
            let present = Set(schema.columns.compactMap { $0.field?.name })
            for (position, field) in fields.enumerated() where !present.contains(field.name) && !field.nullable {
                fields[position] = Field(field.name, field.type, nullable: true)
            }
        }
        return fields
    }

    /// The footer of file `index` when planning read it.
    func plannedFooter(_ index: Int) -> ParquetFooter? { index < footers.count ? footers[index] : nil }

    /// Comparisons, IN and null tests on file columns are used to skip row groups by their
    /// statistics and dictionaries; rows of the remaining row groups are not filtered, so the filter
    /// stays above. Filters on partition columns decide whole files exactly, before any is opened.
    func pushdown(for filter: PushedFilter) -> FilterPushdown {
        dataset.pushdown(for: filter, otherwise: fileSchema.fields.contains { $0.name == filter.column } ? .inexact : .unsupported)
    }

    /// The rows the planned footers record, and for the files whose footers planning did not read,
    /// their sizes at the first file's rows per byte.
    var estimatedRowCount: Int? {
        let known = footers.reduce(0) { $0 + Int(clamping: $1.metadata.rowCount) }
        let unread = dataset.files.dropFirst(footers.count).reduce(0) { $0 + $1.size }
        guard unread > 0, let first = dataset.files.first, first.size > 0, let firstFooter = footers.first else { return known }
        return known + Int(Double(unread) * Double(firstFooter.metadata.rowCount) / Double(first.size))
    }

    /// The files left by partition pruning (row groups are pruned as the scan runs: its metrics count them).
    func explain(_ request: ScanRequest) -> String? { dataset.pruningSummary(request.filters) }

    /// One partition per byte range of each file partition filters keep; no footer is read here.
    /// The small files of an object store are fetched ahead of the tasks (`ObjectReadAhead`).
    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        var partitions: [any ScanPartition] = []
        let kept = try dataset.files(matching: request.filters)
        let small = kept.map { dataset.files[$0] }.filter { ObjectStores.isObjectPath($0.path) && $0.size <= ParquetFileReader.coalesceGap }
        let readAhead = small.count > 1 ? ObjectReadAhead(files: small) : nil
        let splitSize = dataset.splitSize(of: kept, request: request, maximum: options.splitSize)
        for index in kept {
            var ranges = dataset.files[index].byteRanges(splitSize: splitSize)
            // The last range takes every row group from its start on, whatever the file's size is now.
            ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound..<Int.max
            for range in ranges {
                partitions.append(ParquetScanPartition(source: self, fileIndex: index, byteRange: range, request: request, readAhead: readAhead))
            }
        }
        return partitions
    }
}

/// The row groups of one file, or of one byte range of a large file, of a Parquet scan.
struct ParquetScanPartition: ScanPartition {
    let source: ParquetSource
    let fileIndex: Int
    /// The row groups whose midpoint lies in this range are read.
    let byteRange: Range<Int>
    let request: ScanRequest
    /// Fetches the scan's small remote files ahead of their tasks (nil: none to fetch).
    let readAhead: ObjectReadAhead?

    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream {
        ParquetBatchStream(partition: self, batchSize: context.batchSize, metrics: metrics)
    }
}
