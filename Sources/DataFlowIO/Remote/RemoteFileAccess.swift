import DataFlow
import Foundation

extension DataFrameReader {
    /// Files the remote session's cluster reads; their schema comes from the cluster. Spark finds
    /// Hive (`key=value`) partitions itself. A `layout` of other directories (`{year}/{month}/{day}`)
    /// is listed by the cluster: the read becomes a union of one read per directory, its partition
    /// values added as constants.
    func remote(_ format: String, _ paths: [String], options: [String: String], schema: Schema?, layout: String? = nil,
                extensions: [String]? = nil, fileNameColumn: String? = nil, rowIndexColumn: String? = nil) throws -> DataFrame {
        guard let remote = session.remote else { throw DataFlowError.internalError("a remote read on a local session") }
        func frame(_ paths: [String], dataSchema: Schema?, options: [String: String] = options) throws -> DataFrame {
            let read = RemoteFileRead(format: format, paths: paths, options: options, schema: dataSchema?.ddl,
                                      fileNameColumn: fileNameColumn, rowIndexColumn: rowIndexColumn)
            return session.read(RemoteFileSource(read: read, schema: try remote.schema(ofFiles: read), backendName: remote.name))
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

extension DataFrameWriter {
    /// A write the remote session's cluster runs. Its summary holds the rows, files and bytes the
    /// cluster wrote, the files relative to the target directory.
    func remote(_ format: String, _ path: String, options: [String: String]) throws -> WriteSummary {
        guard let remote = frame.session.remote else { throw DataFlowError.internalError("a remote write on a local session") }
        guard namePrefix == "part" else {
            throw DataFlowError.invalidArgument("fileNamePrefix", "Spark names the files it writes; a remote write cannot use the prefix '\(namePrefix)'")
        }
        var options = options
        options["partitionOverwriteMode"] = partitionOverwrite == .dynamic ? "dynamic" : "static"
        let target = RemoteFileWrite(format: format, path: path, mode: saveMode.rawValue, partitionBy: partitionColumns, options: options)
        return try remote.write(frame.plan, to: target)
    }
}
