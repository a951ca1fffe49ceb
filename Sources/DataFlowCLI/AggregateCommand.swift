import ArgumentParser
import DataFlow
import Pipelines

extension Aggregation: ExpressibleByArgument {}

/// `dataflow aggregate`: seed 003's hourly-space and week-people-count.
struct AggregateCommand: JobCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate reservations per space and hour, and per company and week, in a reporting time zone.",
        discussion: """
            Reads <input-database>.fact_reservation from the catalog (as migrate registers it). Before aggregating, the \
            distinct company_ids and rows must each reach 95% of the previous successful run's, else the job fails and \
            writes nothing (--skip-data-check overrides). Writes <output>/hourly_space/date=.../ and \
            <output>/week_people_count/week_start=.../ as Parquet (and CSV with --csv).
            """
    )

    @Option(help: "The output root.")
    var output: String

    @Option(help: "hourly-space or week-people-count (repeatable; default both).")
    var aggregation: [Aggregation] = []

    @Option(help: "The reporting time zone: hours and weeks are its wall-clock ones (default UTC).")
    var timeZone = "UTC"

    @Option(help: "The catalog database holding fact_reservation.")
    var inputDatabase = "default"

    @Option(help: "The catalog database the outputs are registered in.")
    var database = "default"

    @Flag(help: "Also write each output as CSV under <output>/csv/.")
    var csv = false

    @Flag(help: "Run even when the data check fails (a warning is logged).")
    var skipDataCheck = false

    @OptionGroup var job: JobOptions

    func makeJob() throws -> AggregateJob {
        var settings = AggregateJob.Config(output: output)
        if !aggregation.isEmpty { settings.aggregations = aggregation }
        settings.timeZone = timeZone
        settings.inputDatabase = inputDatabase
        settings.database = database
        settings.csv = csv
        settings.skipDataCheck = skipDataCheck
        return AggregateJob(config: settings)
    }
}
