import DataFlow
import Foundation

/// CSV files as a `DataSource`: one partition per file, or per byte range of a large file when the
/// dialect lets record boundaries be found anywhere. Only the requested columns are parsed; Hive
/// partition directories add typed columns; malformed records follow `CSVOptions.mode`.
struct CSVSource: DataSource {
    let dataset: Dataset
    let options: CSVOptions
    let dialect: CSVDialect
    /// The columns of the files (with the corrupt-record column, if the schema asks for it).
    let fileSchema: Schema
    let schema: Schema
    let timeZone: SessionTimeZone

    var description: String {
        let first = dataset.files.first.map { ($0.path as NSString).lastPathComponent } ?? ""
        return "csv \(dataset.files.count) file\(dataset.files.count == 1 ? "" : "s") (\(first)\(dataset.files.count > 1 ? ", ..." : ""))"
    }

    /// A source over `dataset` read with `options`: the schema is the given one, else the header's
    /// names (or `_c0`, `_c1`, ...) typed as strings or inferred.
    init(dataset: Dataset, options: CSVOptions, timeZone: SessionTimeZone) throws {
        self.dataset = dataset
        self.options = options
        self.timeZone = timeZone
        dialect = try options.dialect()
        let columns = try options.schema ?? CSVSchemaInference.infer(dataset: dataset, options: options, dialect: dialect, timeZone: timeZone)
        fileSchema = columns
        schema = try dataset.scanSchema(fileColumns: columns, fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn)
    }

    /// Filters on partition columns decide whole files: the files whose values fail are not read.
    func pushdown(for filter: PushedFilter) -> FilterPushdown { dataset.pushdown(for: filter) }

    func explain(_ request: ScanRequest) -> String? { dataset.pruningSummary(request.filters) }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        try dataset.rangePartitions(for: request, splitSize: options.splitSize, splittable: options.splittable) { fileIndex, range, request, batchSize in
            try CSVBatchStream(source: self, fileIndex: fileIndex, range: range, request: request, batchSize: batchSize)
        }
    }
}
