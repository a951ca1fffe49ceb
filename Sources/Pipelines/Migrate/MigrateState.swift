import DataFlow
import DataFlowIO
import Foundation

/// The export files a table's incremental migration has already taken (by size and modification
/// time), kept as `<output>/_state/<table>.json`, outside the table's directory that a snapshot
/// replaces, so a snapshot never makes the next incremental run take old files again. Files are
/// keyed by their path relative to the export root, so `--source exports` and
/// `--source $PWD/exports` name the same files.
struct MigrateState: Codable, Equatable {
    /// A file as it was when migrated.
    struct FileStamp: Codable, Hashable {
        var size: Int
        var modified: Double
    }

    /// The files migrated, by path relative to the export root.
    var files: [String: FileStamp] = [:]

    /// The state of `table` under the lake `output`, for exports under `source`: the state file, or
    /// the one an older release kept inside the table's directory, or none.
    /// - Throws: `DataFlowError` naming the file when it exists but does not decode.
    static func load(output: String, table: String, source: String) throws -> MigrateState {
        if let state = try JSONFiles.read(MigrateState.self, from: path(output: output, table: table), what: "the migration state") { return state }
        guard let legacy = try JSONFiles.read(MigrateState.self, from: output + "/" + table + "/_state/migrate.json", what: "the migration state") else {
            return MigrateState()
        }
        return MigrateState(files: Dictionary(legacy.files.map { (key($0.key, source: source), $0.value) }) { first, _ in first })
    }

    /// The state file of `table` under the lake `output`.
    static func path(output: String, table: String) -> String { output + "/_state/" + table + ".json" }

    /// `file`'s key: its absolute, standardized path relative to the export root `source`.
    static func key(_ file: String, source: String) -> String {
        let path = absolute(file), root = absolute(source)
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    private static func absolute(_ path: String) -> String {
        guard !ObjectStores.isObjectPath(path) else { return path.hasSuffix("/") ? String(path.dropLast()) : path }
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The size and modification time of `path` now.
    static func stamp(_ path: String) throws -> FileStamp {
        let stamp = try StoredFiles.stamp(path)
        return FileStamp(size: stamp?.size ?? 0, modified: stamp?.modified ?? 0)
    }

    /// Whether `file` (under the export root `source`) was migrated as it is now.
    func contains(_ file: String, source: String) throws -> Bool { try files[Self.key(file, source: source)] == Self.stamp(file) }

    /// Records `file` (under `source`) as migrated as it is now.
    mutating func insert(_ file: String, source: String) throws { files[Self.key(file, source: source)] = try Self.stamp(file) }

    /// Stores the state of `table` under `output`, atomically.
    /// - Throws: `DataFlowError` naming the file when it cannot be written.
    func save(output: String, table: String) throws {
        try JSONFiles.write(self, to: Self.path(output: output, table: table), what: "the migration state")
    }
}
