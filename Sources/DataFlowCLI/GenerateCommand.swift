import ArgumentParser
import DataFlow
import Foundation
import Pipelines
import SampleData

/// `dataflow generate landing-zone|dms|reservations|ods|imports`: deterministic sample inputs for
/// the pipelines.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate sample inputs: a chargeback landing zone (consolidate), a DMS export (cdc-snapshot), Redshift exports of reservations (migrate), the ODS source tables (ods-sync) or files to watch (watch).",
        subcommands: [LandingZone.self, DMS.self, Reservations.self, ODS.self, Imports.self]
    )

    struct LandingZone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "landing-zone", abstract: "Chargebacks as small snappy Parquet files in <output>/YYYY/MM/DD/.")

        @Option(help: "The landing zone's root directory.")
        var output: String

        @Option(help: "The days, comma-separated YYYY-MM-DD.")
        var days: String

        @Option(help: "Rows per day.")
        var rowsPerDay = 1_250_000

        @Option(help: "Files per day.")
        var filesPerDay = 700

        @Option(help: "Arrival batches per day.")
        var batches = 4

        @OptionGroup var memory: MemoryOptions

        @Option(help: "The generator's seed.")
        var seed: UInt64 = 2_025

        func run() throws {
            let dates = try days.split(separator: ",").map { text in
                guard let date = CalendarDate(String(text)) else { throw ValidationError("'\(text)' is not a date of the form YYYY-MM-DD") }
                return date
            }
            let zone = ChargebackLandingZone(days: dates, rowsPerDay: rowsPerDay, filesPerDay: filesPerDay, batchesPerDay: batches, seed: seed)
            try zone.write(to: output, session: try memory.session())
            print("wrote \(dates.count) day(s) of \(rowsPerDay) chargebacks in \(filesPerDay) files each under \(output)")
        }
    }

    struct DMS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dms", abstract: "An AWS DMS export of an employees table, and its cdc-snapshot configuration.")

        @Option(help: "The table's DMS directory.")
        var output: String

        @Option(help: "Keys in the full load.")
        var fullLoadRows = 100_000

        @Option(help: "Change rows in all.")
        var changes = 30_000

        @Option(help: "Days with changes, from the start date.")
        var days = 3

        @Option(help: "Change files per day.")
        var filesPerDay = 4

        @Option(help: "The day the DMS task started, YYYY-MM-DD.")
        var startDate = "2020-11-13"

        @Option(help: "Where to write the cdc-snapshot sources file (JSON or YAML by extension).")
        var sourcesFile: String?

        @OptionGroup var memory: MemoryOptions

        @Option(help: "The generator's seed.")
        var seed: UInt64 = 1_113

        func run() throws {
            guard let start = CalendarDate(startDate) else { throw ValidationError("--start-date '\(startDate)' is not a date of the form YYYY-MM-DD") }
            let export = DMSExport(fullLoadRows: fullLoadRows, changes: changes, days: days, filesPerDay: filesPerDay, startDate: start, seed: seed)
            try export.write(to: output, session: try memory.session())
            if let sourcesFile {
                try CDCSourcesFile(tables: ["employees": export.tableConfig(path: output)]).save(to: sourcesFile)
            }
            print("wrote a DMS export of \(fullLoadRows) keys and \(changes) changes over \(days) day(s) to \(output)")
        }
    }

    struct Reservations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reservations", abstract: "Redshift UNLOAD exports of dim_company, dim_space and fact_reservation, and their migrate configuration.")

        @Option(help: "The export root (<output>/<table>/snapshot/).")
        var output: String

        @Option(help: "Reservation rows, versions included.")
        var rows = 1_000_000

        @Option(help: "The first day reservations start on, YYYY-MM-DD.")
        var startDate = "2025-01-01"

        @Option(help: "Days the reservations spread over.")
        var days = 365

        @Option(help: "Export files per table.")
        var files = 8

        @Option(help: "Broken records appended to the reservations.")
        var malformed = 0

        @Option(help: "Where to write the migrate configuration (JSON or YAML by extension), with this output as its source.")
        var configFile: String?

        @Option(help: "The lake root the migrate configuration names.")
        var lake = "lake"

        @OptionGroup var memory: MemoryOptions

        @Option(help: "The generator's seed.")
        var seed: UInt64 = 3

        func run() throws {
            guard let start = CalendarDate(startDate) else { throw ValidationError("--start-date '\(startDate)' is not a date of the form YYYY-MM-DD") }
            let export = ReservationExport(reservationRows: rows, startDate: start, days: days, files: files, malformedRecords: malformed, seed: seed)
            try export.write(to: output, session: try memory.session())
            if let configFile {
                try MigrateJob.Config(source: output, output: lake, tables: ReservationExport.tables).save(to: configFile)
            }
            print("wrote \(rows) reservation rows over \(days) days in \(files) files, and the company and space tables, under \(output)")
        }
    }

    struct ODS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ods", abstract: "The five source tables of ods-sync (maip-{env}-products, -customers, -applications, -quotes, -orders).",
            discussion: "Their columns:\n" + ODSSources.schemas.map { "  \($0): \($1)" }.joined(separator: "\n"))

        @Option(help: "The environment the tables are named for.")
        var env = "local"

        @Option(help: "The SQLite file (created with its directory) or postgres:// URL to write the tables into (default: data/maip-local.db for local, else $DATAFLOW_PG_URL).")
        var store: String?

        @Option(help: "Customers; products, applications, quotes and orders scale with them.")
        var customers = 1_000

        @Option(help: "Days the updated_at values spread over, up to now.")
        var days = 7

        @Option(help: "The generator's seed.")
        var seed: UInt64 = 2_025

        @OptionGroup var memory: MemoryOptions

        func run() throws {
            let target = store ?? (env == "local" ? "data/maip-local.db" : ProcessInfo.processInfo.environment["DATAFLOW_PG_URL"] ?? "")
            guard !target.isEmpty else { throw ValidationError("--store is required for --env \(env) (or set DATAFLOW_PG_URL)") }
            let written = try ODSSources(customers: customers, days: days, seed: seed).write(env: env, store: target, session: try memory.session())
            print("wrote " + written.map { "\($0.rows) \($0.source)" }.joined(separator: ", ") + " into \(target)")
        }
    }

    struct Imports: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "imports", abstract: "users.csv and transactions.csv for watch, dropped into a directory that exists.")

        @Option(help: "The watched directory to drop the files into.")
        var output: String

        @Option(help: "Users.")
        var users = 1_000

        @Option(help: "Transactions.")
        var transactions = 5_000

        @Option(help: "The generator's seed.")
        var seed: UInt64 = 4

        func run() throws {
            try WatchImports(users: users, transactions: transactions, seed: seed).write(to: output)
            print("wrote users.csv (\(users) users) and transactions.csv (\(transactions) rows) into \(output)")
        }
    }
}
