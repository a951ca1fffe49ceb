import DataFlow
import Foundation

/// A file format's writer for one output file.
protocol FormatWriter: AnyObject {
    /// Writes one batch of the data columns.
    func write(_ batch: RecordBatch) throws
    /// Writes what the format needs at the end (and nothing else: the caller closes the file).
    func finish() throws
}

/// A text or binary file format that DataFlow writes.
protocol OutputFileFormat: Sendable {
    /// The file name extension, with the dot (".csv").
    var fileExtension: String { get }
    /// The whole-file compression of the output.
    var compression: FileCompression { get }
    /// A writer of rows with `schema` into `file`.
    func makeWriter(file: OutputFile, schema: Schema) throws -> any FormatWriter
}

/// Writes a DataFrame as files of a format into a directory, atomically (see `FileWriteJob`, and
/// `ObjectWriteJob` in an object store): one
/// file per task (so `repartition(n)` gives exactly n files), or with `partitionBy` one per task and
/// Hive partition directory (the columns become `key=value/` directories and leave the data files).
struct FileSink: DataSink {
    let path: String
    let mode: SaveMode
    let format: any OutputFileFormat
    let partitionBy: [String]
    /// What `overwrite` replaces when `partitionBy` is set.
    var partitionOverwrite: PartitionOverwriteMode = .static
    /// The start of every file name.
    var namePrefix = "part"

    func begin(schema: Schema, partitionCount: Int) throws -> any SinkWriteJob {
        let partitionIndices = try partitionBy.map { try schema.index(of: $0) }
        if !partitionIndices.isEmpty && partitionIndices.count == schema.count {
            throw DataFlowError.invalidArgument("partitionBy", "cannot partition by every column: no data columns would remain")
        }
        let dynamicDepth = partitionOverwrite == .dynamic && !partitionBy.isEmpty ? partitionBy.count : nil
        let job: any FileOutputJob
        if let directory = try ObjectStores.resolve(path) {
            job = try ObjectWriteJob(directory: directory, target: path, mode: mode, dynamicPartitionDepth: dynamicDepth, namePrefix: namePrefix)
        } else {
            job = try FileWriteJob(target: path, mode: mode, dynamicPartitionDepth: dynamicDepth, namePrefix: namePrefix)
        }
        return FileSinkJob(job: job, format: format, schema: schema, partitionIndices: partitionIndices)
    }
}

private final class FileSinkJob: SinkWriteJob, Sendable {
    let job: any FileOutputJob
    let format: any OutputFileFormat
    let schema: Schema
    let partitionIndices: [Int]

    init(job: any FileOutputJob, format: any OutputFileFormat, schema: Schema, partitionIndices: [Int]) {
        self.job = job
        self.format = format
        self.schema = schema
        self.partitionIndices = partitionIndices
    }

    func writer(partition: Int) throws -> any PartitionWriter {
        FilePartitionWriter(job: job, format: format, schema: schema, partitionIndices: partitionIndices, partition: partition)
    }

    func commit(_ results: [PartitionWriteResult]) throws { try job.commit(written: results.flatMap(\.files)) }
    func abort() { job.abort() }
}

/// Writes one task's rows: into one file, or one file per partition directory.
private final class FilePartitionWriter: PartitionWriter {
    let job: any FileOutputJob
    let format: any OutputFileFormat
    let dataSchema: Schema
    let dataIndices: [Int]
    let partitionIndices: [Int]
    let partitionFields: [Field]
    let partition: Int
    private var open: [String: (file: OutputFile, writer: any FormatWriter)] = [:]
    private var order: [String] = []
    private var rows = 0

    init(job: any FileOutputJob, format: any OutputFileFormat, schema: Schema, partitionIndices: [Int], partition: Int) {
        self.job = job
        self.format = format
        self.partitionIndices = partitionIndices
        partitionFields = partitionIndices.map { schema[$0] }
        dataIndices = schema.fields.indices.filter { !partitionIndices.contains($0) }
        dataSchema = Schema(dataIndices.map { schema[$0] })
        self.partition = partition
    }

    private func writer(directory: String) throws -> any FormatWriter {
        if let existing = open[directory] { return existing.writer }
        let name = job.fileName(partition: partition, file: 0, fileExtension: format.fileExtension + format.compression.fileExtension)
        let relative = directory.isEmpty ? name : directory + "/" + name
        let file = try job.createFile(relative, compression: format.compression)
        let writer = try format.makeWriter(file: file, schema: dataSchema)
        open[directory] = (file, writer)
        order.append(relative)
        return writer
    }

    func write(_ batch: RecordBatch) throws {
        rows += batch.rowCount
        let data = { (rows: RecordBatch) in rows.selecting(columns: self.dataIndices) }
        guard !partitionIndices.isEmpty else {
            try writer(directory: "").write(data(batch))
            return
        }
        // One group per distinct partition value tuple, each written to its directory (named once per group).
        for rows in DistinctRows(partitionIndices.map { batch.columns[$0] }).rows {
            let first = Int(rows[0])
            let directory = zip(partitionFields, partitionIndices).map { field, index in
                "\(escapePartitionName(field.name))=\(partitionDirectoryValue(batch.columns[index].scalar(at: first)))"
            }.joined(separator: "/")
            let part = rows.count == batch.rowCount ? batch : take(batch, indices: rows)
            try writer(directory: directory).write(data(part))
        }
    }

    func finish() throws -> PartitionWriteResult {
        // Without partitionBy every task writes its file, even empty: `repartition(n)` before a
        // write gives exactly n files, and an empty result still has one (with a header).
        if open.isEmpty && partitionIndices.isEmpty { _ = try writer(directory: "") }
        var bytes = 0
        for (_, entry) in open {
            try entry.writer.finish()
            bytes += try entry.file.close()
        }
        return PartitionWriteResult(rows: rows, files: order, bytes: bytes)
    }
}

/// A partition value as a Hive directory name: special characters percent-escaped, null as Hive's
/// default partition.
func partitionDirectoryValue(_ value: Scalar) -> String {
    if value.isNull { return hiveDefaultPartition }
    let text = value.formatted()
    return text.isEmpty ? hiveDefaultPartition : escapePartitionName(text)
}

/// Escapes the characters Hive escapes in partition paths.
func escapePartitionName(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || "\"#%'*/:=?\\\u{7F}{[]^".unicodeScalars.contains(scalar) {
            out += String(format: "%%%02X", scalar.value)
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
