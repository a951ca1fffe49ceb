import DataFlow
import Foundation

/// A directory of the local file system as an `ObjectStore`: keys are paths below `root`, written
/// whole through a temporary file and a rename (a conditional put links it, which fails when the
/// key exists), so readers never see a partial object. Register it for a bucket URL to run the
/// object-store code paths (listing, ranged reads, commits without rename) against local disks:
/// `ObjectStores.register(LocalObjectStore(root: "/data/lake"), for: "lake://local")`.
public struct LocalObjectStore: ObjectStore {
    /// The directory holding the objects.
    public let root: String

    /// The store of the objects below `root` (created on the first write).
    public init(root: String) {
        self.root = (root as NSString).standardizingPath
    }

    private func path(_ key: String) -> String { root + "/" + key }

    public func list(prefix: String) throws -> [ObjectMeta] {
        let manager = FileManager.default
        guard let names = manager.enumerator(atPath: root)?.allObjects as? [String] else { return [] }
        return names.filter { $0.hasPrefix(prefix) }.sorted().compactMap { key in
            guard let attributes = try? manager.attributesOfItem(atPath: path(key)), attributes[.type] as? FileAttributeType == .typeRegular,
                  !key.split(separator: "/").contains(where: { $0.hasPrefix(Self.temporaryPrefix) }) else { return nil }
            return ObjectMeta(key: key, size: (attributes[.size] as? Int) ?? 0, modified: attributes[.modificationDate] as? Date)
        }
    }

    public func head(_ key: String) throws -> ObjectMeta? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(key)),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        return ObjectMeta(key: key, size: (attributes[.size] as? Int) ?? 0, modified: attributes[.modificationDate] as? Date)
    }

    public func get(_ key: String, range: Range<Int>?) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path(key)) else {
            throw DataFlowError(.io, "no such object", location: ErrorLocation(path: path(key)))
        }
        defer { try? handle.close() }
        do {
            guard let range else { return try handle.readToEnd() ?? Data() }
            try handle.seek(toOffset: UInt64(range.lowerBound))
            return try handle.read(upToCount: range.count) ?? Data()
        } catch {
            throw DataFlowError(.io, "cannot read the object", location: ErrorLocation(path: path(key)), underlying: DescribedError(error))
        }
    }

    public func put(_ key: String, _ data: Data) throws {
        let temporary = try write(data, besides: key)
        guard rename(temporary, path(key)) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw DataFlowError(.io, "cannot write the object: \(reason)", location: ErrorLocation(path: path(key)))
        }
    }

    public func putIfAbsent(_ key: String, _ data: Data) throws -> Bool {
        let temporary = try write(data, besides: key)
        defer { unlink(temporary) }
        guard link(temporary, path(key)) == 0 else {
            if errno == EEXIST { return false }
            throw DataFlowError(.io, "cannot write the object: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path(key)))
        }
        return true
    }

    public func startUpload(_ key: String) throws -> any MultipartUpload {
        let directory = (path(key) as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw DataFlowError(.io, "cannot create the object's directory", location: ErrorLocation(path: directory), underlying: DescribedError(error))
        }
        return LocalUpload(target: path(key), stem: directory + "/" + Self.temporaryPrefix + UUID().uuidString)
    }

    public func delete(_ keys: [String]) throws {
        for key in keys where unlink(path(key)) != 0 && errno != ENOENT {
            throw DataFlowError(.io, "cannot delete the object: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path(key)))
        }
    }

    /// The start of the names of temporary files (skipped by listings).
    static let temporaryPrefix = ".dataflow-object-"

    /// Writes `data` to a new temporary file in the directory of `key`'s file (created when
    /// missing); returns its path.
    private func write(_ data: Data, besides key: String) throws -> String {
        let target = path(key)
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = directory + "/" + Self.temporaryPrefix + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw DataFlowError(.io, "cannot write the object", location: ErrorLocation(path: target), underlying: DescribedError(error))
        }
        return temporary
    }
}

/// An upload to a `LocalObjectStore`: each part a temporary file beside the object's, joined into
/// one and renamed into place when the upload completes.
private struct LocalUpload: MultipartUpload {
    /// The object's file.
    let target: String
    /// The start of the temporary files' paths.
    let stem: String

    private func partPath(_ number: Int) -> String { stem + String(format: "-part-%05d", number) }

    func upload(part number: Int, _ data: Data) throws {
        do { try data.write(to: URL(fileURLWithPath: partPath(number))) } catch {
            throw DataFlowError(.io, "cannot write part \(number)", location: ErrorLocation(path: target), underlying: DescribedError(error))
        }
    }

    /// The numbers of the parts written, in order.
    private func partNumbers() -> [Int] {
        let directory = (stem as NSString).deletingLastPathComponent, name = (stem as NSString).lastPathComponent + "-part-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { $0.hasPrefix(name) ? Int($0.dropFirst(name.count)) : nil }.sorted()
    }

    func complete() throws {
        let numbers = partNumbers()
        defer { for number in numbers { unlink(partPath(number)) } }
        guard FileManager.default.createFile(atPath: stem, contents: nil), let output = FileHandle(forWritingAtPath: stem) else {
            throw DataFlowError(.io, "cannot write the object: \(String(cString: strerror(errno)))", location: ErrorLocation(path: target))
        }
        do {
            defer { try? output.close() }
            for number in numbers { try output.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: partPath(number)))) }
        } catch {
            unlink(stem)
            throw DataFlowError(.io, "cannot join the parts", location: ErrorLocation(path: target), underlying: DescribedError(error))
        }
        guard rename(stem, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(stem)
            throw DataFlowError(.io, "cannot write the object: \(reason)", location: ErrorLocation(path: target))
        }
    }

    func abort() throws {
        for number in partNumbers() { unlink(partPath(number)) }
    }
}
