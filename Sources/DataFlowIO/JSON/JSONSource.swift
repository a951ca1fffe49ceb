import DataFlow
import Foundation

/// JSON lines files as a `DataSource`: one partition per compressed file, or per byte range of an
/// uncompressed one (a line break never occurs inside a JSON line, so any range boundary moves to
/// the next line start). Only the requested columns are converted; Hive partition directories add
/// typed columns; malformed lines follow `JSONOptions.mode`.
struct JSONSource: DataSource {
    let dataset: Dataset
    let options: JSONOptions
    /// The columns of the files (with the corrupt-record column, if the schema asks for it).
    let fileSchema: Schema
    let schema: Schema
    /// Per file column, the parser of its values' text.
    let parsers: [TextColumnParser]
    /// The index of the corrupt-record column in `fileSchema`, if it has one.
    let corruptIndex: Int?

    var description: String {
        let first = dataset.files.first.map { ($0.path as NSString).lastPathComponent } ?? ""
        return "json \(dataset.files.count) file\(dataset.files.count == 1 ? "" : "s") (\(first)\(dataset.files.count > 1 ? ", ..." : ""))"
    }

    /// A source over `dataset` read with `options`: the schema is the given one, else inferred.
    /// - Throws: `DataFlowError` for invalid options, a partition column clashing with a file
    ///   column, or (in fail-fast mode) a malformed sampled line.
    init(dataset: Dataset, options: JSONOptions, timeZone: SessionTimeZone) throws {
        guard options.splitSize > 0 else { throw DataFlowError.invalidArgument("splitSize", "must be positive, got \(options.splitSize)") }
        self.dataset = dataset
        self.options = options
        let columns = try options.schema ?? JSONSchemaInference.infer(dataset: dataset, options: options, timeZone: timeZone)
        fileSchema = columns
        schema = try dataset.scanSchema(fileColumns: columns)
        parsers = try columns.fields.map { field in
            try TextColumnParser(type: field.type, dateFormat: options.dateFormat, timestampFormat: options.timestampFormat, timeZone: timeZone)
        }
        corruptIndex = columns.fields.firstIndex { $0.name == options.columnNameOfCorruptRecord && $0.type == .string }
    }

    /// Filters on partition columns decide whole files: the files whose values fail are not read.
    func pushdown(for filter: PushedFilter) -> FilterPushdown { dataset.pushdown(for: filter) }

    func explain(_ request: ScanRequest) -> String? { dataset.pruningSummary(request.filters) }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        try dataset.rangePartitions(for: request, splitSize: options.splitSize, splittable: true) { fileIndex, range, request, batchSize in
            try JSONBatchStream(source: self, fileIndex: fileIndex, range: range, request: request, batchSize: batchSize)
        }
    }
}
