import DataFlow

/// A pipeline: a configuration (`Config`, which loads from JSON or YAML) and a run in a session
/// that returns its report with the METRICS lines. Every job of the package conforms, and the
/// `dataflow` command runs them all through it the same way.
public protocol PipelineJob: Sendable {
    /// What the job reads, writes and checks.
    associatedtype Config: Codable & Sendable & JobConfigFile
    /// What a run did: its METRICS lines and its rejects.
    associatedtype Report: JobReport

    /// The job's name: its METRICS lines' `job=` and its `dataflow` command.
    static var name: String { get }
    /// The configuration the job runs with.
    var config: Config { get }
    /// Runs the job in `session`, showing how far it is on `progress`.
    func run(session: Session, progress: JobProgress?) throws -> Report
}
