import DataFlow

extension DataFrameReader {
    /// Files the remote session's cluster reads: their schema comes from the cluster.
    func remote(_ format: String, _ paths: [String], options: [String: String], schema: Schema?) throws -> DataFrame {
        guard let remote = session.remote else { throw DataFlowError.internalError("a remote read on a local session") }
        let read = RemoteFileRead(format: format, paths: paths, options: options, schema: schema?.ddl)
        return session.read(RemoteFileSource(read: read, schema: try remote.schema(ofFiles: read), backendName: remote.name))
    }
}

extension DataFrameWriter {
    /// A write the remote session's cluster runs. Its summary holds what the cluster reports of
    /// the rows, files and bytes it wrote.
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
