import Foundation

/// An object of a store: its key, size and when it was last written.
public struct ObjectMeta: Sendable, Hashable {
    /// The key, relative to the store's root (a bucket's keys, with `/` separating directories).
    public let key: String
    /// The size in bytes.
    public let size: Int
    /// When the object was last written, when the store says.
    public let modified: Date?

    /// An object's metadata.
    public init(key: String, size: Int, modified: Date? = nil) {
        self.key = key
        self.size = size
        self.modified = modified
    }
}

/// Where datasets live when they are not local files: a flat namespace of keys, as S3's, listed
/// by prefix, read whole or by byte range, and written whole, in parts, or only when absent (the
/// one atomic step object stores give, which commits build on). Calls block their thread; a store
/// is shared between threads.
public protocol ObjectStore: Sendable {
    /// Every object whose key starts with `prefix`, in key order (a listing's pages all read).
    /// - Throws: `DataFlowError` (`.io`) naming the store, the prefix and the store's error.
    func list(prefix: String) throws -> [ObjectMeta]
    /// The object's metadata, or nil when there is no object under `key`.
    func head(_ key: String) throws -> ObjectMeta?
    /// The object's bytes, or the bytes in `range` (clipped to the object's end).
    /// - Throws: `DataFlowError` (`.io`) when there is no such object.
    func get(_ key: String, range: Range<Int>?) throws -> Data
    /// Writes the object whole, replacing what was under `key`.
    func put(_ key: String, _ data: Data) throws
    /// Writes the object only if there is none under `key`; whether it did (false: another writer
    /// was first, and its object stays).
    func putIfAbsent(_ key: String, _ data: Data) throws -> Bool
    /// Starts an upload of a large object in parts; the object appears when it completes.
    func startUpload(_ key: String) throws -> any MultipartUpload
    /// Removes the objects; keys without one are not an error.
    func delete(_ keys: [String]) throws
}

/// A large object written in parts (each but the last at least the store's minimum, 5 MiB on S3)
/// that appears whole when the upload completes, or never when it is aborted.
public protocol MultipartUpload: Sendable {
    /// Uploads part `number` (1-based; parts may go in any order and in parallel).
    func upload(part number: Int, _ data: Data) throws
    /// Makes the object of the parts uploaded, in part-number order.
    func complete() throws
    /// Drops the parts uploaded; the object is not written.
    func abort() throws
}
