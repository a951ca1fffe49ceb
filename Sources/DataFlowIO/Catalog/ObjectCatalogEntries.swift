import DataFlow
import Foundation

/// The catalog's entries when the warehouse is in an object store, where there is no lock and no
/// rename: each change of a table writes a new entry object,
/// `<warehouse>/_catalog/<database>/<table>/<revision>.json`, created only if absent. The highest
/// revision is the table; of two writers changing a table at once, one creates the next revision
/// and the other reads it and applies its change again on top, so no change is lost.
struct ObjectCatalogEntries {
    /// The warehouse's `_catalog` directory.
    let root: ObjectPath

    /// How many times a change that lost the race for a revision is applied again.
    static let attempts = 20
    /// How many revisions of a table stay behind its newest (older ones are removed by changes).
    static let revisionsKept = 10

    /// The key prefix of `name`'s revisions.
    private func prefix(_ name: TableName) -> String { root.directoryPrefix + name.database + "/" + name.table + "/" }

    /// The revisions of `name` in a listing of its prefix, in order.
    private func revisions(_ name: TableName, in listing: [ObjectMeta]) -> [Int] {
        let prefix = prefix(name)
        return listing.compactMap { Int($0.key.dropFirst(prefix.count).dropLast(".json".count)) }.sorted()
    }

    private func key(_ name: TableName, revision: Int) -> String { prefix(name) + String(format: "%020d.json", revision) }

    /// The newest revision of `name` and its entry, or nil when it is not registered.
    /// - Throws: `DataFlowError` (`.io`) naming the entry when it cannot be read.
    func latest(_ name: TableName) throws -> (revision: Int, table: CatalogTable)? {
        guard let revision = revisions(name, in: try root.store.list(prefix: prefix(name))).last else { return nil }
        return (revision, try read(key(name, revision: revision)))
    }

    /// Applies `change` to the newest entry of `name` and writes the result as the next revision,
    /// again on top of another writer's revision when one came first.
    /// - Throws: `DataFlowError` (`.io`) when the store fails or the race is lost every time;
    ///   what `change` throws.
    func update(_ name: TableName, _ change: (CatalogTable?) throws -> CatalogTable) throws -> CatalogTable {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for _ in 0..<Self.attempts {
            let current = try latest(name)
            let table = try change(current?.table)
            let revision = (current?.revision ?? 0) + 1
            guard try root.store.putIfAbsent(key(name, revision: revision), try encoder.encode(table)) else { continue }
            if revision > Self.revisionsKept { try? root.store.delete([key(name, revision: revision - Self.revisionsKept)]) }
            return table
        }
        throw DataFlowError(.io, "other writers changed table '\(name)' each of \(Self.attempts) times this change was tried", location: ErrorLocation(path: root.url(prefix(name))))
    }

    /// The newest entry of every table, by database.
    /// - Throws: `DataFlowError` (`.io`) when the store fails or an entry cannot be read.
    func tables() throws -> [String: [CatalogTable]] {
        var newest: [String: String] = [:]
        for object in try root.store.list(prefix: root.directoryPrefix) where object.key.hasSuffix(".json") {
            let table = String(object.key[..<(object.key.lastIndex(of: "/") ?? object.key.endIndex)])
            newest[table] = max(newest[table] ?? "", object.key)
        }
        var byDatabase: [String: [CatalogTable]] = [:]
        for key in newest.values.sorted() {
            let table = try read(key)
            byDatabase[table.database, default: []].append(table)
        }
        return byDatabase
    }

    /// Removes every revision of `name`.
    func remove(_ name: TableName) throws {
        try root.store.delete(try root.store.list(prefix: prefix(name)).map(\.key))
    }

    private func read(_ key: String) throws -> CatalogTable {
        do {
            return try JSONDecoder().decode(CatalogTable.self, from: try root.store.get(key, range: nil))
        } catch {
            throw DataFlowError(.io, "cannot read the catalog entry", location: ErrorLocation(path: root.url(key)), underlying: DescribedError(error))
        }
    }
}
