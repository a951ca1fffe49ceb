import ArgumentParser
import DataFlow
import Foundation
import Pipelines

/// `dataflow watch`: seed 004's directory watcher.
struct WatchCommand: JobCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Load CSV files dropped into a directory into a warehouse (users as SCD type 2, transactions checked against them).",
        discussion: """
            A file is taken once complete (its size and time held still, or renamed into place from a .part/.tmp name); \
            its name names the table. Rows commit together with a record of the file, then the file moves to processed/; \
            a file that cannot be loaded goes to failed/ with a JSON report. Restarting after a crash applies nothing twice. \
            Prints a METRICS line per file as it is handled; with --once, a last line for the run, and exit code 3 when \
            a file went to failed/. The imports directory must exist, and so must the directory of a SQLite target. \
            The directories may be s3:// prefixes: an object is taken as soon as it is listed, and moved by copy and delete.
            """
    )

    @Option(help: "The directory watched, or an s3:// prefix.")
    var imports = "imports"

    @Option(help: "The warehouse: a SQLite file, or postgres://user@host:port/database (schemas staging and datawarehouse are created).")
    var target = "warehouse.db"

    @Option(help: "Where committed files go (default: processed beside imports).")
    var processed: String?

    @Option(help: "Where failed files go (default: failed beside imports).")
    var failed: String?

    @Flag(help: "Process what is there and exit.")
    var once = false

    @Option(help: "Seconds a transactions file waits for its users before their rows are rejected.")
    var foreignKeyTimeout: Double = 300

    @Option(help: "Seconds a file's size and time must hold still before it is taken.")
    var stableSeconds: Double = 2

    @OptionGroup var job: JobOptions

    func makeJob() throws -> WatchJob {
        var settings = WatchJob.Config(imports: imports, target: target)
        settings.processed = processed
        settings.failed = failed
        settings.once = once
        settings.foreignKeyTimeoutSeconds = foreignKeyTimeout
        settings.stableSeconds = stableSeconds
        return try WatchJob(config: settings)
    }

    /// A long-running watch prints each file as it is handled; `--once` prints the report at the end.
    func run(_ watcher: WatchJob, session: Session, progress: JobProgress) throws -> WatchJob.Report {
        let printsAsItGoes = !once && !job.json
        return try watcher.run(session: session, progress: progress, shouldStop: { false }, onOutcome: { outcome in
            // Written at once, not buffered, so a log collector sees each file as it is handled.
            if printsAsItGoes { FileHandle.standardOutput.write(Data("\(outcome.metrics)\n".utf8)) }
        })
    }
}
