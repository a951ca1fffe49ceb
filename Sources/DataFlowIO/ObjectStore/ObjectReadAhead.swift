import DataFlow
import Foundation

/// Fetches the small files of a scan in an object store ahead of the tasks that read them, several
/// at a time: a task blocks on one request at a time, so without it a scan of many small files
/// waits for each request in turn. Files are fetched whole, in the order the tasks take them, at
/// most `maxInFlight` at once and `maxHeld` bytes ahead; a file a task asks for before its turn is
/// skipped (the task fetches it itself).
final class ObjectReadAhead: @unchecked Sendable { // every stored property but `condition` is touched only under `condition`
    private let condition = NSCondition()
    /// The files not yet fetched, in reverse order (the next one last).
    private var waiting: [DatasetFile]
    private var inFlight: Set<String> = []
    private var ready: [String: Result<Data, any Error>] = [:]
    private var taken: Set<String> = []
    private var held = 0

    /// The most requests in flight at once.
    static let maxInFlight = 8
    /// The most bytes fetched and not yet taken.
    static let maxHeld = 64 << 20

    /// Starts fetching `files` (in the order tasks will read them).
    init(files: [DatasetFile]) {
        waiting = files.reversed()
        condition.withLock { startFetches() }
    }

    /// The bytes of the file at `path` when this fetched it (waiting while its request runs), or
    /// nil: it was not among the files, or its turn had not come.
    /// - Throws: the error its request met.
    func take(_ path: String) throws -> Data? {
        let result: Result<Data, any Error>? = condition.withLock {
            taken.insert(path)
            while inFlight.contains(path) { condition.wait() }
            guard let result = ready.removeValue(forKey: path) else { return nil }
            if case let .success(bytes) = result { held -= bytes.count }
            startFetches()
            return result
        }
        return try result?.get()
    }

    /// Starts requests while fewer than `maxInFlight` run and less than `maxHeld` waits (under the lock).
    private func startFetches() {
        while inFlight.count < Self.maxInFlight && held < Self.maxHeld, let file = waiting.popLast() {
            guard !taken.contains(file.path) else { continue }
            inFlight.insert(file.path)
            held += file.size
            DispatchQueue.global().async { [self] in
                let result = Result { () throws -> Data in
                    guard let object = try ObjectStores.resolve(file.path) else { throw DataFlowError(.io, "not in an object store", location: ErrorLocation(path: file.path)) }
                    return try object.store.get(object.key, range: nil)
                }
                condition.withLock {
                    inFlight.remove(file.path)
                    // The size reserved at the start becomes the bytes held.
                    held -= file.size
                    if case let .success(bytes) = result { held += bytes.count }
                    ready[file.path] = result
                    condition.broadcast()
                    startFetches()
                }
            }
        }
    }
}
