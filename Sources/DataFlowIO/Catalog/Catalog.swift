import DataFlow
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The table catalog (the Glue Data Catalog's analogue): databases of tables, each with its
/// location, format, schema, partitions and versions, kept as one JSON file per table under
/// `<warehouse>/_catalog/<database>/<table>.json`. Every change holds an exclusive lock on
/// `_catalog/.lock` and replaces the table's file atomically, so concurrent runs never lose or
/// tear an entry. A warehouse in an object store (`s3://bucket/warehouse`) keeps revisions of each
/// entry instead, created with conditional puts (`ObjectCatalogEntries`). What a table points to is
/// plain Parquet (or CSV, JSON lines) any engine reads.
public struct Catalog: Sendable {
    /// The warehouse root.
    public let warehouse: String

    /// The catalog under `warehouse` (created on the first change).
    public init(warehouse: String) {
        self.warehouse = ObjectStores.isObjectPath(warehouse) ? (warehouse.hasSuffix("/") ? String(warehouse.dropLast()) : warehouse)
            : (warehouse as NSString).standardizingPath
    }

    private var root: String { warehouse + "/_catalog" }

    /// The entries of a warehouse in an object store (nil for a local one).
    private func objectEntries() throws -> ObjectCatalogEntries? {
        try ObjectStores.resolve(root).map(ObjectCatalogEntries.init)
    }

    private func entryPath(_ name: TableName) -> String { root + "/" + name.database + "/" + name.table + ".json" }

    /// Where a table's files go when its writer does not choose: `<warehouse>/<database>.db/<table>`.
    public func defaultLocation(_ name: TableName) -> String {
        absolute(warehouse + "/" + name.database + ".db/" + name.table)
    }

    /// The databases that hold at least one table, sorted.
    /// - Throws: `DataFlowError` (`.io`) when the catalog cannot be listed.
    public func databases() throws -> [String] {
        if let entries = try objectEntries() { return try entries.tables().keys.sorted() }
        return try listing(root).filter { database in
            try !database.hasPrefix(".") && listing(root + "/" + database).contains { $0.hasSuffix(".json") }
        }.sorted()
    }

    /// The tables of `database` (or of every database), sorted by qualified name.
    /// - Throws: `DataFlowError` for unreadable entries.
    public func tables(in database: String? = nil) throws -> [CatalogTable] {
        if let entries = try objectEntries() {
            let tables = try entries.tables()
            return (database.map { tables[$0] ?? [] } ?? tables.values.flatMap { $0 }).sorted { $0.qualifiedName < $1.qualifiedName }
        }
        return try (database.map { [$0] } ?? databases()).flatMap { database in
            try listing(root + "/" + database).filter { $0.hasSuffix(".json") }.sorted().map { file in
                try read(root + "/" + database + "/" + file)
            }
        }
    }

    /// The table named `name` (`database.table`).
    /// - Throws: `DataFlowError` (`.analysis`) naming the table and the database's tables when it
    ///   is not registered.
    public func table(_ name: String) throws -> CatalogTable {
        let parsed = try TableName(name)
        guard let table = try lookup(parsed) else {
            let known = (try? tables(in: parsed.database).map(\.qualifiedName)) ?? []
            throw DataFlowError(.analysis, "table '\(parsed)' is not in the catalog at \(warehouse)" +
                                (known.isEmpty ? "" : " (tables: \(known.joined(separator: ", ")))"), location: ErrorLocation(path: entryPath(parsed)))
        }
        return table
    }

    /// The table named `name`, or nil when it is not registered.
    /// - Throws: `DataFlowError` for an unreadable entry.
    public func lookup(_ name: TableName) throws -> CatalogTable? {
        if let entries = try objectEntries() { return try entries.latest(name)?.table }
        return FileManager.default.fileExists(atPath: entryPath(name)) ? try read(entryPath(name)) : nil
    }

    /// Registers partitions of a table written at `location`: creates the table (version 1) if it
    /// is not registered, updates its schema, and adds `partitions` (relative `key=value` paths)
    /// to the ones already registered, or with `replacing` makes them the only ones (after a write
    /// that replaced the whole table). The partitions appear to readers at once: no repair step.
    /// - Returns: the table as registered.
    /// - Throws: `DataFlowError` when the table exists at another location or with other partition
    ///   columns, or the catalog cannot be written.
    @discardableResult
    public func registerPartitions(_ name: String, location: String, format: FileFormat, schema: Schema,
                                   partitionColumns: [String], partitions: [String], replacing: Bool = false,
                                   properties: [String: String] = [:]) throws -> CatalogTable {
        let parsed = try TableName(name)
        let location = absolute(location)
        return try update(parsed) { existing in
            guard var table = existing else {
                let version = CatalogTableVersion(number: 1, location: location, committedAt: Self.now(), properties: properties)
                return CatalogTable(database: parsed.database, name: parsed.table, location: location, format: format, schemaDDL: schema.ddl,
                                    partitionColumns: partitionColumns, partitions: Set(partitions).sorted(), version: 1,
                                    versions: [version], properties: properties)
            }
            try Self.checkSameLayout(table, parsed, location: location, partitionColumns: partitionColumns)
            table.format = format
            table.schemaDDL = schema.ddl
            table.partitions = Set(replacing ? [] : table.partitions).union(partitions).sorted()
            table.properties.merge(properties) { $1 }
            return table
        }
    }

    /// Checks, before anything is written, that `registerPartitions` will accept `name` at
    /// `location` partitioned by `partitionColumns`: the table is new, or registered there already.
    /// - Throws: `DataFlowError` naming the table and both locations when it is registered elsewhere.
    public func checkCanRegisterPartitions(_ name: String, location: String, partitionColumns: [String]) throws {
        let parsed = try TableName(name)
        guard let table = try? table(name) else { return }
        try Self.checkSameLayout(table, parsed, location: absolute(location), partitionColumns: partitionColumns)
    }

    private static func checkSameLayout(_ table: CatalogTable, _ name: TableName, location: String, partitionColumns: [String]) throws {
        guard table.location == location, table.partitionColumns == partitionColumns else {
            throw DataFlowError(.analysis, "table '\(name)' is registered at \(table.location) partitioned by (\(table.partitionColumns.joined(separator: ", "))), not at \(location) by (\(partitionColumns.joined(separator: ", "))); drop it first",
                                location: ErrorLocation(path: location))
        }
    }

    /// Commits a new version of a table whose files were written at `location` (a fresh directory
    /// per version, e.g. `<table>/v0003`): the table now points there, with `partitions` as its
    /// registered partitions. Creates the table when it is not registered.
    /// - Returns: the table as committed.
    /// - Throws: `DataFlowError` when the catalog cannot be written.
    @discardableResult
    public func commitVersion(_ name: String, location: String, format: FileFormat, schema: Schema, partitionColumns: [String],
                              partitions: [String], properties: [String: String] = [:]) throws -> CatalogTable {
        let parsed = try TableName(name)
        let location = absolute(location)
        return try update(parsed) { existing in
            let number = (existing?.version ?? 0) + 1
            let version = CatalogTableVersion(number: number, location: location, committedAt: Self.now(), properties: properties)
            return CatalogTable(database: parsed.database, name: parsed.table, location: location, format: format, schemaDDL: schema.ddl,
                                partitionColumns: partitionColumns, partitions: Set(partitions).sorted(), version: number,
                                versions: (existing?.versions ?? []) + [version], properties: (existing?.properties ?? [:]).merging(properties) { $1 })
        }
    }

    /// Removes a table from the catalog; with `deleteData`, also deletes the directories of all
    /// its versions.
    /// - Throws: `DataFlowError` (`.analysis`) when the table is not registered, or I/O errors.
    public func drop(_ name: String, deleteData: Bool = false) throws {
        let parsed = try TableName(name)
        let entries = try objectEntries()
        try withLock {
            guard let table = try lookup(parsed) else { throw DataFlowError(.analysis, "table '\(parsed)' is not in the catalog at \(warehouse)") }
            do {
                if let entries { try entries.remove(parsed) } else { try FileManager.default.removeItem(atPath: entryPath(parsed)) }
                if deleteData {
                    for location in Set(table.versions.map(\.location) + [table.location]) { try StoredFiles.remove(location) }
                }
            } catch {
                throw DataFlowError(.io, "cannot drop table '\(parsed)'", location: ErrorLocation(path: entryPath(parsed)), underlying: DescribedError(error))
            }
        }
    }

    /// Reads, changes and atomically rewrites one table's entry under the catalog lock.
    private func update(_ name: TableName, _ change: (CatalogTable?) throws -> CatalogTable) throws -> CatalogTable {
        if let entries = try objectEntries() { return try entries.update(name, change) }
        return try withLock {
            let table = try change(try lookup(name))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let path = entryPath(name)
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try encoder.encode(table).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw DataFlowError(.io, "cannot write the catalog entry of '\(name)'", location: ErrorLocation(path: path), underlying: DescribedError(error))
            }
            return table
        }
    }

    /// Runs `body` holding the exclusive lock on `_catalog/.lock` (an advisory `flock`, released
    /// by the system if the process dies); in an object store, where changes are conditional
    /// puts, without a lock.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        if try objectEntries() != nil { return try body() }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw DataFlowError(.io, "cannot create the catalog directory", location: ErrorLocation(path: root), underlying: DescribedError(error))
        }
        let descriptor = open(root + "/.lock", O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw DataFlowError(.io, "cannot open the catalog lock (errno \(errno))", location: ErrorLocation(path: root + "/.lock"))
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw DataFlowError(.io, "cannot lock the catalog (errno \(errno))", location: ErrorLocation(path: root + "/.lock")) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private func read(_ path: String) throws -> CatalogTable {
        do {
            return try JSONDecoder().decode(CatalogTable.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFlowError(.io, "cannot read the catalog entry", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    private func listing(_ directory: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DataFlowError(.io, "cannot list the catalog", location: ErrorLocation(path: directory), underlying: DescribedError(error))
        }
    }

    /// `path` made absolute and standardized; an object store's URL as it is.
    private func absolute(_ path: String) -> String {
        guard !ObjectStores.isObjectPath(path) else { return path.hasSuffix("/") ? String(path.dropLast()) : path }
        let standardized = (path as NSString).standardizingPath
        return standardized.hasPrefix("/") ? standardized : (FileManager.default.currentDirectoryPath + "/" + standardized as NSString).standardizingPath
    }

    private static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
