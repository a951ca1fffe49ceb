import ArgumentParser
import DataFlow
import DataFlowIO
import Pipelines

/// `dataflow consolidate`: seed 002's Glue job, with the same arguments and defaults.
struct ConsolidateCommand: JobCommand {
    static let configuration = CommandConfiguration(
        commandName: "consolidate",
        abstract: "Consolidate a day of small landing-zone Parquet files into N deduplicated files.",
        discussion: """
            Reads <source>/YYYY/MM/DD/*.parquet (the --source-layout), drops rows with a null key, keeps the latest \
            version of each chargeback_id (updated_at, else event_timestamp; ties: later file, then later row) and \
            atomically replaces <output>/year=YYYY/month=MM/day=DD/ with exactly --file-count files. Prints \
            METRICS: records_processed=N, duplicates_removed=N, output_files=N, duration_seconds=S and writes a JSON \
            report under <output>/_reports/. Options override a --config file (JSON or YAML with the same names in camelCase).
            """
    )

    @Option(help: "A JSON or YAML file with the job's configuration.")
    var config: String?

    @Option(help: "The landing zone's root directory (the seed's SOURCE_DATABASE/SOURCE_TABLE). Required unless in --config.")
    var source: String?

    @Option(help: "The consolidated table's root directory (OUTPUT_PATH). Required unless in --config.")
    var output: String?

    @Option(help: "Output files per day (OUTPUT_FILE_COUNT). Required unless in --config.")
    var fileCount: Int?

    @Option(help: "The Parquet compression: uncompressed, snappy, gzip or zstd (COMPRESSION_CODEC). Required unless in --config.")
    var compression: CompressionCodec?

    @Option(help: "The execution's time, ISO 8601 (default: now, UTC).")
    var executionTime: String?

    @Option(help: "Which execution of the day this is (default 1).")
    var executionSequence: Int?

    @Option(help: "Executions per day (default 4).")
    var totalExecutions: Int?

    @Option(help: "Whether only --partition-date is consolidated: true or false (default true).")
    var enablePartitionFilter: Bool?

    @Option(help: "The day to consolidate, YYYY-MM-DD (default: yesterday, UTC).")
    var partitionDate: String?

    @Flag(help: "Compute and report everything, write nothing.")
    var dryRun = false

    @Option(help: "The landing zone's directory layout (default {year}/{month}/{day}).")
    var sourceLayout: String?

    @Option(help: "Fail when the key or a required column is null in more than this share of rows (default 0.01).")
    var maxNullRatio: Double?

    @Option(help: "Register the written days in this catalog table (database.table).")
    var catalogTable: String?

    @OptionGroup var job: JobOptions

    func validate() throws {
        guard config == nil else { return }
        let missing = [(source == nil, "--source"), (output == nil, "--output"), (fileCount == nil, "--file-count"), (compression == nil, "--compression")]
            .filter(\.0).map(\.1)
        guard missing.isEmpty else {
            throw ValidationError("\(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") required (or give a --config file)")
        }
    }

    func makeJob() throws -> ConsolidateJob {
        // Without a configuration file, `validate()` has checked that these four are given.
        var settings = try config.map { try ConsolidateJob.Config.load(from: $0) }
            ?? ConsolidateJob.Config(source: source!, output: output!, fileCount: fileCount!, compression: compression!)
        if let source { settings.source = source }
        if let output { settings.output = output }
        if let fileCount { settings.fileCount = fileCount }
        if let compression { settings.compression = compression }
        if let executionTime { settings.executionTime = executionTime }
        if let executionSequence { settings.executionSequence = executionSequence }
        if let totalExecutions { settings.totalExecutions = totalExecutions }
        if let enablePartitionFilter { settings.enablePartitionFilter = enablePartitionFilter }
        if let partitionDate { settings.partitionDate = partitionDate }
        if dryRun { settings.dryRun = true }
        if let sourceLayout { settings.sourceLayout = sourceLayout }
        if let maxNullRatio { settings.maxNullRatio = maxNullRatio }
        if let catalogTable { settings.catalogTable = catalogTable }
        return ConsolidateJob(config: settings)
    }
}
