import DataFlow
import Foundation

/// Small whole files (reports, job state, catalog locations) at local paths or object-store URLs,
/// for the code around queries: pipelines keep their state next to their output wherever it lives.
package enum StoredFiles {
    /// The bytes of the file at `path`, or nil when there is none.
    /// - Throws: `DataFlowError` (`.io`) naming the file when it exists but cannot be read.
    package static func read(_ path: String) throws -> Data? {
        if let object = try ObjectStores.resolve(path) {
            guard try object.store.head(object.key) != nil else { return nil }
            return try object.store.get(object.key, range: nil)
        }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// Writes `data` to `path` whole, replacing the file atomically (a local file's directory is
    /// created when missing).
    /// - Throws: `DataFlowError` (`.io`) naming the file.
    package static func write(_ data: Data, to path: String) throws {
        if let object = try ObjectStores.resolve(path) { return try object.store.put(object.key, data) }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataFlowError(.io, "cannot write file", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// Whether `path` names a file or a directory; in an object store, an object or a prefix with
    /// objects under it.
    /// - Throws: `DataFlowError` (`.io`) when the store fails.
    package static func exists(_ path: String) throws -> Bool {
        guard let object = try ObjectStores.resolve(path) else { return FileManager.default.fileExists(atPath: path) }
        return try isDirectory(path) || (!object.key.isEmpty && object.store.head(object.key) != nil)
    }

    /// Whether `path` is a directory; in an object store, a prefix with objects under it.
    /// - Throws: `DataFlowError` (`.io`) when the store fails.
    package static func isDirectory(_ path: String) throws -> Bool {
        guard let object = try ObjectStores.resolve(path) else {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        return !(try object.store.list(prefix: object.directoryPrefix).isEmpty)
    }

    /// The names of the files directly in the directory `path` (not below it), in name order.
    /// - Throws: `DataFlowError` (`.io`) naming the directory when it cannot be listed.
    package static func fileNames(in path: String) throws -> [String] {
        if let object = try ObjectStores.resolve(path) {
            let prefix = object.directoryPrefix
            return try object.store.list(prefix: prefix).map { String($0.key.dropFirst(prefix.count)) }.filter { !$0.contains("/") }
        }
        do { return try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw DataFlowError(.io, "cannot list the directory", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// The size and modification time (seconds since 1970; 0 when the store does not say) of the
    /// file at `path`, or nil when there is none.
    /// - Throws: `DataFlowError` (`.io`) when the store fails.
    package static func stamp(_ path: String) throws -> (size: Int, modified: Double)? {
        if let object = try ObjectStores.resolve(path) {
            return try object.store.head(object.key).map { ($0.size, $0.modified?.timeIntervalSince1970 ?? 0) }
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return ((attributes[.size] as? Int) ?? 0, (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
    }

    /// Removes the file or directory at `path`; in an object store, the object and every object
    /// under the prefix. Nothing there is not an error.
    /// - Throws: `DataFlowError` (`.io`) naming the path.
    package static func remove(_ path: String) throws {
        if let object = try ObjectStores.resolve(path) {
            let keys = try object.store.list(prefix: object.directoryPrefix).map(\.key)
            return try object.store.delete(keys + (object.key.isEmpty ? [] : [object.key]))
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw DataFlowError(.io, "cannot remove", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// Uploads the local file `local` as the object `path` names, in parts when it is large: the
    /// object appears whole or not at all.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `path` is not in an object store,
    ///   (`.io`) naming the file or the object when reading or uploading fails.
    package static func upload(_ local: String, to path: String) throws {
        guard let object = try ObjectStores.resolve(path) else {
            throw DataFlowError.invalidArgument("path", "'\(path)' is not in an object store")
        }
        guard let handle = FileHandle(forReadingAtPath: local) else {
            throw DataFlowError(.io, "cannot read file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: local))
        }
        defer { try? handle.close() }
        let upload = ObjectUpload(store: object.store, key: object.key, url: path) { _ in }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: ObjectUpload.partSize) ?? Data() } catch {
                throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: local), underlying: DescribedError(error))
            }
            if chunk.isEmpty { break }
            try chunk.withUnsafeBytes { try upload.write($0) }
        }
        try upload.close()
    }
}
