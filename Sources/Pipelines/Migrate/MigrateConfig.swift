import DataFlow
import DataFlowIO
import Foundation

/// Whether `migrate` replaces whole tables or adds new export files.
public enum MigrateMode: String, Codable, Sendable, CaseIterable {
    /// Every file of `<table>/snapshot/` replaces the whole table.
    case snapshot
    /// The files of `<table>/incremental/` not migrated before replace only the partitions they hold.
    case incremental
}

/// One table a Redshift UNLOAD exported.
public struct MigrateTable: Codable, Sendable, Equatable {
    /// The table's columns as DDL (`company_id BIGINT, company_name STRING, created_date DATE`).
    public var schema: String
    /// The column whose values name the output's `<column>=YYYY-MM-DD` directories.
    public var partitionColumn: String

    /// A table of `schema` partitioned by `partitionColumn`.
    public init(schema: String, partitionColumn: String = "created_date") {
        self.schema = schema
        self.partitionColumn = partitionColumn
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(schema: try container.decode(String.self, forKey: .schema),
                  partitionColumn: try container.decodeIfPresent(String.self, forKey: .partitionColumn) ?? "created_date")
    }
}

extension MigrateJob {
    /// The job's settings, loadable from JSON or YAML (keys as the property names).
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The export root: `<source>/<table>/snapshot/` and `<source>/<table>/incremental/` hold the
        /// UNLOAD files (`dim_company_0000_part_00`, optionally `.gz` or `.zst`).
        public var source: String
        /// The lake root: each table goes to `<output>/<table>/<partition column>=YYYY-MM-DD/`.
        public var output: String
        /// The tables, by name.
        public var tables: [String: MigrateTable]
        /// Snapshot (default) or incremental.
        public var mode: MigrateMode = .snapshot
        /// The catalog database the tables are registered in.
        public var database: String = "default"
        /// The Parquet codec.
        public var compression: CompressionCodec = .snappy
        /// The job fails, writing nothing, when a table rejects more than this share of its rows.
        public var maxRejectRatio: Double = 0.001
        /// Only these tables (nil: all).
        public var only: [String]? = nil
        /// The zone the exports' timestamps are written in (Redshift writes UTC), whatever the
        /// session's zone.
        public var exportTimeZone: String = "UTC"
        /// A database the migrated tables are then loaded into from the lake (seed 003's Postgres
        /// migration): a `postgres://` URL or a SQLite file; nil loads nothing.
        public var loadInto: String? = nil
        /// The schema of the loaded tables (nil: the database's default).
        public var loadSchema: String? = nil

        /// Settings for `tables` exported under `source`, written under `output`.
        public init(source: String, output: String, tables: [String: MigrateTable], mode: MigrateMode = .snapshot) {
            self.source = source
            self.output = output
            self.tables = tables
            self.mode = mode
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(source: try container.decode(String.self, forKey: .source), output: try container.decode(String.self, forKey: .output),
                      tables: try container.decode([String: MigrateTable].self, forKey: .tables),
                      mode: try container.decodeIfPresent(MigrateMode.self, forKey: .mode) ?? .snapshot)
            database = try container.decodeIfPresent(String.self, forKey: .database) ?? database
            compression = try container.decodeIfPresent(CompressionCodec.self, forKey: .compression) ?? compression
            maxRejectRatio = try container.decodeIfPresent(Double.self, forKey: .maxRejectRatio) ?? maxRejectRatio
            only = try container.decodeIfPresent([String].self, forKey: .only)
            exportTimeZone = try container.decodeIfPresent(String.self, forKey: .exportTimeZone) ?? exportTimeZone
            loadInto = try container.decodeIfPresent(String.self, forKey: .loadInto)
            loadSchema = try container.decodeIfPresent(String.self, forKey: .loadSchema)
        }

        /// The tables to run, sorted by name.
        /// - Throws: `DataFlowError` (`.invalidArgument`) for an unknown name in `only`, an invalid
        ///   ratio, or a schema that does not parse or lacks its partition column.
        func selectedTables() throws -> [(name: String, table: MigrateTable, schema: Schema)] {
            guard (0...1).contains(maxRejectRatio) else {
                throw DataFlowError.invalidArgument("max-reject-ratio", "must be between 0 and 1 (got \(maxRejectRatio))")
            }
            if let unknown = only?.first(where: { tables[$0] == nil }) {
                throw DataFlowError.invalidArgument("only", "'\(unknown)' is not a configured table (tables: \(tables.keys.sorted().joined(separator: ", ")))")
            }
            return try tables.sorted { $0.key < $1.key }.filter { only?.contains($0.key) ?? true }.map { name, table in
                let schema = try Schema(ddl: table.schema)
                guard schema.names.contains(table.partitionColumn) else {
                    throw DataFlowError.invalidArgument("tables.\(name).partitionColumn", "'\(table.partitionColumn)' is not a column of the schema (\(schema.names.joined(separator: ", ")))")
                }
                return (name, table, schema)
            }
        }
    }
}
