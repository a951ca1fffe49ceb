import ArgumentParser
import DataFlow
import DataFlowIO
import Pipelines

extension MigrateMode: ExpressibleByArgument {}

/// `dataflow migrate`: seed 003's Redshift UNLOAD exports into a partitioned Parquet lake.
struct MigrateCommand: JobCommand {
    static let argumentNames = ["only": "--table", "loadInto": "--to"]

    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Migrate Redshift UNLOAD CSV exports into Hive-partitioned Parquet registered in the catalog.",
        discussion: """
            --config names a JSON or YAML file: {"source": "exports", "output": "lake", "tables": {"dim_company": \
            {"schema": "company_id BIGINT, company_name STRING, created_date DATE", "partitionColumn": "created_date"}}}. \
            Exports are <source>/<table>/snapshot/* or <source>/<table>/incremental/*; options override the file. Prints \
            one MIGRATE line per table reconciling rows read, rejected and written; rejects are listed in \
            <output>/_rejects/<table>/.
            """
    )

    @Option(help: "The JSON or YAML file of the job's configuration (tables and their schemas).")
    var config: String

    @Option(help: "snapshot (replace each table) or incremental (new files replace the partitions they hold).")
    var mode: MigrateMode?

    @Option(help: "The export root (overrides the configuration's source).")
    var source: String?

    @Option(help: "The lake root (overrides the configuration's output).")
    var output: String?

    @Option(help: "Only this table (repeatable).")
    var table: [String] = []

    @Option(help: "Fail, writing nothing, when a table rejects more than this share of its records (default 0.001).")
    var maxRejectRatio: Double?

    @Option(help: "The catalog database the tables are registered in.")
    var database: String?

    @Option(name: .customLong("to"), help: "Then load the migrated tables from the lake into this database: postgres://user@host:port/db or a SQLite file.")
    var loadInto: String?

    @Option(help: "The schema of the loaded tables (default: the database's own).")
    var loadSchema: String?

    @OptionGroup var job: JobOptions

    func makeJob() throws -> MigrateJob {
        var settings = try MigrateJob.Config.load(from: config)
        if let mode { settings.mode = mode }
        if let source { settings.source = source }
        if let output { settings.output = output }
        if !table.isEmpty { settings.only = table }
        if let maxRejectRatio { settings.maxRejectRatio = maxRejectRatio }
        if let database { settings.database = database }
        if let loadInto { settings.loadInto = loadInto }
        if let loadSchema { settings.loadSchema = loadSchema }
        return MigrateJob(config: settings)
    }
}
