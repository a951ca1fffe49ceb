import ArgumentParser
import DataFlow

/// `dataflow head PATH -n N`: the first rows of a file or dataset as a table.
struct HeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "head", abstract: "Print the first rows of a file or dataset.")

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Rows to print.")
    var n = 20

    @Flag(help: "Print whole values instead of cutting them at 20 characters.")
    var noTruncate = false

    func validate() throws {
        guard n >= 0 else { throw ValidationError("-n must not be negative, got \(n)") }
    }

    func run() throws {
        try input.read(input.memory.session()).show(n, truncate: !noTruncate)
    }
}
