import ArgumentParser
import DataFlow
import Foundation
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

/// An error as the user reads it on standard error: the message and where, the argument named as
/// the command spells it (`--time-zone` for the configuration's `timeZone`).
struct CommandError: CustomStringConvertible {
    let error: any Error
    /// The command's spellings of configuration keys that are not their options' kebab case.
    let argumentNames: [String: String]

    var description: String {
        guard var error = (error as? JobFailure)?.error ?? (error as? DataFlowError) else { return String(describing: error) }
        if let argument = error.location?.argument {
            let spelled = spelling(of: argument)
            error.location?.argument = spelled
            if error.message.hasPrefix(argument + ": ") { error.message = spelled + ": " + error.message.dropFirst(argument.count + 2) }
        }
        return error.description
    }

    /// `argument` as the command line spells it: keys of the configuration in kebab case after
    /// `--`; options (`--x`) and environment variables (`DATAFLOW_X`) as they are.
    private func spelling(of argument: String) -> String {
        if let name = argumentNames[argument] { return name }
        guard !argument.hasPrefix("-"), argument.first?.isLowercase == true, argument.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            return argument
        }
        var option = "--"
        for character in argument {
            if character.isUppercase { option += "-" + character.lowercased() } else { option.append(character) }
        }
        return option
    }
}
