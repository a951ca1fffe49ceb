import Foundation
import Synchronization

/// Where a session's operators write what does not fit in its memory budget: one folder,
/// `dataflow-spill-<pid>-<n>` under `root`, made at the first spill and removed with the session.
///
/// The folder holds a `lock` file the session keeps locked (`flock`) while it lives. The lock dies
/// with the process, however it dies, so a later session can tell a folder whose owner is gone
/// (killed with SIGKILL mid-query, say) from one in use, and `init` removes those stale folders.
public final class SpillDirectory: Sendable {
    /// The folder spill folders are made in.
    public let root: String
    /// The session's folder and its lock, once made.
    private let folder = Locked<(path: String, lock: Int32)?>(nil)
    private let fileCounter = Atomic<Int>(0)

    /// The name every spill folder starts with.
    static let folderPrefix = "dataflow-spill-"

    /// Spill folders for a session under `root` (default: `$DATAFLOW_SPILL_DIRECTORY`, else the
    /// system's temporary folder). Removes the stale folders other sessions left there.
    public init(root: String? = nil) {
        self.root = root ?? Self.defaultRoot
        Self.removeStale(in: self.root)
    }

    /// `$DATAFLOW_SPILL_DIRECTORY`, else the system's temporary folder (`$TMPDIR`).
    public static var defaultRoot: String {
        if let configured = ProcessInfo.processInfo.environment["DATAFLOW_SPILL_DIRECTORY"], !configured.isEmpty { return configured }
        return FileManager.default.temporaryDirectory.path
    }

    /// The session's folder, if it spilled yet.
    public var path: String? { folder.withLock { $0?.path } }

    /// A new file path in the session's folder, made on first use; the name starts with `prefix`.
    /// - Throws: `DataFlowError` (`.io`) naming the folder when it cannot be made.
    func newFilePath(prefix: String) throws -> String {
        let folder = try self.folder.withLock { folder in
            if let folder { return folder.path }
            let made = try Self.makeFolder(in: root)
            folder = made
            return made.path
        }
        let number = fileCounter.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(folder)/\(prefix)-\(number).arrow"
    }

    deinit {
        if let (path, lock) = folder.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: path)
            close(lock)
        }
    }

    /// Makes a fresh folder under `root` (which must exist: a mistyped path makes no folders) and
    /// locks it.
    private static func makeFolder(in root: String) throws -> (path: String, lock: Int32) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataFlowError(.io, "the spill directory does not exist or is not a folder", location: ErrorLocation(path: root))
        }
        let pid = getpid()
        for attempt in 0..<1_000 {
            let path = "\(root)/\(folderPrefix)\(pid)-\(attempt)"
            guard mkdir(path, 0o700) == 0 else {
                if errno == EEXIST { continue }
                throw DataFlowError(.io, "cannot make a spill folder: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
            }
            let lock = open(path + "/lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
                let reason = String(cString: strerror(errno))
                if lock >= 0 { close(lock) }
                try? FileManager.default.removeItem(atPath: path)
                throw DataFlowError(.io, "cannot lock a spill folder: \(reason)", location: ErrorLocation(path: path))
            }
            return (path, lock)
        }
        throw DataFlowError(.io, "no free spill folder name for process \(pid)", location: ErrorLocation(path: root))
    }

    /// Removes the spill folders under `root` that belong to this user and whose session is gone:
    /// their lock can be taken, or (made but never locked) their process no longer exists.
    static func removeStale(in root: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for name in names where name.hasPrefix(folderPrefix) {
            let path = "\(root)/\(name)"
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            if ownerIsGone(path, name: name) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Whether the session that made the folder `path` (named `name`) no longer runs.
    private static func ownerIsGone(_ path: String, name: String) -> Bool {
        let lock = open(path + "/lock", O_RDWR | O_CLOEXEC)
        guard lock >= 0 else {
            // No lock file: the owner died between making the folder and locking it, or lives on
            // in that instant; its pid tells which.
            let pid = name.dropFirst(folderPrefix.count).split(separator: "-").first.flatMap { Int32($0) }
            return pid.map { kill($0, 0) != 0 && errno == ESRCH } ?? false
        }
        defer { close(lock) }
        return flock(lock, LOCK_EX | LOCK_NB) == 0
    }
}
