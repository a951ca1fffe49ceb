import ArgumentParser
import DataFlow
import Pipelines

/// `dataflow ods-sync`: seed 000's consolidation of the domain tables into merchant analytics.
struct ODSSyncCommand: JobCommand {
    static let configuration = CommandConfiguration(
        commandName: "ods-sync",
        abstract: "Consolidate maip-{env}-products, -customers, -applications, -quotes and -orders into maip-{env}-merchant-analytics.",
        discussion: """
            Incremental by each source's updated_at high-water mark, kept in the same transaction as the rows; the target \
            is upserted on (entity_type, entity_id). --env local uses the SQLite file --store (default data/maip-local.db); \
            other envs the PostgreSQL database at --store or DATAFLOW_PG_URL.
            """
    )

    @Option(help: "The environment (local, dev, prod, ...).")
    var env = "local"

    @Option(help: "Only these sources, comma-separated (products, customers, applications, quotes, orders).")
    var tables: String?

    @Flag(help: "Read every source row again, ignoring the high-water marks.")
    var full = false

    @Option(help: "The SQLite file (local) or PostgreSQL URL holding the sources and the target.")
    var store: String?

    @OptionGroup var job: JobOptions

    func makeJob() throws -> ODSSyncJob {
        let names = tables?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try ODSSyncJob(config: .init(env: env, store: store, tables: names, full: full))
    }
}
