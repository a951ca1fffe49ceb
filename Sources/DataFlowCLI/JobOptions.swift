import ArgumentParser
import DataFlow
import DataFlowSparkConnect
import Foundation
import Logging
import Pipelines

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Options every pipeline command shares: where the catalog is, how many workers, how much to log.
struct JobOptions: ParsableArguments {
    @Option(help: "The warehouse root holding the catalog (default: $DATAFLOW_WAREHOUSE, else ./warehouse).")
    var warehouse: String?

    @Option(help: "Worker threads (default: all processors).")
    var parallelism: Int?

    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @Flag(help: "No progress line, even on a terminal.")
    var quiet = false

    @Flag(help: "Print the job's report as JSON on standard output instead of its METRICS lines.")
    var json = false

    @Flag(help: "Exit with code 4 when the job completed but rejected records.")
    var strict = false

    @OptionGroup var memory: MemoryOptions

    @Option(help: "Run the job on Apache Spark through Spark Connect at this address (sc://host:15002; default: $SPARK_REMOTE, else embedded). Paths are the cluster's.")
    var remote: String?

    /// Sets up logging and returns the session the job runs in: on Spark when `--remote` or
    /// `SPARK_REMOTE` names a server, else embedded.
    func session() throws -> Session {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return try Session.fromEnvironment(remote: remote, parallelism: parallelism, memoryLimit: try memory.bytes(), warehouse: warehouse,
                                              spillDirectory: try memory.spillFolder())
    }

    /// The progress line of `job` (shown on a terminal unless `--quiet`), following the queries of
    /// `session` too.
    func progress(_ job: String, in session: Session) -> JobProgress {
        let progress = JobProgress(job: job, enabled: quiet ? false : nil)
        session.addObserver(progress)
        return progress
    }
}
