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
        let path = directory + "/_state/migrate.json"
        guard FileManager.default.fileExists(atPath: path) else { return MigrateState() }
        do {
            return try JSONDecoder().decode(MigrateState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFlowError(.io, "cannot read the migration state", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

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
        let path = directory + "/_state/migrate.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(atPath: directory + "/_state", withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataFlowError(.io, "cannot write the migration state", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}
