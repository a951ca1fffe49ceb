import ArgumentParser
import DataFlowS3
import Foundation

/// The `dataflow` command.
@main
struct DataFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Run DataFlow jobs.",
        discussion: """
            Exit codes: 0 success; 1 the job failed (nothing it had not committed was written); 2 bad arguments or \
            configuration (nothing was read or written); 3 a data check failed (nothing was written); 4 the job \
            completed with rejected records and --strict was given.
            """,
        subcommands: [Demo.self, ConsolidateCommand.self, CDCSnapshotCommand.self, MigrateCommand.self, AggregateCommand.self, WatchCommand.self, ODSSyncCommand.self, CatalogCommand.self, GenerateCommand.self,
                      SchemaCommand.self, HeadCommand.self, CountCommand.self, MetaCommand.self, ConvertCommand.self, SQLCommand.self]
    )

    /// Parses and runs the subcommand, exiting with an `ExitStatus`: usage errors (also those a
    /// command finds in its arguments) exit 2 with the subcommand's usage, help exits 0. Paths may
    /// be `s3://` URLs, reached as the AWS environment variables and profiles say.
    static func main() {
        S3ObjectStore.register()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitParsing(error)
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch let error as ValidationError {
            let subcommand = type(of: command)
            let name = subcommand.configuration.commandName.map { "dataflow " + $0 } ?? "dataflow"
            FileHandle.standardError.write(Data("""
                Error: \(error.message)
                Usage: \(usageString(for: subcommand))
                  See '\(name) --help' for more information.

                """.utf8))
            exit(withError: ExitCode(ExitStatus.badArguments.rawValue))
        } catch {
            // Help asked for on a command group, and usage errors found while running, are the
            // parser's to print; anything else is a failure of the command.
            guard exitCode(for: error) == .failure else { exitParsing(error) }
            FileHandle.standardError.write(Data("Error: \(ErrorMessage(error: error, argumentNames: [:]))\n".utf8))
            exit(withError: ExitCode(ExitStatus(for: error).rawValue))
        }
    }

    /// Exits for a parsing outcome: help and version on standard output with 0, usage errors on
    /// standard error with 2.
    private static func exitParsing(_ error: any Error) -> Never {
        guard exitCode(for: error) != .success else { exit(withError: error) }
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        exit(withError: ExitCode(ExitStatus.badArguments.rawValue))
    }
}

