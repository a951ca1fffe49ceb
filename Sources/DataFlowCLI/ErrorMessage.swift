import DataFlow
import Pipelines

/// An error as the user reads it on standard error: the message and where, the argument named as
/// the command spells it (`--time-zone` for the configuration's `timeZone`).
struct ErrorMessage: CustomStringConvertible {
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
