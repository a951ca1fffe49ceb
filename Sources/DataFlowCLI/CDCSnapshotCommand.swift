import ArgumentParser
import DataFlow
import Pipelines

/// `dataflow cdc-snapshot`: seed 001's snapshot generator.
struct CDCSnapshotCommand: JobCommand {
    static let configuration = CommandConfiguration(
        commandName: "cdc-snapshot",
        abstract: "Merge a table's DMS full-load and change files into a snapshot as of a run date.",
        discussion: """
            --config names a JSON or YAML file of tables, as seed 001's sources: {"tables": {"employees": {"path": ..., \
            "primary_keys": ["emp_no"], "partition_date": "hire_date", "cdc_start_date": "2020-11-13", "schema": \
            "emp_no INT, ..."}}}. The snapshot is committed as a new version of <database>.<table>_snapshot in the catalog.
            """
    )

    @Option(help: "The JSON or YAML file of table configurations.")
    var config: String

    @Option(help: "The table to snapshot (a key of the configuration's tables).")
    var table: String

    @Option(help: "The day of the snapshot, YYYY-MM-DD: changes up to it are applied.")
    var runDate: String

    @Flag(help: "Partition the snapshot by the table's partition_date column (<column>=YYYY-MM-DD).")
    var partitioned = false

    @Option(help: "The catalog database (default: default).")
    var database = "default"

    @OptionGroup var job: JobOptions

    func makeJob() throws -> CDCSnapshotJob {
        let sources = try CDCSourcesFile.load(from: config)
        guard let source = sources.tables[table] else {
            throw ValidationError("table '\(table)' is not in \(config) (tables: \(sources.tables.keys.sorted().joined(separator: ", ")))")
        }
        guard let date = CalendarDate(runDate) else { throw ValidationError("--run-date '\(runDate)' is not a date of the form YYYY-MM-DD") }
        let settings = CDCSnapshotJob.Config(table: table, source: source, runDate: date, partitioned: partitioned, database: database)
        return CDCSnapshotJob(config: settings)
    }
}
