/// Where a session's queries run: in this process (`LocalQueryRunner`) or on a cluster (Spark
/// Connect, in `DataFlowSparkConnect`). A `Session` is given one when it is made; every action asks
/// it, and nothing else asks where a query runs.
package protocol QueryRunner: Sendable {
    /// A short name for messages: `DataFlow`, `Spark Connect at sc://host:15002`.
    var name: String { get }
    /// Whether queries run in this process, on DataFlow's operators.
    var runsInProcess: Bool { get }
    /// Runs `frame`'s query and returns its batches in order.
    func collect(_ frame: DataFrame) throws -> [RecordBatch]
    /// Runs `frame`'s query and returns its batches with what each operator did.
    func profile(_ frame: DataFrame) throws -> (batches: [RecordBatch], metrics: QueryMetrics)
    /// Runs `frame`'s query and writes its rows into `sink`, committing when every partition
    /// succeeded.
    func write(_ frame: DataFrame, to sink: any DataSink) throws -> WriteSummary
    /// Runs `frame`'s query now and returns a DataFrame over its kept result.
    func cache(_ frame: DataFrame) throws -> DataFrame
    /// The plan of `frame` as text (`DataFrame.explain(_:)`).
    func explain(_ frame: DataFrame, mode: ExplainMode) throws -> String
    /// The runner for a session in `timeZone` (a cluster's session is set to the zone).
    func withTimeZone(_ timeZone: SessionTimeZone) throws -> any QueryRunner
}
