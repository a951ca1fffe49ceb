import DataFlow
import Foundation

/// The files a reader sees in a dataset directory of an object store, as one committed write left
/// them: version `n` is the object `<directory>/_dataflow/commits/<n>.json`.
struct ObjectManifest: Codable, Sendable {
    /// A data file: its key relative to the dataset directory, and its size.
    struct File: Codable, Sendable, Hashable {
        let key: String
        let size: Int
    }

    /// The commit's number, one more than the commit before.
    let version: Int
    /// The write job that committed it.
    let job: String
    /// When it was committed (ISO 8601).
    let committed: String
    let files: [File]
}

/// The commit log of a dataset directory in an object store, where writes cannot rename: data
/// files go under unique names, then one small manifest object is created with a conditional put
/// under the next version number, and readers list the directory and read the newest manifest
/// instead of taking every object they find. The conditional put is the commit: of two writers
/// racing for a version one wins, and the other reads the new state and tries the next.
struct ObjectCommitLog {
    /// The dataset directory.
    let directory: ObjectPath

    /// Where the log and the markers of writes in progress live, relative to the directory.
    static let logDirectory = "_dataflow/"
    /// How many manifests stay behind the newest one (older ones are removed by writes).
    static let versionsKept = 10

    /// The key prefix of the manifests.
    var commitsPrefix: String { directory.directoryPrefix + Self.logDirectory + "commits/" }

    /// The manifest key of `version` (zero-padded so that keys sort by version).
    func key(_ version: Int) -> String { commitsPrefix + String(format: "%020d.json", version) }

    /// The versions whose manifests `listing` (a listing of the directory) holds, in order.
    func versions(in listing: [ObjectMeta]) -> [Int] {
        listing.compactMap { object -> Int? in
            guard object.key.hasPrefix(commitsPrefix), object.key.hasSuffix(".json") else { return nil }
            return Int(object.key.dropFirst(commitsPrefix.count).dropLast(".json".count))
        }.sorted()
    }

    /// The newest manifest of `listing`, or nil when nothing was ever committed through the log.
    /// - Throws: `DataFlowError` (`.io`, `.parse`) naming the manifest when it cannot be read.
    func latest(in listing: [ObjectMeta]) throws -> ObjectManifest? {
        guard let version = versions(in: listing).last else { return nil }
        let url = directory.url(key(version))
        do {
            return try JSONDecoder().decode(ObjectManifest.self, from: try directory.store.get(key(version), range: nil))
        } catch let error as DataFlowError {
            throw error
        } catch {
            throw DataFlowError(.parse, "the commit manifest is not valid", location: ErrorLocation(path: url), underlying: DescribedError(error))
        }
    }

    /// Creates the manifest of `manifest.version` unless another writer committed that version
    /// first; whether it did.
    func commit(_ manifest: ObjectManifest) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try directory.store.putIfAbsent(key(manifest.version), try encoder.encode(manifest))
    }

    /// The data files a reader sees in `listing` (of the directory): below each directory with a
    /// commit log (this one, or partition directories committed one at a time), its newest
    /// manifest's files; elsewhere every object whose path below the directory has no `_` or `.`
    /// component. A file belongs to the nearest directory above it that has a log.
    /// - Throws: what reading a manifest throws.
    func visibleFiles(in listing: [ObjectMeta]) throws -> [ObjectManifest.File] {
        let prefix = directory.directoryPrefix, marker = Self.logDirectory + "commits/"
        // The directories (relative, with a trailing slash; "" for this one) that have a log.
        var logged: Set<String> = []
        for object in listing where object.key.hasSuffix(".json") {
            let relative = object.key.dropFirst(prefix.count)
            guard let range = relative.range(of: marker), range.lowerBound == relative.startIndex || relative[relative.index(before: range.lowerBound)] == "/",
                  !relative[range.upperBound...].contains("/") else { continue }
            logged.insert(String(relative[..<range.lowerBound]))
        }
        func nearestLog(_ relative: String) -> String? {
            logged.filter { relative.hasPrefix($0) }.max { $0.count < $1.count }
        }
        var files: [ObjectManifest.File] = []
        for subdirectory in logged {
            let log = ObjectCommitLog(directory: ObjectPath(store: directory.store, base: directory.base, key: prefix + subdirectory))
            for file in try log.latest(in: listing)?.files ?? [] where nearestLog(subdirectory + file.key) == subdirectory {
                files.append(ObjectManifest.File(key: subdirectory + file.key, size: file.size))
            }
        }
        for object in listing {
            let relative = String(object.key.dropFirst(prefix.count))
            let hidden = relative.split(separator: "/").contains { $0.hasPrefix("_") || $0.hasPrefix(".") }
            guard !hidden, !relative.isEmpty, !relative.hasSuffix("/"), nearestLog(relative) == nil else { continue }
            files.append(ObjectManifest.File(key: relative, size: object.size))
        }
        return files.sorted { $0.key < $1.key }
    }
}

/// The files below `root` as `Dataset.discover` lists them: in an object store, a directory's
/// visible files (through its commit log when it has one) or the object `root` names; local files
/// as `walk` finds them.
/// - Throws: `DataFlowError` (`.io`) when `root` does not exist, or the store fails.
func listFiles(under root: String) throws -> [(path: String, size: Int)] {
    guard let location = try ObjectStores.resolve(root) else { return try walk(root) }
    let listing = try location.store.list(prefix: location.directoryPrefix)
    guard !listing.isEmpty else {
        guard !location.key.isEmpty, let object = try location.store.head(location.key) else {
            throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: root))
        }
        return [(root, object.size)]
    }
    let spelled = root.hasSuffix("/") ? String(root.dropLast()) : root
    return try ObjectCommitLog(directory: location).visibleFiles(in: listing).map { (spelled + "/" + $0.key, $0.size) }
}
