import DataFlow
import Foundation

/// One write of files into a directory of an object store, where nothing can be renamed. The job
/// first leaves a marker of itself (`_dataflow/pending/<job>.json`: host, process, start), then
/// its tasks upload their files under their final, unique names. The commit is one conditional put
/// of the next manifest in the directory's `ObjectCommitLog`, listing every file readers see from
/// then on (for an append, the files before and the new ones; for a dynamic partition overwrite,
/// the partitions not written and the new ones); `_SUCCESS` follows, as Spark writes it. A job
/// that fails or is killed commits nothing: readers going through the log never see its files.
/// Each commit then removes what no manifest lists any more (the files an overwrite replaced, and
/// those of jobs that died), except the files of jobs whose marker shows them still running.
final class ObjectWriteJob: FileOutputJob {
    let directory: ObjectPath
    /// The target as given, for errors.
    let target: String
    let mode: SaveMode
    /// Whether `overwrite` replaces only the partitions written (this many `key=value` levels).
    let dynamicPartitionDepth: Int?
    let jobID: String
    let namePrefix: String
    /// The files uploaded so far (relative to the directory) and their sizes.
    private let uploaded = Locked<[String: Int]>([:])

    /// How many times a commit that lost the race for a version tries the next one.
    static let commitAttempts = 10

    /// Starts a job writing into `directory` (the store path `target`) in `mode` (`ignore` is
    /// decided by the caller); with a `dynamicPartitionDepth`, `overwrite` replaces only the
    /// partitions written.
    /// - Throws: `DataFlowError` (`.io`) when the target has content in `error` mode, or the store fails.
    init(directory: ObjectPath, target: String, mode: SaveMode, dynamicPartitionDepth: Int?, namePrefix: String) throws {
        self.directory = directory
        self.target = target
        self.mode = mode
        self.dynamicPartitionDepth = dynamicPartitionDepth
        self.namePrefix = namePrefix
        jobID = Self.makeJobID()
        if try mode == .error && Self.existsWithContent(directory) {
            throw DataFlowError(.io, "the output path already exists; write with mode(.overwrite), .append or .ignore", location: ErrorLocation(path: target))
        }
        try directory.store.put(pendingKey(jobID), try PendingWrite.current().encoded())
    }

    /// Whether readers see any file in `directory`.
    static func existsWithContent(_ directory: ObjectPath) throws -> Bool {
        let listing = try directory.store.list(prefix: directory.directoryPrefix)
        return !(try ObjectCommitLog(directory: directory).visibleFiles(in: listing).isEmpty)
    }

    /// The key of job `job`'s marker.
    private func pendingKey(_ job: String) -> String {
        directory.directoryPrefix + ObjectCommitLog.logDirectory + "pending/\(job).json"
    }

    func createFile(_ relative: String, compression: FileCompression) throws -> OutputFile {
        let key = directory.directoryPrefix + relative
        let upload = ObjectUpload(store: directory.store, key: key, url: directory.url(key)) { [uploaded] size in
            uploaded.withLock { $0[relative] = size }
        }
        return try OutputFile(path: directory.url(key), destination: upload, compression: compression)
    }

    func commit(written: [String]) throws {
        let sizes = uploaded.withLock { $0 }
        let mine = try written.map { relative -> ObjectManifest.File in
            guard let size = sizes[relative] else {
                throw DataFlowError(.io, "the file was not uploaded", location: ErrorLocation(path: directory.url(directory.directoryPrefix + relative)))
            }
            return ObjectManifest.File(key: relative, size: size)
        }
        let log = ObjectCommitLog(directory: directory)
        for _ in 0..<Self.commitAttempts {
            let listing = try directory.store.list(prefix: directory.directoryPrefix)
            // The version comes from the listing's keys; the manifest itself is read once, by visibleFiles.
            let files = try filesAfterCommit(before: log.visibleFiles(in: listing), mine: mine)
            let manifest = ObjectManifest(version: (log.versions(in: listing).last ?? 0) + 1, job: jobID,
                                          committed: ISO8601DateFormatter().string(from: Date()), files: files)
            guard try log.commit(manifest) else { continue }
            try directory.store.put(directory.directoryPrefix + "_SUCCESS", Data())
            try? directory.store.delete([pendingKey(jobID)])
            removeUnlisted(listing, kept: Set(files.map(\.key)), log: log, version: manifest.version)
            return
        }
        throw DataFlowError(.io, "another writer committed to the directory each of \(Self.commitAttempts) times this job tried", location: ErrorLocation(path: target))
    }

    /// The files readers see after this job commits `mine` over the files they saw `before`.
    private func filesAfterCommit(before: [ObjectManifest.File], mine: [ObjectManifest.File]) throws -> [ObjectManifest.File] {
        switch mode {
        case .append:
            return before + mine
        case .overwrite where dynamicPartitionDepth != nil:
            let depth = dynamicPartitionDepth ?? 0
            let partition = { (key: String) in key.split(separator: "/").prefix(depth).joined(separator: "/") }
            let replaced = Set(mine.map { partition($0.key) })
            return before.filter { !replaced.contains(partition($0.key)) } + mine
        default:
            return mine
        }
    }

    /// Best effort, after a commit: removes the data files of `listing` that the new manifest does
    /// not list and that no running job wrote, the markers of jobs that died, and manifests more
    /// than `versionsKept` versions old. What cannot be removed stays for the next commit.
    private func removeUnlisted(_ listing: [ObjectMeta], kept: Set<String>, log: ObjectCommitLog, version: Int) {
        let prefix = directory.directoryPrefix, logPrefix = prefix + ObjectCommitLog.logDirectory
        let listed = listing.map(\.key).filter { !$0.hasPrefix(logPrefix) && $0 != prefix + "_SUCCESS" }
        let mine: [String] = uploaded.withLock { $0.keys.map { prefix + $0 } }
        let candidates = Set(listed + mine).filter { !kept.contains(String($0.dropFirst(prefix.count))) }
        var running: [String: Bool] = [jobID: false]
        var doomed: [String] = []
        for key in candidates.sorted() {
            if let job = Self.jobID(ofFile: key) {
                let isRunning = running[job] ?? { () -> Bool in
                    let marker = try? directory.store.get(pendingKey(job), range: nil)
                    let alive = marker.flatMap { try? PendingWrite.decode($0) }?.mayBeRunning() ?? false
                    if marker != nil && !alive { doomed.append(pendingKey(job)) }
                    return alive
                }()
                running[job] = isRunning
                if isRunning { continue }
            }
            doomed.append(key)
        }
        doomed += log.versions(in: listing).filter { $0 <= version - ObjectCommitLog.versionsKept }.map(log.key)
        try? directory.store.delete(doomed)
    }

    /// The job ID in a file name written by a job (`<prefix>-<task>-<job>[-<n>].<extension>`).
    static func jobID(ofFile key: String) -> String? {
        let name = key.split(separator: "/").last.map(String.init) ?? key
        let parts = name.split(separator: ".").first?.split(separator: "-") ?? []
        for (task, job) in zip(parts, parts.dropFirst()).reversed()
        where task.count == 5 && task.allSatisfy(\.isNumber) && job.count == 8 && job.allSatisfy(\.isHexDigit) {
            return String(job)
        }
        return nil
    }

    func abort() {
        let keys = uploaded.withLock { $0.keys.map { directory.directoryPrefix + $0 } }
        try? directory.store.delete(keys + [pendingKey(jobID)])
    }
}

/// The marker of a write in progress: which process on which host started it, and when. A job on
/// this host is running while its process lives; one elsewhere is taken to be running for
/// `PendingWrite.lease` after it started.
struct PendingWrite: Codable {
    let host: String
    let pid: Int32
    /// The process's start time (clock ticks after boot), telling a reused process ID apart.
    let processStart: String?
    /// Seconds since 1970 when the job started.
    let started: Double

    /// How long a job on another host counts as running.
    static let lease: TimeInterval = 24 * 3600

    /// This process's marker, now.
    static func current() -> PendingWrite {
        let pid = getpid()
        return PendingWrite(host: ProcessInfo.processInfo.hostName, pid: pid, processStart: startTime(of: pid), started: Date().timeIntervalSince1970)
    }

    /// Whether the job may still be running (and its files must stay).
    func mayBeRunning() -> Bool {
        guard host == ProcessInfo.processInfo.hostName else { return Date().timeIntervalSince1970 - started < Self.lease }
        return kill(pid, 0) == 0 && Self.startTime(of: pid) == processStart
    }

    /// The start time of process `pid` from `/proc` (nil where there is none).
    static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command's closing parenthesis: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }

    func encoded() throws -> Data { try JSONEncoder().encode(self) }

    static func decode(_ data: Data) throws -> PendingWrite { try JSONDecoder().decode(PendingWrite.self, from: data) }
}
