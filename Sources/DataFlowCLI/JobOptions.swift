import ArgumentParser
import DataFlow
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

    /// Sets up logging and returns the session the job runs in.
    func session() -> Session {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return parallelism.map { Session(parallelism: $0, warehouse: warehouse) } ?? Session(warehouse: warehouse)
    }

    /// The progress line of `job` (shown on a terminal unless `--quiet`).
    func progress(_ job: String) -> JobProgress {
        JobProgress(job: job, enabled: quiet ? false : nil)
    }
}
