import ArgumentParser
import DataFlow
import Foundation
import Pipelines

/// A pipeline command: it runs one job and reports it the same way as every other. On success it
/// prints the job's METRICS lines (or its JSON report with `--json`) on standard output; on
/// failure a METRICS line with `status=failed`, the exit code and the error (after the lines of
/// what was committed first), and the error on standard error. Exit codes are `ExitStatus`.
protocol JobCommand: ParsableCommand {
    /// The pipeline the command runs.
    associatedtype Job: PipelineJob
    /// Configuration keys whose option is not their kebab case (`only` is `--table`).
    static var argumentNames: [String: String] { get }
    /// The options every job shares.
    var job: JobOptions { get }
    /// The job the command's options configure.
    func makeJob() throws -> Job
    /// Runs `pipeline` in `session`; by default as `PipelineJob.run(session:progress:)`.
    func run(_ pipeline: Job, session: Session, progress: JobProgress) throws -> Job.Report
}

extension JobCommand {
    static var argumentNames: [String: String] { [:] }

    /// The job's name in METRICS lines.
    static var jobName: String { Job.name }

    func run(_ pipeline: Job, session: Session, progress: JobProgress) throws -> Job.Report {
        try pipeline.run(session: session, progress: progress)
    }

    /// Configures the job, opens the session (embedded or remote, per `JobOptions`) with the
    /// progress line following its queries, and runs it.
    private func runJob() throws -> Job.Report {
        let pipeline = try makeJob()
        let session = try job.session()
        return try run(pipeline, session: session, progress: job.progress(Job.name, in: session))
    }

    func run() throws {
        let report: Job.Report
        do {
            report = try runJob()
        } catch {
            let status = ExitStatus(for: error)
            let message = ErrorMessage(error: error, argumentNames: Self.argumentNames).description
            var line = MetricsLine(job: Self.jobName, status: "failed")
            line.append("exit_code", Int(status.rawValue))
            line.append("error", message)
            let committed = (error as? JobFailure)?.committed ?? []
            if job.json {
                try printJSON(FailureReport(job: Self.jobName, exitCode: Int(status.rawValue), error: message, committed: committed))
            } else {
                (committed + [line]).forEach { print($0) }
            }
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            throw ExitCode(status.rawValue)
        }
        if job.json {
            try printJSON(report)
        } else {
            print(report.summary)
        }
        if report.failedInputs > 0 {
            FileHandle.standardError.write(Data("\(Self.jobName): \(report.failedInputs) input(s) failed their checks and were set aside\n".utf8))
            throw ExitCode(ExitStatus.dataCheckFailed.rawValue)
        }
        if job.strict, report.rejectedRecords > 0 {
            FileHandle.standardError.write(Data("\(Self.jobName): \(report.rejectedRecords) record(s) rejected (--strict)\n".utf8))
            throw ExitCode(ExitStatus.completedWithRejects.rawValue)
        }
    }

    private func printJSON(_ value: any Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// The JSON report of a failed job.
private struct FailureReport: Encodable {
    let job: String
    let status = "failed"
    let exitCode: Int
    let error: String
    /// The METRICS lines of what was committed before the failure.
    let committed: [MetricsLine]
}
