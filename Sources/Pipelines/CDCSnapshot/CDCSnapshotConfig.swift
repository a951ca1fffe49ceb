import DataFlow
import Foundation

/// One table DMS exports, as seed 001's `cdc` dictionary describes it. Keys in files use the
/// seed's snake_case names (`primary_keys`, `partition_date`, `cdc_start_date`); the schema is DDL
/// (`emp_no INT, birth_date DATE, first_name STRING`).
public struct CDCTableConfig: Codable, Sendable, Equatable {
    /// The directory DMS writes the table's files into.
    public var path: String
    /// The primary key columns.
    public var primaryKeys: [String]
    /// The date column the snapshot is partitioned by with `--partitioned`.
    public var partitionDate: String?
    /// The day the DMS task started: its full load and first changes.
    public var cdcStartDate: CalendarDate
    /// The enforced schema, as DDL.
    public var schema: String

    enum CodingKeys: String, CodingKey {
        case path, schema
        case primaryKeys = "primary_keys", partitionDate = "partition_date", cdcStartDate = "cdc_start_date"
    }

    /// A table configuration.
    public init(path: String, primaryKeys: [String], partitionDate: String? = nil, cdcStartDate: CalendarDate, schema: String) {
        self.path = path
        self.primaryKeys = primaryKeys
        self.partitionDate = partitionDate
        self.cdcStartDate = cdcStartDate
        self.schema = schema
    }

    /// The parsed schema, checked against the keys and the partition column.
    /// - Throws: `DataFlowError` naming the table and the column that is missing.
    func enforcedSchema(table: String) throws -> Schema {
        let parsed = try Schema(ddl: schema)
        for column in primaryKeys + (partitionDate.map { [$0] } ?? []) where !parsed.names.contains(column) {
            throw DataFlowError.invalidArgument("tables.\(table)", "column '\(column)' is not in the schema (\(parsed.names.joined(separator: ", ")))")
        }
        guard !primaryKeys.isEmpty else { throw DataFlowError.invalidArgument("tables.\(table).primary_keys", "needs at least one column") }
        return parsed
    }
}

/// The tables of a DMS export (seed 001's `core/sources.py`), loadable from JSON or YAML:
/// `{"tables": {"employees": {"path": ..., "primary_keys": [...], ...}}}`.
public struct CDCSourcesFile: Codable, Sendable, JobConfigFile {
    /// The tables by name.
    public var tables: [String: CDCTableConfig]

    /// Sources of `tables`.
    public init(tables: [String: CDCTableConfig]) { self.tables = tables }
}

extension CDCSnapshotJob {
    /// One run: which table, for which day, written how. Loads from JSON or YAML too (keys
    /// `table`, `source`, `run_date`, `partitioned`, `database`).
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The table's name (the snapshot is `<database>.<table>_snapshot`).
        public var table: String
        /// The table's DMS settings.
        public var source: CDCTableConfig
        /// The day the snapshot is for: changes up to and including it are applied.
        public var runDate: CalendarDate
        /// Whether the snapshot is partitioned by `source.partitionDate` (`<column>=YYYY-MM-DD`).
        public var partitioned: Bool = false
        /// The catalog database (the seed's `DATABASE`, default `default`).
        public var database: String = "default"

        /// A run of `table` for `runDate`.
        public init(table: String, source: CDCTableConfig, runDate: CalendarDate, partitioned: Bool = false, database: String = "default") {
            self.table = table
            self.source = source
            self.runDate = runDate
            self.partitioned = partitioned
            self.database = database
        }

        enum CodingKeys: String, CodingKey {
            case table, source, partitioned, database
            case runDate = "run_date"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(table: try container.decode(String.self, forKey: .table), source: try container.decode(CDCTableConfig.self, forKey: .source),
                      runDate: try container.decode(CalendarDate.self, forKey: .runDate),
                      partitioned: try container.decodeIfPresent(Bool.self, forKey: .partitioned) ?? false,
                      database: try container.decodeIfPresent(String.self, forKey: .database) ?? "default")
        }

        /// `<database>.<table>_snapshot`.
        public var snapshotTable: String { database + "." + table + "_snapshot" }
    }
}
