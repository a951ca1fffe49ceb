import DataFlow
import Foundation

/// Small whole files (reports, job state, catalog locations) at local paths or object-store URLs,
/// for the code around queries: pipelines keep their state next to their output wherever it lives.
package enum StoredFiles {
    /// The bytes of the file at `path`, or nil when there is none; `mapped` maps a local file
    /// instead of reading it (for large files that are not truncated while the bytes are in use).
    /// - Throws: `DataFlowError` (`.io`) naming the file when it exists but cannot be read.
    package static func read(_ path: String, mapped: Bool = false) throws -> Data? {
        if let object = try ObjectStores.resolve(path) {
            guard try object.store.head(object.key) != nil else { return nil }
            return try object.store.get(object.key, range: nil)
        }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: mapped ? .alwaysMapped : []) } catch {
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

    /// The files directly in the directory `path` (not below it, no directories), in name order.
    /// - Throws: `DataFlowError` (`.io`) naming the directory when it cannot be listed.
    package static func files(in path: String) throws -> [StoredFile] {
        if let object = try ObjectStores.resolve(path) {
            let prefix = object.directoryPrefix
            return try object.store.list(prefix: prefix).compactMap { meta in
                let name = String(meta.key.dropFirst(prefix.count))
                return name.contains("/") ? nil : StoredFile(name: name, size: meta.size, modified: meta.modified)
            }
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw DataFlowError(.io, "cannot list the directory", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
        return names.compactMap { name in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return StoredFile(name: name, size: attributes[.size] as? Int ?? 0, modified: attributes[.modificationDate] as? Date)
        }
    }

    /// The path of the entry `name` beside `path` (in the same directory), for local paths and
    /// object-store URLs alike (`s3://b/imports` → `s3://b/processed`).
    package static func sibling(_ name: String, of path: String) -> String {
        guard ObjectStores.isObjectPath(path) else {
            return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let scheme = trimmed.range(of: "://"), let slash = trimmed[scheme.upperBound...].lastIndex(of: "/") else { return trimmed + "/" + name }
        return trimmed[...slash] + name
    }

    /// Moves the file at `path` into `directory` (created when local and missing), suffixing its
    /// name with the time in milliseconds when another file has the name there. A local move is a
    /// rename; otherwise the bytes are copied, then the original deleted, and a copy already there
    /// with the same bytes (a move interrupted before the delete) is taken as the moved file, so a
    /// repeated move does not copy twice.
    /// - Returns: the new path.
    /// - Throws: `DataFlowError` (`.io`) naming the file or the directory.
    @discardableResult
    package static func move(_ path: String, into directory: String) throws -> String {
        let name = path.hasSuffix("/") ? "" : String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...])
        let local = !ObjectStores.isObjectPath(path) && !ObjectStores.isObjectPath(directory)
        if local {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw DataFlowError(.io, "cannot create the directory", location: ErrorLocation(path: directory), underlying: DescribedError(error))
            }
        }
        let data = local ? nil : try read(path, mapped: true)
        var destination = directory + "/" + name
        if let existing = try stamp(destination) {
            if let data, existing.size == data.count, try read(destination) == data {
                try removeFile(path)
                return destination
            }
            let stem = (name as NSString).deletingPathExtension, suffix = (name as NSString).pathExtension
            destination = directory + "/" + stem + "-\(Int(Date().timeIntervalSince1970 * 1000))" + (suffix.isEmpty ? "" : "." + suffix)
        }
        guard local else {
            guard let data else { throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: path)) }
            try write(data, to: destination)
            try removeFile(path)
            return destination
        }
        do { try FileManager.default.moveItem(atPath: path, toPath: destination) } catch {
            throw DataFlowError(.io, "cannot move the file to \(directory)", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
        return destination
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

    /// Removes the one file at `path` (not a directory's contents).
    private static func removeFile(_ path: String) throws {
        if let object = try ObjectStores.resolve(path) { return try object.store.delete([object.key]) }
        try remove(path)
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

/// A file of a directory listing: its name in the directory, size and modification time.
package struct StoredFile: Sendable, Equatable {
    /// The name, without the directory.
    package var name: String
    /// The size in bytes.
    package var size: Int
    /// When it was last written, when the file system or store says.
    package var modified: Date?
}
