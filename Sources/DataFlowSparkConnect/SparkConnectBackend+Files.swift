import DataFlow
import DataFlowIO
import Foundation

/// Files are the cluster's: it lists them, reads them and writes them, with DataFlow's options
/// given by Spark's names.
extension SparkConnectBackend: FileQueryRunner {
    func dataset(_ paths: [String], extensions: [String]?, layout: String?) throws -> Dataset {
        try Dataset.discover(paths, extensions: extensions, layout: layout, listing: listFiles)
    }

    func read(_ read: FileRead, in session: Session) throws -> DataFrame {
        switch read.format {
        case let .csv(options):
            return try files("csv", read.paths, options: try SparkFileOptions.read(options), schema: options.schema, layout: options.partitionLayout,
                             fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn, in: session)
        case let .parquet(options):
            let frame = try files("parquet", read.paths, options: SparkFileOptions.read(options), schema: nil, layout: options.partitionLayout,
                                  extensions: ["parquet"], fileNameColumn: options.fileNameColumn, rowIndexColumn: options.rowIndexColumn, in: session)
            return try options.columns.map { try frame.select($0.map(col)) } ?? frame
        case let .json(options):
            return try files("json", read.paths, options: try SparkFileOptions.read(options), schema: options.schema, layout: options.partitionLayout,
                             in: session)
        }
    }

    func write(_ frame: DataFrame, _ write: FileWrite) throws -> WriteSummary {
        guard write.namePrefix == "part" else {
            throw DataFlowError.invalidArgument("fileNamePrefix", "Spark names the files it writes; a remote write cannot use the prefix '\(write.namePrefix)'")
        }
        var (format, options): (String, [String: String])
        switch write.format {
        case let .csv(csv): (format, options) = ("csv", try SparkFileOptions.write(csv))
        case let .parquet(parquet): (format, options) = ("parquet", SparkFileOptions.write(parquet))
        case let .json(json): (format, options) = ("json", SparkFileOptions.write(json))
        }
        options["partitionOverwriteMode"] = write.partitionOverwrite == .dynamic ? "dynamic" : "static"
        let target = RemoteFileWrite(format: format, path: write.path, mode: write.mode.rawValue, partitionBy: write.partitionBy, options: options)
        return try self.write(frame.plan, to: target)
    }

    /// Files the cluster reads; their schema comes from the cluster. Spark finds Hive (`key=value`)
    /// partitions itself. A `layout` of other directories (`{year}/{month}/{day}`) is listed by the
    /// cluster: the read becomes a union of one read per directory, its partition values added as
    /// constants.
    private func files(_ format: String, _ paths: [String], options: [String: String], schema: Schema?, layout: String? = nil,
                       extensions: [String]? = nil, fileNameColumn: String? = nil, rowIndexColumn: String? = nil,
                       in session: Session) throws -> DataFrame {
        func frame(_ paths: [String], dataSchema: Schema?, options: [String: String] = options) throws -> DataFrame {
            let read = RemoteFileRead(format: format, paths: paths, options: options, schema: dataSchema?.ddl,
                                      fileNameColumn: fileNameColumn, rowIndexColumn: rowIndexColumn)
            return session.read(RemoteFileSource(read: read, schema: try self.schema(ofFiles: read), backendName: name))
        }
        guard let layout else { return try frame(paths, dataSchema: schema) }

        let dataset = try dataset(paths, extensions: extensions, layout: layout)
        // Files of one directory share their partition values: one read per directory (Spark lists
        // it, keeping files of the extension), in path order.
        var directories: [(path: String, values: [Scalar])] = []
        var seen: Set<String> = []
        for (index, file) in dataset.files.enumerated() {
            let directory = (file.path as NSString).deletingLastPathComponent
            if seen.insert(directory).inserted { directories.append((directory, dataset.partitionValues[index])) }
        }
        var directoryOptions = options
        if let extensions, extensions.count == 1 { directoryOptions["pathGlobFilter"] = "*." + extensions[0] }
        var frames: [DataFrame] = []
        var dataSchema = schema
        for directory in directories {
            var part = try frame([directory.path], dataSchema: dataSchema, options: directoryOptions)
            // The first directory's schema (without the file and row columns) is every other's.
            if dataSchema == nil {
                dataSchema = Schema(part.schema.fields.filter { $0.name != fileNameColumn && $0.name != rowIndexColumn })
            }
            for (field, value) in zip(dataset.partitionSchema.fields, directory.values) {
                part = try part.withColumn(field.name, value.isNull ? nullLiteral(field.type) : lit(value).cast(field.type))
            }
            frames.append(part)
        }
        guard var union = frames.first else {
            throw DataFlowError(.io, "no \(format) files under \(paths.joined(separator: ", "))", location: ErrorLocation(path: paths.first))
        }
        for part in frames.dropFirst() { union = try union.union(part) }
        return union
    }
}
