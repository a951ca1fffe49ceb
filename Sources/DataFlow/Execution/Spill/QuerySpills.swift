import Foundation

/// The spill files of one execution. Every file it makes is listed here until removed, and
/// `finish()` removes the rest when the query ends, however it ends: success, failure or
/// cancellation leave no spill file behind.
final class QuerySpills: Sendable {
    let directory: SpillDirectory
    private let live = Locked<Set<String>>([])

    init(directory: SpillDirectory) { self.directory = directory }

    /// Lists a file being made.
    func add(_ path: String) { live.withLock { _ = $0.insert(path) } }

    /// Deletes a file and drops it from the list.
    func remove(_ path: String) {
        live.withLock { _ = $0.remove(path) }
        unlink(path)
    }

    /// Deletes every file still listed.
    func finish() {
        for path in live.withLock({ live in defer { live.removeAll() }; return live }) { unlink(path) }
    }
}
