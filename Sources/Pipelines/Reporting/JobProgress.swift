import DataFlow
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-line progress of a job on a terminal (stage, files, rows, the running query's stage as a
/// bar, elapsed), rewritten in place on standard error; silent when standard output or standard
/// error is not a terminal, or when disabled. Add it to the job's session as a `QueryObserver` to
/// show the query bar.
public final class JobProgress: QueryObserver, @unchecked Sendable { // counters and the terminal line change only under `lock`
    private let job: String
    private let enabled: Bool
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private var files = 0
    private var rows = 0
    private var stage = ""
    /// The running query's current stage, as a bar; empty when no query runs.
    private var query = ""
    private var shown = false

    /// Progress of `job`; `enabled` nil means "when standard output and standard error are terminals".
    public init(job: String, enabled: Bool? = nil) {
        self.job = job
        self.enabled = enabled ?? (isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1)
    }

    public func queryProgressed(_ query: RunningQuery, _ progress: QueryProgress) {
        guard let current = progress.stages.last(where: { !$0.isFinished }) ?? progress.stages.last else { return }
        let width = 20, filled = current.partitions == 0 ? width : width * current.partitionsDone / current.partitions
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
        let name = current.name.count > 40 ? current.name.prefix(39) + "…" : Substring(current.name)
        lock.withLock { self.query = "query \(query.id) \(bar) \(current.partitionsDone)/\(current.partitions) \(name)" }
        redraw()
    }

    public func queryFinished(_ query: RunningQuery, outcome: Result<QueryMetrics, any Error>) {
        lock.withLock { self.query = "" }
        redraw()
    }

    /// Shows `stage`, adding `files` to the job's count and `rows` to the stage's (a new stage
    /// starts its rows from zero: "deduplicated | rows 199049" counts what deduplication kept).
    public func update(_ stage: String, files: Int = 0, rows: Int = 0) {
        lock.lock()
        defer { lock.unlock() }
        if stage != self.stage {
            self.stage = stage
            self.rows = 0
        }
        self.files += files
        self.rows += rows
        draw()
    }

    /// Rewrites the line, when shown.
    private func redraw() {
        lock.lock()
        defer { lock.unlock() }
        draw()
    }

    /// Rewrites the line, when shown. The caller holds `lock`.
    private func draw() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(elapsed: (ContinuousClock.now - started).seconds)).utf8))
        shown = true
    }

    /// The line shown: job, stage, the job's files, the stage's rows, the running query, the time
    /// so far. The caller holds `lock`.
    private func line(elapsed: Double) -> String {
        "\(job): \(stage) | files \(files) | rows \(rows)" + (query.isEmpty ? "" : " | \(query)") + " | \(String(format: "%.1f", elapsed)) s"
    }

    /// The line as it stands (without the time), whether or not it is shown.
    var currentLine: String {
        lock.withLock { line(elapsed: 0) }
    }

    /// Ends the line, if one was shown.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
    }
}
