import DataFlow
import Foundation

/// The export files a table's incremental migration has already taken (by path, size and
/// modification time), kept as `<output>/<table>/_state/migrate.json`, so a rerun takes only new
/// or changed files and migrating the same files twice changes nothing.
struct MigrateState: Codable, Equatable {
    /// A file as it was when migrated.
    struct FileStamp: Codable, Hashable {
        var size: Int
        var modified: Double
    }

    /// The files migrated, by path.
    var files: [String: FileStamp] = [:]

    /// The state stored under `directory` (empty when there is none).
    /// - Throws: `DataFlowError` naming the file when it exists but does not decode.
    static func load(_ directory: String) throws -> MigrateState {
        try JSONFiles.read(MigrateState.self, from: path(directory), what: "the migration state") ?? MigrateState()
    }

    /// The state file of the table directory `directory`.
    static func path(_ directory: String) -> String { directory + "/_state/migrate.json" }

    /// The size and modification time of `path` now.
    static func stamp(_ path: String) -> FileStamp {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        return FileStamp(size: (attributes[.size] as? Int) ?? 0, modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    }

    /// Whether `path` was migrated as it is now.
    func contains(_ path: String) -> Bool { files[path] == Self.stamp(path) }

    /// Stores the state under `directory`, atomically.
    /// - Throws: `DataFlowError` naming the file when it cannot be written.
    func save(_ directory: String) throws {
        try JSONFiles.write(self, to: Self.path(directory), what: "the migration state")
    }
}
