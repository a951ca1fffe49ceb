import DataFlow
import DataFlowIO
import Foundation
import SwiftProtobuf

/// Runs a remote session's queries on a Spark Connect server: plans are translated into Spark
/// Connect relations, results come back as Arrow IPC streams decoded into DataFlow batches, and
/// writes become Spark's write operation.
final class SparkConnectBackend: QueryRunner {
    let client: SparkConnectClient
    let timeZone: SessionTimeZone
    let translator: PlanTranslator

    /// Opens a session on the server at `url` with Spark's settings made DataFlow's: the session
    /// time zone, ANSI mode off (invalid casts and division by zero yield null), and Parquet
    /// timestamps written as DataFlow writes them (INT64 microseconds, UTC-adjusted, not INT96).
    init(url: SparkConnectURL, timeZone: SessionTimeZone) throws {
        client = try SparkConnectClient(url: url)
        self.timeZone = timeZone
        translator = PlanTranslator(timeZone: timeZone)
        try client.setConfig(["spark.sql.session.timeZone": timeZone.identifier, "spark.sql.ansi.enabled": "false",
                              "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS"])
    }

    var name: String { "Spark Connect at \(client.url)" }
    var runsInProcess: Bool { false }

    func collect(_ frame: DataFrame) throws -> [RecordBatch] { try collect(frame.plan, schema: frame.schema) }

    func profile(_ frame: DataFrame) throws -> (batches: [RecordBatch], metrics: QueryMetrics) { throw metricsAreTheCluster() }

    /// Metrics are collected where a query runs: the cluster's UI shows them.
    private func metricsAreTheCluster() -> DataFlowError {
        DataFlowError(.notImplemented, "metrics are collected where a query runs; \(name) shows them in its own UI")
    }

    /// The cluster runs the query and its rows come here, where the sink (a database this process
    /// writes) takes them as one partition.
    func write(_ frame: DataFrame, to sink: any DataSink) throws -> WriteSummary {
        let batches = try collect(frame)
        let job = try sink.begin(schema: frame.schema, partitionCount: 1)
        return try job.commit {
            let writer = try job.writer(partition: 0)
            for batch in batches where batch.rowCount > 0 { try writer.write(batch) }
            return [try writer.finish()]
        }
    }

    /// The cluster keeps the rows (Spark's local checkpoint) until the returned DataFrame and those
    /// built on it are gone; nothing comes here.
    func cache(_ frame: DataFrame) throws -> DataFrame {
        frame.with(.scan(Scan(source: RemoteCachedSource(rows: try cache(frame.plan), schema: frame.schema, backendName: name))))
    }

    func explain(_ frame: DataFrame, mode: ExplainMode) throws -> String {
        guard mode != .analyze else { throw metricsAreTheCluster() }
        return "== Parsed Logical Plan ==\n\(frame.plan.description)\n== \(name) ==\n\(try explain(frame.plan))"
    }

    func schema(ofFiles read: RemoteFileRead) throws -> Schema {
        try SparkTypes.schema(try client.schema(Self.plan(PlanTranslator.read(read))))
    }

    func listFiles(_ path: String) throws -> [(path: String, size: Int)] {
        try dataFiles(under: path, missingIsEmpty: false).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func collect(_ plan: LogicalPlan, schema: Schema) throws -> [RecordBatch] {
        try Self.batches(of: try client.execute(Self.plan(try translator.translate(plan)))).map {
            try $0.conformed(to: schema, timeZone: timeZone)
        }
    }

    /// The non-empty batches of an execution's Arrow IPC streams, in order.
    static func batches(of execution: SparkConnectClient.Execution) throws -> [RecordBatch] {
        try execution.arrowStreams.flatMap { try ArrowIPC.readStream([UInt8]($0)).batches.filter { $0.rowCount > 0 } }
    }

    func write(_ plan: LogicalPlan, to target: RemoteFileWrite) throws -> WriteSummary {
        // The rows written are counted as they pass into the writer (Spark's `observe`), and come
        // back with the command's response. The files written are the data files there afterwards
        // that were not there before: Spark names every file of a write after the write's job.
        let keepsFiles = target.mode == "append" || target.options["partitionOverwriteMode"] == "dynamic"
        let before = keepsFiles ? try dataFiles(under: target.path, missingIsEmpty: true) : [:]
        var observe = Spark_Connect_CollectMetrics()
        observe.input = try translator.translate(plan)
        observe.name = Self.writtenRowsMetric
        observe.metrics = [try translator.expressions.translate(Expr.count().alias("rows"))]
        var observed = Spark_Connect_Relation()
        observed.common.planID = 1
        observed.collectMetrics = observe
        var write = Spark_Connect_WriteOperation()
        write.input = observed
        write.source = target.format
        write.path = target.path
        write.mode = try Self.saveMode(target.mode)
        write.partitioningColumns = target.partitionBy
        write.options = target.options
        var command = Spark_Connect_Command()
        command.writeOperation = write
        let execution = try client.execute(Self.plan(command))
        guard let rows = execution.observed.first(where: { $0.name == Self.writtenRowsMetric })?.values.first, case let .long(count)? = rows.literalType else {
            // `ignore` on an existing target writes nothing, so nothing was observed.
            if target.mode == "ignore" { return WriteSummary(rows: 0, files: [], bytes: 0) }
            throw DataFlowError(.execution, "\(name) wrote \(target.path) but did not report how many rows it wrote")
        }
        let written = try dataFiles(under: target.path, missingIsEmpty: false).filter { before[$0.key] == nil }
        // Relative to the target, as DataFlow's summaries name files: Spark puts them one Hive
        // directory deep per partition column.
        let files = written.keys.map { $0.split(separator: "/").suffix(target.partitionBy.count + 1).joined(separator: "/") }
        return WriteSummary(rows: Int(count), files: files.sorted(), bytes: written.values.reduce(0, +))
    }

    /// The name of the observation counting a write's rows.
    static let writtenRowsMetric = "dataflow_written_rows"

    func cache(_ plan: LogicalPlan) throws -> RemoteCachedRows {
        var checkpoint = Spark_Connect_CheckpointCommand()
        checkpoint.relation = try translator.translate(plan)
        checkpoint.local = true
        checkpoint.eager = true
        var command = Spark_Connect_Command()
        command.checkpointCommand = checkpoint
        guard let relation = try client.execute(Self.plan(command)).checkpoint else {
            throw DataFlowError(.execution, "\(name) ran a checkpoint but did not say where it keeps the rows")
        }
        return RemoteCachedRows(id: relation.relationID) { [client] in
            var release = Spark_Connect_Command()
            release.removeCachedRemoteRelationCommand.relation = relation
            _ = try? client.execute(Self.plan(release))
        }
    }

    func explain(_ plan: LogicalPlan) throws -> String {
        try translator.translate(plan).textFormatString()
    }

    func withTimeZone(_ timeZone: SessionTimeZone) throws -> any QueryRunner {
        // Another Spark session on the same server: the zone is a session setting.
        var url = client.url
        url.sessionID = nil
        return try SparkConnectBackend(url: url, timeZone: timeZone)
    }

    /// A plan whose result is `relation`'s rows.
    static func plan(_ relation: Spark_Connect_Relation) -> Spark_Connect_Plan {
        var plan = Spark_Connect_Plan()
        plan.root = relation
        return plan
    }

    /// A plan running `command`.
    static func plan(_ command: Spark_Connect_Command) -> Spark_Connect_Plan {
        var plan = Spark_Connect_Plan()
        plan.command = command
        return plan
    }

    /// Spark's save mode for DataFlow's name of it.
    static func saveMode(_ mode: String) throws -> Spark_Connect_WriteOperation.SaveMode {
        switch mode {
        case "error": return .errorIfExists
        case "overwrite": return .overwrite
        case "append": return .append
        case "ignore": return .ignore
        default: throw DataFlowError.invalidArgument("mode", "unknown save mode '\(mode)'")
        }
    }
}
