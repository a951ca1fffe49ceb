import DataFlow
import Foundation

/// The object stores that paths with a URL scheme (`s3://bucket/key`) are read from and written
/// to: a process-wide registry, as Hadoop's file systems are, of a factory per scheme (making the
/// store of one bucket) and of stores given for one bucket. `DataFlowS3`'s
/// `S3ObjectStore.register()` registers `s3://` and `s3a://`; paths without a scheme are local files.
public enum ObjectStores {
    /// Makes the store of one bucket (the URL's authority, `bucket` in `s3://bucket/key`).
    public typealias Factory = @Sendable (_ bucket: String) throws -> any ObjectStore

    private struct Registry {
        var factories: [String: Factory] = [:]
        /// Stores registered for one bucket, by `scheme://bucket`.
        var registered: [String: any ObjectStore] = [:]
        /// Stores the factories made, by `scheme://bucket`.
        var made: [String: any ObjectStore] = [:]
    }

    private static let registry = Locked(Registry())

    /// Makes `factory` the maker of the stores of `scheme` (`"s3"`) paths, replacing an earlier one
    /// and the stores it made (stores registered for one bucket stay).
    public static func register(scheme: String, _ factory: @escaping Factory) {
        let scheme = scheme.lowercased()
        registry.withLock { registry in
            registry.factories[scheme] = factory
            registry.made = registry.made.filter { !$0.key.hasPrefix(scheme + "://") }
        }
    }

    /// Makes `store` the store of the paths under `base` (`"s3://bucket"`): a bucket with options
    /// of its own, say.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `base` is not `scheme://bucket`.
    public static func register(_ store: any ObjectStore, for base: String) throws {
        guard let (scheme, bucket, key) = split(base), key.isEmpty else {
            throw DataFlowError.invalidArgument("base", "'\(base)' is not a store's base URL such as s3://bucket")
        }
        registry.withLock { $0.registered["\(scheme)://\(bucket)"] = store }
    }

    /// Whether `path` names an object in a store (it starts with a URL scheme other than `file`).
    public static func isObjectPath(_ path: String) -> Bool {
        guard let (scheme, _, _) = split(path) else { return false }
        return scheme != "file"
    }

    /// The store and key of `path`, or nil for a local path.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a scheme no store is registered for, or a
    ///   URL without a bucket; what the factory throws.
    static func resolve(_ path: String) throws -> ObjectPath? {
        guard let (scheme, bucket, key) = split(path), scheme != "file" else { return nil }
        guard !bucket.isEmpty else { throw DataFlowError.invalidArgument("path", "'\(path)' names no bucket (\(scheme)://bucket/key)") }
        let base = "\(scheme)://\(bucket)"
        let store = try registry.withLock { registry -> any ObjectStore in
            if let store = registry.registered[base] ?? registry.made[base] { return store }
            guard let factory = registry.factories[scheme] else {
                let hint = scheme.hasPrefix("s3") ? ": import DataFlowS3 and call S3ObjectStore.register()" : ""
                throw DataFlowError.invalidArgument("path", "no object store is registered for \(scheme):// paths (\(path))\(hint)")
            }
            let store = try factory(bucket)
            registry.made[base] = store
            return store
        }
        return ObjectPath(store: store, base: base, key: key)
    }

    /// `scheme://bucket/key` split into its lowercased scheme, the bucket and the key (without a
    /// leading slash); nil when `path` has no scheme.
    private static func split(_ path: String) -> (scheme: String, bucket: String, key: String)? {
        guard let separator = path.range(of: "://") else { return nil }
        let scheme = path[..<separator.lowerBound]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = path[separator.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let key = rest[slash...].drop { $0 == "/" }
        return (scheme.lowercased(), String(rest[..<slash]), String(key))
    }
}

/// A path resolved to its store: `s3://bucket/landing/x.parquet` as the store of `s3://bucket`
/// and the key `landing/x.parquet`.
struct ObjectPath {
    let store: any ObjectStore
    /// The URL of the store's root, `s3://bucket`.
    let base: String
    /// The key, without a leading slash (empty for the bucket's root).
    let key: String

    /// The URL of another key of the store.
    func url(_ key: String) -> String { base + "/" + key }

    /// The key as a directory: with a trailing slash, or empty at the root.
    var directoryPrefix: String { key.isEmpty || key.hasSuffix("/") ? key : key + "/" }
}
