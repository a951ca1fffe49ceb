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
        if let clash = dataset.partitionSchema.fields.first(where: { field in columns.fields.contains { $0.name.lowercased() == field.name.lowercased() } }) {
            throw DataFlowError(.schema, "partition column '\(clash.name)' is also a column of the files", location: ErrorLocation(column: clash.name))
        }
        fileSchema = columns
        schema = Schema(columns.fields + dataset.partitionSchema.fields)
        parsers = try columns.fields.map { field in
            try TextColumnParser(type: field.type, dateFormat: options.dateFormat, timestampFormat: options.timestampFormat, timeZone: timeZone)
        }
        corruptIndex = columns.fields.firstIndex { $0.name == options.columnNameOfCorruptRecord && $0.type == .string }
    }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        var partitions: [any ScanPartition] = []
        for (index, file) in dataset.files.enumerated() {
            let ranges = FileCompression.forPath(file.path) == .none && file.size > options.splitSize
                ? stride(from: 0, to: file.size, by: options.splitSize).map { $0..<min(file.size, $0 + options.splitSize) }
                : [0..<Int.max]
            for range in ranges {
                partitions.append(JSONScanPartition(source: self, fileIndex: index, range: range, request: request))
            }
        }
        return partitions
    }
}

/// One file, or one byte range of one, of a JSON lines scan.
struct JSONScanPartition: ScanPartition {
    let source: JSONSource
    let fileIndex: Int
    let range: Range<Int>
    let request: ScanRequest

    func open(context: ExecutionContext) throws -> any BatchStream {
        try JSONBatchStream(source: source, fileIndex: fileIndex, range: range, request: request, batchSize: context.batchSize)
    }
}
