import DataFlow
import DataFlowIO
import Foundation
import Logging
import Tracing

/// Seed 000's ODS sync: the domain tables `maip-{env}-products`, `-customers`, `-applications`,
/// `-quotes` and `-orders` consolidated into `maip-{env}-merchant-analytics`, one row per entity:
/// `merchant_id`, `entity_type` (the source's name), `entity_id`, `event_time` (its `updated_at`),
/// `status`, `amount` (price, requested_amount, amount or total; null for customers), `currency`,
/// `attributes` (the remaining columns as a JSON object) and `synced_at`.
///
/// Incremental: each source's high-water mark on `updated_at`, with the keys applied at exactly
/// that mark, is kept in `maip-{env}-ods-sync-state` and moves in the same transaction as the rows,
/// so running every 15 minutes never appends twice and never loses a row stamped at the mark after
/// a run read it (the next run reads `updated_at >= mark` less the keys applied there); the target
/// is upserted on (entity_type, entity_id), the latest event winning. `full` reads every source row
/// again.
public struct ODSSyncJob: PipelineJob {
    public static let name = "ods-sync"

    /// The settings.
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The environment: `local` reads and writes the embedded SQLite file `store`; any other
        /// reads and writes the PostgreSQL database at `store` (or `DATAFLOW_PG_URL`).
        public var env: String = "local"
        /// The SQLite file (local) or PostgreSQL URL; nil: `data/maip-local.db` locally, else `DATAFLOW_PG_URL`.
        public var store: String?
        /// Only these sources (nil: all five).
        public var tables: [String]?
        /// Read every source row again, ignoring the high-water marks.
        public var full: Bool = false

        /// Settings for `env`.
        public init(env: String = "local", store: String? = nil, tables: [String]? = nil, full: Bool = false) {
            self.env = env
            self.store = store
            self.tables = tables
            self.full = full
        }
    }

    /// What a run synced, source by source.
    public struct Report: JobReport, Codable, Equatable {
        /// The sources synced, in order.
        public var tables: [TableReport]
        /// The run's wall-clock time.
        public var durationSeconds: Double

        /// The job's line, then one per source.
        public var metrics: [MetricsLine] {
            var job = MetricsLine(job: ODSSyncJob.name)
            job.append("sources", tables.count)
            job.append("rows_read", tables.reduce(0) { $0 + $1.rowsRead })
            job.append("duration_seconds", durationSeconds)
            return [job] + tables.map(\.metrics)
        }

        /// None: every changed row is upserted.
        public var rejectedRecords: Int { 0 }
    }

    /// One source's share of a run.
    public struct TableReport: Codable, Sendable, Equatable {
        /// The source table.
        public var source: String
        /// Rows read (changed since the last high-water mark).
        public var rowsRead: Int
        /// Target rows inserted and updated.
        public var inserted: Int, updated: Int
        /// The high-water mark after the run (ISO 8601), if the source has rows.
        public var highWater: String?

        /// The source's line.
        public var metrics: MetricsLine {
            var line = MetricsLine(job: ODSSyncJob.name, table: source)
            line.append("rows_read", rowsRead)
            line.append("inserted", inserted)
            line.append("updated", updated)
            line.append("high_water", highWater ?? "none")
            return line
        }
    }

    /// A source table and how its rows map to the target.
    struct Entity: Sendable {
        let name: String, idColumn: String, amountColumn: String?, hasCurrency: Bool
    }

    static let entities = [
        Entity(name: "products", idColumn: "product_id", amountColumn: "price", hasCurrency: true),
        Entity(name: "customers", idColumn: "customer_id", amountColumn: nil, hasCurrency: false),
        Entity(name: "applications", idColumn: "application_id", amountColumn: "requested_amount", hasCurrency: false),
        Entity(name: "quotes", idColumn: "quote_id", amountColumn: "amount", hasCurrency: true),
        Entity(name: "orders", idColumn: "order_id", amountColumn: "total", hasCurrency: true),
    ]

    /// The settings.
    public let config: Config
    let warehouse: Warehouse

    /// A sync with `config`.
    /// - Throws: `DataFlowError` for an env that is not a name, or an unusable store.
    public init(config: Config) throws {
        guard !config.env.isEmpty, config.env.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw DataFlowError.invalidArgument("env", "'\(config.env)' is not an environment name")
        }
        self.config = config
        if config.env == "local" {
            warehouse = try Warehouse(config.store ?? "data/maip-local.db", argument: "store", mustExist: true)
        } else {
            guard let store = config.store ?? ProcessInfo.processInfo.environment["DATAFLOW_PG_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw DataFlowError.invalidArgument("store", "env '\(config.env)' reads and writes PostgreSQL: give its URL (postgres://user@host:port/db) or set DATAFLOW_PG_URL")
            }
            warehouse = try Warehouse(store, argument: "store", mustExist: true)
        }
    }

    /// The table `maip-{env}-{name}`.
    func tableName(_ name: String) -> String { "maip-\(config.env)-\(name)" }

    /// Syncs the selected sources.
    /// - Throws: `DataFlowError` for an unknown source or a source table missing from the store
    ///   (naming both), or store errors
    ///   before the first source; `JobFailure` with the lines of the sources synced before a later
    ///   failure (each source is its own transaction, so those stay synced).
    public func run(session: Session, progress: JobProgress? = nil) throws -> Report {
        let logger = Logger(label: "dataflow.ods-sync")
        let started = ContinuousClock.now
        let sources = Self.entities.map(\.name).joined(separator: ", ")
        let names = (config.tables ?? Self.entities.map(\.name)).filter { !$0.isEmpty }
        guard !names.isEmpty else { throw DataFlowError.invalidArgument("tables", "names no source (sources: \(sources))") }
        let selected = try names.map { name in
            guard let entity = Self.entities.first(where: { $0.name == name }) else {
                throw DataFlowError.invalidArgument("tables", "no source '\(name)' (sources: \(sources))")
            }
            return entity
        }
        let utc = try session.withTimeZone("UTC")
        let state = warehouse.quoted(tableName("ods-sync-state"))
        try warehouse.execute([SQLStatement("CREATE TABLE IF NOT EXISTS \(state) (table_name TEXT PRIMARY KEY, high_water TIMESTAMP, keys_at_high_water TEXT)")])
        try warehouse.addColumnIfMissing(tableName("ods-sync-state"), column: "keys_at_high_water", type: "TEXT", backfill: [], session: session)
        let syncedAt = Int64(Date().timeIntervalSince1970 * 1_000_000)
        return try withSpan("ods-sync") { span in
            var reports: [TableReport] = []
            for entity in selected {
                do {
                    try withSpan("ods-sync.\(entity.name)") { span in
                        let report = try sync(entity, session: utc, state: state, syncedAt: syncedAt)
                        span.attributes["record.count"] = report.rowsRead
                        logger.info("\(report.metrics)")
                        progress?.update(entity.name, rows: report.rowsRead)
                        reports.append(report)
                    }
                } catch let error as DataFlowError where !reports.isEmpty {
                    throw JobFailure(error, committed: reports.map(\.metrics))
                }
            }
            span.attributes["record.count"] = reports.reduce(0) { $0 + $1.rowsRead }
            progress?.finish()
            return Report(tables: reports, durationSeconds: (ContinuousClock.now - started).seconds)
        }
    }

    private func sync(_ entity: Entity, session: Session, state: String, syncedAt: Int64) throws -> TableReport {
        let source = tableName(entity.name)
        guard try warehouse.tableExists(source) else {
            throw DataFlowError(.analysis, "Table not found: \(source) in \(warehouse.name)", location: ErrorLocation(path: warehouse.name))
        }
        var rows = try warehouse.readTable(session, source)
        let previous = config.full ? nil : try warehouse.readTable(session, tableName("ods-sync-state"))
            .filter(col("table_name") == lit(source)).select("high_water", "keys_at_high_water").collect().first
        let highWater = previous.flatMap { $0[0].isNull ? nil : $0[0] }
        let keysAtMark = try previous.map { try Self.decodeKeys($0[1]) } ?? []
        let id = col(entity.idColumn).cast(.string)
        if let highWater {
            // Rows stamped exactly at the mark may have arrived after the last run read it: they are
            // read again, except those the last run applied.
            rows = try rows.filter(col("updated_at") > lit(highWater)
                || (col("updated_at") == lit(highWater) && !id.isin(keysAtMark.map { lit($0) })))
        }
        rows = try rows.cache()
        let newest = try rows.agg(Expr.count().alias("n"), Expr.max("updated_at").alias("newest")).collect().first
        let count = newest?[0].integerValue ?? 0
        guard count > 0, let mark = newest?[1], !mark.isNull else {
            return TableReport(source: source, rowsRead: 0, inserted: 0, updated: 0, highWater: highWater.map { $0.formatted() })
        }
        var applied = try rows.filter(col("updated_at") == lit(mark)).select(id).collect().map { $0[0].formatted() }
        if mark == highWater { applied += keysAtMark }
        let mapped = try rows.select(try targetColumns(entity, rows.schema, syncedAt: syncedAt))
        let target = tableName("merchant-analytics")
        let summary = try warehouse.upsert(mapped, into: target, keys: ["entity_type", "entity_id"], also: [
            SQLStatement("INSERT INTO \(state) (table_name, high_water, keys_at_high_water) VALUES (?, ?, ?) " +
                         "ON CONFLICT (table_name) DO UPDATE SET high_water = excluded.high_water, keys_at_high_water = excluded.keys_at_high_water",
                         [.string(source), mark, .string(try Self.encodeKeys(applied))]),
        ])
        return TableReport(source: source, rowsRead: count, inserted: summary.inserted, updated: summary.updated, highWater: mark.formatted())
    }

    /// The keys applied at the high-water mark, as the state table keeps them (a JSON array).
    static func encodeKeys(_ keys: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(Set(keys).sorted()), as: UTF8.self)
    }

    /// The keys of a state row (none for a state written before they were kept).
    static func decodeKeys(_ value: Scalar) throws -> [String] {
        guard case let .string(text) = value else { return [] }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw DataFlowError(.parse, "the sync state's keys_at_high_water is not a JSON array of keys: \(text.prefix(80))")
        }
    }

    /// The target's columns from a source's, the rest of them as a JSON object.
    private func targetColumns(_ entity: Entity, _ schema: Schema, syncedAt: Int64) throws -> [Expr] {
        for column in ["merchant_id", entity.idColumn, "status", "updated_at"] + (entity.amountColumn.map { [$0] } ?? []) + (entity.hasCurrency ? ["currency"] : [])
        where !schema.names.contains(column) {
            throw DataFlowError(.schema, "\(tableName(entity.name)) has no column '\(column)' (columns: \(schema.names.joined(separator: ", ")))", location: ErrorLocation(column: column))
        }
        let mapped = Set(["merchant_id", entity.idColumn, "status", "updated_at", entity.amountColumn ?? "", entity.hasCurrency ? "currency" : ""])
        let rest = schema.fields.filter { !mapped.contains($0.name) }
        var json: [Expr] = [lit("{")]
        for (index, field) in rest.enumerated() {
            json += [lit((index > 0 ? "," : "") + "\"" + field.name + "\":"), coalesce(jsonValue(col(field.name), field.type), lit("null"))]
        }
        json.append(lit("}"))
        return [
            col("merchant_id").cast(.int64).alias("merchant_id"), lit(entity.name).alias("entity_type"), col(entity.idColumn).cast(.string).alias("entity_id"),
            col("updated_at").cast(.timestamp).alias("event_time"), col("status").cast(.string).alias("status"),
            (entity.amountColumn.map { col($0) } ?? lit(Scalar.null)).cast(.decimal(precision: 15, scale: 2)).alias("amount"),
            (entity.hasCurrency ? col("currency") : lit(Scalar.null)).cast(.string).alias("currency"),
            Expr.concat(json).alias("attributes"), lit(Scalar.timestamp(syncedAt)).alias("synced_at"),
        ]
    }

    /// A value as JSON: numbers and booleans as they print, text (and dates, times) quoted with
    /// JSON's escapes; null stays null (the caller writes `null`).
    private func jsonValue(_ value: Expr, _ type: DataType) -> Expr {
        switch type {
        case .boolean, .int32, .int64, .float64, .decimal: return value.cast(.string)
        default:
            var text = value.cast(.string)
            for (search, replacement) in [("\\", "\\\\"), ("\"", "\\\""), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")] {
                text = Expr.replace(text, search, replacement)
            }
            return Expr.concat(lit("\""), text, lit("\""))
        }
    }
}
