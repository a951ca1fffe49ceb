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
    private var shown = false

    /// Progress of `job`; `enabled` nil means "when standard error is a terminal".
    public init(job: String, enabled: Bool? = nil) {
        self.job = job
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
    }

    /// Shows `stage`, adding `files` and `rows` to the counts shown.
    public func update(_ stage: String, files: Int = 0, rows: Int = 0) {
        lock.lock()
        defer { lock.unlock() }
        self.files += files
        self.rows += rows
        guard enabled else { return }
        let elapsed = (ContinuousClock.now - started).seconds
        let line = "\(job): \(stage) | files \(self.files) | rows \(self.rows) | \(String(format: "%.1f", elapsed)) s"
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        shown = true
    }

    /// Ends the line, if one was shown.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
    }
}
