import DataFlow
import DataFlowIO

extension SparkConnectBackend {
    /// The data files under `path` on the cluster's file system with their sizes, listed by Spark's
    /// `binaryFile` source without reading them; hidden files (`_SUCCESS`, `.crc`) are not data.
    /// Paths are spelled as DataFlow spells them: a local file's without its `file:` scheme.
    /// - Parameter missingIsEmpty: whether a `path` that does not exist lists as empty rather than
    ///   failing.
    func dataFiles(under path: String, missingIsEmpty: Bool) throws -> [String: Int] {
        let listing = PlanTranslator.read(RemoteFileRead(format: "binaryFile", paths: [path], options: ["recursiveFileLookup": "true"]))
        let expressions = translator.expressions
        var project = Spark_Connect_Project()
        project.input = listing
        project.expressions = [PlanTranslator.localPath(try expressions.translate(col("path")), expressions),
                               try expressions.translate(col("length"))]
        var relation = Spark_Connect_Relation()
        relation.project = project
        let execution: SparkConnectClient.Execution
        do {
            execution = try client.execute(Self.plan(relation))
        } catch let error as DataFlowError where missingIsEmpty && error.message.contains("PATH_NOT_FOUND") {
            return [:]
        }
        var files: [String: Int] = [:]
        for batch in try Self.batches(of: execution) {
            for row in 0..<batch.rowCount {
                guard case let .string(file) = batch.columns[0].scalar(at: row), let size = batch.columns[1].scalar(at: row).integerValue else {
                    throw DataFlowError(.execution, "\(name) listed \(path) without a path or size")
                }
                files[file] = size
            }
        }
        return files
    }
}
