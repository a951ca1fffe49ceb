import ArgumentParser

/// The `dataflow` command.
@main
struct DataFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Run DataFlow jobs.",
        subcommands: [Demo.self, ConsolidateCommand.self, CDCSnapshotCommand.self, MigrateCommand.self, AggregateCommand.self, WatchCommand.self, ODSSyncCommand.self, CatalogCommand.self, GenerateCommand.self,
                      SchemaCommand.self, HeadCommand.self, CountCommand.self, MetaCommand.self, ConvertCommand.self]
    )
}

