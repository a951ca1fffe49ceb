import CFileSystem
import DataFlow
import Foundation

/// The hidden directory a write stages its files in, beside its target
/// (`._dataflow-staging-<target name>-<job>`), with a sibling lock file that the writing process
/// holds (`flock`) until it is gone. A killed process leaves its staging directory behind but not
/// its lock, so the next write to the same target removes what no live process holds, and writers
/// that run at the same time never touch each other's.
final class StagingDirectory: Sendable {
    /// The staging directory's path.
    let path: String
    /// The descriptor holding the lock; closed (releasing the lock) when the value is gone.
    private let lockDescriptor: Int32

    static let prefix = "._dataflow-staging-"

    /// Creates the staging directory of job `jobID` writing `target`, after removing the stale ones
    /// of earlier writes to `target` that no live process holds.
    /// - Throws: `DataFlowError` (`.io`) naming the path that cannot be created or locked.
    init(target: String, jobID: String) throws {
        let parent = Self.parent(of: target)
        let stem = Self.prefix + (target as NSString).lastPathComponent + "-"
        path = parent + "/" + stem + jobID
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw DataFlowError(.io, "cannot create the output's parent directory", location: ErrorLocation(path: parent), underlying: DescribedError(error))
        }
        Self.removeStale(in: parent, stem: stem)
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw DataFlowError(.io, "cannot create and lock the staging lock file (\(String(cString: strerror(errno))))",
                                location: ErrorLocation(path: lockPath))
        }
        lockDescriptor = descriptor
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            unlink(lockPath)
            close(descriptor)
            throw DataFlowError(.io, "cannot create the staging directory", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    deinit {
        unlink(path + ".lock")
        close(lockDescriptor)
    }

    /// The directory holding `target` ("." for a bare name).
    static func parent(of target: String) -> String {
        let parent = (target as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Removes the staging directories (and their `-previous` swaps and lock files) named `stem*`
    /// in `parent` whose lock no live process holds. Best effort: what cannot be removed stays.
    private static func removeStale(in parent: String, stem: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(stem) && !name.hasSuffix(".lock") {
            let owner = parent + "/" + (name.hasSuffix("-previous") ? String(name.dropLast("-previous".count)) : name)
            let descriptor = open(owner + ".lock", O_RDWR | O_CLOEXEC)
            if descriptor >= 0 {
                defer { close(descriptor) }
                // A live writer holds the lock: its directories are not stale.
                guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            }
            try? manager.removeItem(atPath: parent + "/" + name)
            unlink(owner + ".lock")
        }
    }

    /// Makes everything staged durable before it is moved into place: one syncfs of the file system
    /// (a partitioned write of thousands of files costs one sync, not one per file), else an fsync
    /// of every file and directory staged.
    /// - Throws: `DataFlowError` (`.io`) naming what could not be synced.
    func syncContents() throws {
        if dataflow_sync_file_system(path) == 0 { return }
        guard errno == ENOSYS else {
            throw DataFlowError(.io, "cannot sync the written files (\(String(cString: strerror(errno))))", location: ErrorLocation(path: path))
        }
        let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).map { path + "/" + $0 } + [path]
        for entry in entries {
            let descriptor = open(entry, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0, fsync(descriptor) == 0 else {
                if descriptor >= 0 { close(descriptor) }
                throw DataFlowError(.io, "cannot sync a written file (\(String(cString: strerror(errno))))", location: ErrorLocation(path: entry))
            }
            close(descriptor)
        }
    }

    /// Puts `source` at `destination` so that, at every instant, `destination` shows either its old
    /// content or the new one, and removes the old content.
    /// - Throws: the file system's error; `destination` then keeps its old content.
    static func replace(_ destination: String, with source: String) throws {
        if let previous = try swap(destination, with: source) { try? FileManager.default.removeItem(atPath: previous) }
    }

    /// Puts `source` at `destination` so that, at every instant, `destination` shows either its old
    /// content or the new one: an atomic exchange where the file system offers one (the old content
    /// then sits at `source`), else a move aside to `source-previous` and a move in, which puts the
    /// old content back if the move in fails. Returns where the old content now is (nil: there was
    /// none), for the caller to remove or swap back.
    /// - Throws: the file system's error; `destination` then keeps its old content.
    static func swap(_ destination: String, with source: String) throws -> String? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: destination) else {
            try manager.moveItem(atPath: source, toPath: destination)
            return nil
        }
        if dataflow_exchange_paths(source, destination) == 0 { return source }
        guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
            throw DataFlowError(.io, "cannot exchange '\(source)' with its target (\(String(cString: strerror(errno))))",
                                location: ErrorLocation(path: destination))
        }
        let previous = source + "-previous"
        try manager.moveItem(atPath: destination, toPath: previous)
        do {
            try manager.moveItem(atPath: source, toPath: destination)
        } catch {
            try? manager.moveItem(atPath: previous, toPath: destination)
            throw error
        }
        return previous
    }
}
