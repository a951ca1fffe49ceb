import DataFlow
@testable import DataFlowIO
import Foundation
import Synchronization
import Testing

/// The commit of file writes: what killed writers leave behind is cleaned up by the next write to
/// the same target (but never what a live writer holds), and replacing an output never leaves the
/// target missing.
@Suite("Write commits: stale staging and atomic replacement")
struct WriteCommitTests {
    private func frame(_ values: [Int64]) throws -> DataFrame {
        try Session(parallelism: 2).createDataFrame(rows: values.map { [.int64($0)] }, schema: Schema([Field("v", .int64)]))
    }

    private func values(_ path: String) throws -> [Int64] {
        try Session(parallelism: 1).read.parquet(path).collect().compactMap { row -> Int64? in
            if case let .int64(value) = row.values[0] { return value } else { return nil }
        }.sorted()
    }

    @Test("staging left by killed writes is removed by the next write to the same target; a live writer's is kept")
    func staleStaging() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manager = FileManager.default
        // What a kill -9 leaves: a staging directory with staged files, and one from the two-rename
        // fallback; its lock file exists but no process holds it.
        let killed = dir + "/._dataflow-staging-out-0badcafe"
        try manager.createDirectory(atPath: killed + "/day=1", withIntermediateDirectories: true)
        #expect(manager.createFile(atPath: killed + "/day=1/part-00000-0badcafe.parquet", contents: Data([1, 2, 3])))
        #expect(manager.createFile(atPath: killed + ".lock", contents: Data()))
        try manager.createDirectory(atPath: dir + "/._dataflow-staging-out-0ldc0de0-previous", withIntermediateDirectories: true)
        // A writer that is alive: it holds its lock.
        let live = dir + "/._dataflow-staging-out-11ve1111"
        try manager.createDirectory(atPath: live, withIntermediateDirectories: true)
        let descriptor = open(live + ".lock", O_CREAT | O_RDWR, 0o644)
        #expect(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        defer { close(descriptor) }
        // Another target's staging is not this write's business.
        try manager.createDirectory(atPath: dir + "/._dataflow-staging-other-22222222", withIntermediateDirectories: true)

        try frame([1, 2, 3]).write.parquet(dir + "/out")
        #expect(try values(dir + "/out") == [1, 2, 3])
        let left = try manager.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("._dataflow-staging") }.sorted()
        #expect(left == ["._dataflow-staging-other-22222222", "._dataflow-staging-out-11ve1111", "._dataflow-staging-out-11ve1111.lock"])
    }

    @Test("overwriting an output keeps it readable at every instant: a reader polling it never finds it missing")
    func atomicReplacement() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out"
        try frame([0]).write.parquet(target)
        let missing = ManagedAtomicFlag()
        let done = ManagedAtomicFlag()
        let reader = Thread {
            while !done.isSet {
                if !FileManager.default.fileExists(atPath: target + "/_SUCCESS") { missing.set() }
            }
        }
        reader.start()
        for round in 1...40 {
            try frame([Int64(round), Int64(round) * 10]).write.mode(.overwrite).parquet(target)
        }
        done.set()
        while !reader.isFinished { usleep(1_000) }
        #expect(!missing.isSet)
        #expect(try values(target) == [40, 400])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }

    @Test("a dynamic partition overwrite replaces each written partition in place and leaves nothing staged")
    func dynamicPartitions() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let schema = Schema([Field("day", .string), Field("v", .int64)])
        try session.createDataFrame(rows: [["d1", 1], ["d2", 2]], schema: schema).write.partitionBy("day").parquet(dir + "/out")
        try session.createDataFrame(rows: [["d2", 20], ["d3", 30]], schema: schema).write.mode(.overwrite)
            .partitionOverwriteMode(.dynamic).partitionBy("day").parquet(dir + "/out")
        let rows = try session.read.parquet(dir + "/out").orderBy("day").collect().map(\.values)
        #expect(rows.map { $0.map(\.description) } == [["1", "d1"], ["20", "d2"], ["30", "d3"]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }
}

/// A flag set once from any thread.
private final class ManagedAtomicFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
