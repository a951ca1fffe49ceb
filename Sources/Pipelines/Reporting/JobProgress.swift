import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-line progress of a job on a terminal (stage, files, rows, elapsed), rewritten in place
/// on standard error; silent when standard error is not a terminal or when disabled.
public final class JobProgress: @unchecked Sendable { // counters and the terminal line change only under `lock`
    private let job: String
    private let enabled: Bool
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private var files = 0
    private var rows = 0
    private var stage = ""
    private var shown = false

    /// Progress of `job`; `enabled` nil means "when standard error is a terminal".
    public init(job: String, enabled: Bool? = nil) {
        self.job = job
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
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
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(elapsed: (ContinuousClock.now - started).seconds)).utf8))
        shown = true
    }

    /// The line shown: job, stage, the job's files, the stage's rows, the time so far. The caller
    /// holds `lock`.
    private func line(elapsed: Double) -> String {
        "\(job): \(stage) | files \(files) | rows \(rows) | \(String(format: "%.1f", elapsed)) s"
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
