import ArgumentParser
import DataFlow
import Pipelines

/// The exit codes of every `dataflow` command, as the README documents them.
enum ExitStatus: Int32 {
    /// The command succeeded.
    case success = 0
    /// The job failed; what it had not committed was not written.
    case failed = 1
    /// Bad arguments or configuration: nothing was read or written.
    case badArguments = 2
    /// A data check failed (a share of rejects or nulls, fewer rows than the previous run, a
    /// malformed file): nothing was written.
    case dataCheckFailed = 3
    /// The job completed but rejected records, and `--strict` asked to hear about it.
    case completedWithRejects = 4

    /// The status for an error thrown by a command.
    init(for error: any Error) {
        switch error {
        case let failure as JobFailure: self.init(for: failure.error)
        case let error as DataFlowError:
            switch error.category {
            case .invalidArgument: self = .badArguments
            case .dataCheck: self = .dataCheckFailed
            default: self = .failed
            }
        case is ValidationError: self = .badArguments
        default: self = .failed
        }
    }
}
