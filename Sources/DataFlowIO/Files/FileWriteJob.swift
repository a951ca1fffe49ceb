import DataFlow
import Foundation

/// How a write treats a target that already exists.
public enum SaveMode: String, Sendable {
    /// Fail (the default).
    case error
    /// Replace the target.
    case overwrite
    /// Add files next to the existing ones.
    case append
    /// Do nothing.
    case ignore
}

/// What `overwrite` replaces when the output is partitioned with `partitionBy` (Spark's
/// `partitionOverwriteMode`).
public enum PartitionOverwriteMode: String, Sendable {
    /// The whole target directory (the default).
    case `static`
    /// Only the partition directories the job writes rows into; the others stay as they are.
    case dynamic
}

/// One write of files into a directory, atomic: every file is staged in a hidden sibling directory
/// and moved into place only when all partitions succeeded (then a `_SUCCESS` marker is written);
/// an abort deletes the staging directory and leaves the target as it was. Replacing an output
/// exchanges the directories atomically, so readers see the old or the new output at every instant,
/// and a write removes what killed writes to the same target left staged.
final class FileWriteJob: FileOutputJob {
    let target: String
    private let stagingDirectory: StagingDirectory
    var staging: String { stagingDirectory.path }
    let mode: SaveMode
    /// Whether `overwrite` replaces only the partition directories written (`partitionDepth` levels
    /// of `key=value` directories) instead of the whole target.
    let dynamicPartitionDepth: Int?
    /// Unique per job: part of every file name, so appends never collide.
    let jobID: String
    /// The start of every file name (`part` unless the writer chose another).
    let namePrefix: String

    /// Starts a job writing into `target` in `mode` (`ignore` is decided by the caller) files named
    /// `<namePrefix>-<task>-<job>`; with a `dynamicPartitionDepth`, `overwrite` replaces only the
    /// partition directories written.
    /// - Throws: `DataFlowError` (`.io`) when the target exists in `error` mode or cannot be staged.
    init(target: String, mode: SaveMode, dynamicPartitionDepth: Int? = nil, namePrefix: String = "part") throws {
        let target = (target as NSString).standardizingPath
        self.target = target
        self.mode = mode
        self.namePrefix = namePrefix
        self.dynamicPartitionDepth = dynamicPartitionDepth
        jobID = Self.makeJobID()
        if mode == .error && Self.existsWithContent(target) {
            throw DataFlowError(.io, "the output path already exists; write with mode(.overwrite), .append or .ignore", location: ErrorLocation(path: target))
        }
        stagingDirectory = try StagingDirectory(target: target, jobID: jobID)
    }

    /// Whether `path` exists as a file or a non-empty directory.
    static func existsWithContent(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else { return true }
        return !((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).isEmpty
    }

    /// The staged path of an output file (`relative` to the target directory).
    func stagedPath(_ relative: String) -> String { staging + "/" + relative }

    func createFile(_ relative: String, compression: FileCompression) throws -> OutputFile {
        try OutputFile(path: stagedPath(relative), compression: compression)
    }

    func commit(written: [String]) throws { try commit() }

    /// Moves the staged files into place and writes `_SUCCESS`.
    /// - Throws: `DataFlowError` (`.io`); on failure the target keeps its previous content.
    func commit() throws {
        let manager = FileManager.default
        do {
            guard manager.createFile(atPath: staging + "/_SUCCESS", contents: Data()) else {
                throw DataFlowError(.io, "cannot write _SUCCESS", location: ErrorLocation(path: staging))
            }
            try stagingDirectory.syncContents()
            switch mode {
            case .append where Self.existsWithContent(target):
                for file in try walk(staging) where !file.path.hasSuffix("/_SUCCESS") {
                    let relative = relativePath(file.path, to: staging)
                    let destination = target + "/" + relative
                    try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try manager.moveItem(atPath: file.path, toPath: destination)
                }
                try? manager.removeItem(atPath: target + "/_SUCCESS")
                try manager.moveItem(atPath: staging + "/_SUCCESS", toPath: target + "/_SUCCESS")
                try manager.removeItem(atPath: staging)
            case .overwrite where dynamicPartitionDepth != nil && Self.existsWithContent(target):
                try replaceWrittenPartitions(depth: dynamicPartitionDepth ?? 0)
            default:
                try StagingDirectory.replace(target, with: staging)
            }
        } catch let error as DataFlowError {
            throw error
        } catch {
            throw DataFlowError(.io, "cannot move the written files into place", location: ErrorLocation(path: target), underlying: DescribedError(error))
        }
    }

    /// Dynamic partition overwrite: swaps each partition directory the job wrote (`depth` levels
    /// below the staging root) with the target's, each atomically, then replaces `_SUCCESS`. A
    /// failure part way swaps back the partitions already swapped.
    private func replaceWrittenPartitions(depth: Int) throws {
        let manager = FileManager.default
        let written = Set(try walk(staging).compactMap { file -> String? in
            let components = relativePath(file.path, to: staging).split(separator: "/")
            return components.count > depth ? components.prefix(depth).joined(separator: "/") : nil
        }).sorted()
        var swapped: [(destination: String, previous: String?)] = []
        do {
            for partition in written {
                let destination = target + "/" + partition
                try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                swapped.append((destination, try StagingDirectory.swap(destination, with: staging + "/" + partition)))
            }
        } catch {
            for (destination, previous) in swapped.reversed() {
                if let previous { _ = try? StagingDirectory.swap(destination, with: previous) } else { try? manager.removeItem(atPath: destination) }
            }
            throw error
        }
        try StagingDirectory.replace(target + "/_SUCCESS", with: staging + "/_SUCCESS")
        // The replaced partitions now sit in the staging directory.
        try? manager.removeItem(atPath: staging)
    }

    /// Deletes everything staged.
    func abort() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
