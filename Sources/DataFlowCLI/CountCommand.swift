import ArgumentParser
import DataFlow

/// `dataflow count PATH`: the number of rows of a file or dataset.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "count", abstract: "Print the number of rows of a file or dataset.")

    @OptionGroup var input: InputOptions

    func run() throws {
        print(try input.read(input.memory.session()).count())
    }
}
