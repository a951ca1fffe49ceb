import ArgumentParser
import DataFlow
import DataFlowIO
import Foundation

/// `dataflow catalog list|show|drop`: the local table catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "List, show and drop the tables of the local catalog.",
        subcommands: [List.self, Show.self, Drop.self]
    )

    /// The warehouse option of every catalog subcommand.
    struct Location: ParsableArguments {
        @Option(help: "The warehouse root holding the catalog (default: $DATAFLOW_WAREHOUSE, else ./warehouse).")
        var warehouse: String?

        var catalog: Catalog { Catalog(warehouse: Session(warehouse: warehouse).warehouse) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tables (of one database).")

        @Option(help: "Only this database's tables.")
        var database: String?

        @OptionGroup var location: Location

        func run() throws {
            for table in try location.catalog.tables(in: database) {
                let partitions = table.partitionColumns.isEmpty ? "" : ", \(table.partitions.count) partitions"
                print("\(table.qualifiedName)\t\(table.format.rawValue)\tv\(table.version)\(partitions)\t\(table.location)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a table's entry: location, schema, partitions, versions.")

        @Argument(help: "The table, database.table.")
        var table: String

        @OptionGroup var location: Location

        func run() throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(try location.catalog.table(table)), as: UTF8.self))
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a table from the catalog (and, with --purge, its files).")

        @Argument(help: "The table, database.table.")
        var table: String

        @Flag(help: "Also delete the files of every version.")
        var purge = false

        @OptionGroup var location: Location

        func run() throws {
            try location.catalog.drop(table, deleteData: purge)
            print("dropped \(table)")
        }
    }
}
