import DataFlow
import Foundation

/// One table of the local catalog: where its data is, in what format and schema, how it is
/// partitioned, and which version is current. Stored as JSON under the warehouse's `_catalog/`.
public struct CatalogTable: Codable, Sendable, Equatable {
    /// The database (namespace) the table belongs to.
    public var database: String
    /// The table's name within its database.
    public var name: String
    /// The directory holding the current version's files.
    public var location: String
    /// The files' format.
    public var format: FileFormat
    /// The table's columns as DDL (`id BIGINT, name STRING`), partition columns included.
    public var schemaDDL: String
    /// The columns whose values name the `key=value` directories below `location`, outermost first.
    public var partitionColumns: [String]
    /// The partition directories registered, relative to `location` (`year=2025/month=11/day=02`), sorted.
    public var partitions: [String]
    /// The current version: 1 for a table's first data, raised by each committed version.
    public var version: Int
    /// Every committed version, oldest first; the last is current.
    public var versions: [CatalogTableVersion]
    /// Free-form properties (the job that wrote the table, its run date, ...).
    public var properties: [String: String]

    /// `database.name`.
    public var qualifiedName: String { database + "." + name }

    /// The table's schema.
    /// - Throws: `DataFlowError` when the stored DDL does not parse (a damaged catalog entry).
    public func schema() throws -> Schema { try Schema(ddl: schemaDDL) }
}

/// One committed version of a catalog table.
public struct CatalogTableVersion: Codable, Sendable, Equatable {
    /// The version number, from 1.
    public var number: Int
    /// Where this version's files are.
    public var location: String
    /// When the version was committed (ISO 8601, UTC).
    public var committedAt: String
    /// Properties of the version (the run date of a snapshot, the job's execution, ...).
    public var properties: [String: String]
}

/// A table name as the catalog takes it: `database.table`, or `table` in the `default` database.
public struct TableName: Sendable, Hashable, CustomStringConvertible {
    /// The database.
    public var database: String
    /// The table within the database.
    public var table: String

    /// Parses `database.table` or `table` (in `default`).
    /// - Throws: `DataFlowError` (`.invalidArgument`) for empty parts, more than one dot, or
    ///   characters other than letters, digits, `_` and `-`.
    public init(_ text: String) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" } }) else {
            throw DataFlowError.invalidArgument("table", "'\(text)' is not a table name: use database.table or table, with letters, digits, _ and -")
        }
        database = parts.count == 2 ? parts[0] : "default"
        table = parts[parts.count - 1]
    }

    /// `database.table`.
    public var description: String { database + "." + table }
}
