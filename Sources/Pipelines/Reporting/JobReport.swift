import DataFlow

/// What every job returns: its METRICS lines and the records it turned away. The CLI prints the
/// lines (or, with `--json`, the report itself) and turns rejected records into exit code 4 when
/// `--strict` asks.
public protocol JobReport: Encodable, Sendable {
    /// The job's line first, then one line per table it wrote.
    var metrics: [MetricsLine] { get }
    /// Records read but not written because they were malformed, lacked a key or failed a check.
    var rejectedRecords: Int { get }
    /// Inputs set aside whole because they failed their checks (a malformed file moved to
    /// `failed/`): the CLI exits with 3.
    var failedInputs: Int { get }
}

/// A job that failed after it committed part of its work (some tables synced, some files
/// loaded): the error, and the METRICS lines of what was committed before it.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    /// What stopped the job.
    public var error: DataFlowError
    /// The lines of the tables committed before the failure.
    public var committed: [MetricsLine]

    /// A failure after `committed` were committed.
    public init(_ error: DataFlowError, committed: [MetricsLine]) {
        self.error = error
        self.committed = committed
    }

    public var description: String { error.description }
}

extension JobReport {
    /// None, for jobs that fail rather than set an input aside.
    public var failedInputs: Int { 0 }

    /// The METRICS lines, one per line of text.
    public var summary: String { metrics.map(\.description).joined(separator: "\n") }
}
