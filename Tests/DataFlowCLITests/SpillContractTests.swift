import DataFlow
import DataFlowIO
import Foundation
import Testing

/// The `dataflow` command under a memory budget far below its input: it spills where told, and a
/// run killed while spilling leaves neither output nor, after the next session, spill files.
@Suite("dataflow: spilling under --memory-limit")
struct SpillContractTests {
    /// A folder with `rows.csv`: 400k rows of (id, label), about 7 MB.
    static func workspace() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-cli-spilling-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/spill", withIntermediateDirectories: true)
        let session = Session(parallelism: 2)
        let rows = try session.range(0, 400_000).select(col("id"), Expr.concat(lit("label-"), (col("id") % 977).cast(.string)).alias("label"))
        var options = CSVOptions()
        options.header = true
        try rows.coalesce(1).write.csv(folder + "/rows.csv", options: options)
        return folder
    }

    /// The spill folders under `root`.
    static func spillFolders(_ root: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("dataflow-spill-") }
    }

    @Test("convert --files 3 under a 1 MiB budget spills in --spill-directory, writes every row, and leaves no spill folder")
    func convertSpills() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try dataflow(["convert", "rows.csv", "out", "--to", "parquet", "--files", "3", "--header", "true",
                                   "--memory-limit", "1m", "--spill-directory", "spill"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 400000 rows to 3 parquet file(s)"), "\(result.stdout)")
        #expect(Self.spillFolders(folder + "/spill").isEmpty)
    }

    @Test("a --spill-directory that does not exist is refused as typed, and nothing is created")
    func missingSpillDirectory() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try dataflow(["count", "rows.csv", "--header", "true", "--spill-directory", "no/such/folder"], in: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--spill-directory") && result.stderr.contains("no/such/folder"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/no"))
    }

    @Test("a run killed with SIGKILL while spilling leaves no output; the next session removes its spill folder")
    func killedWhileSpilling() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = folder + "/spill"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dataflowExecutable)
        process.arguments = ["convert", "rows.csv", "out", "--to", "parquet", "--files", "3", "--header", "true",
                             "--memory-limit", "256k", "--spill-directory", "spill"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once spill files are being written.
        let deadline = Date().addingTimeInterval(120)
        func spilling() -> Bool {
            Self.spillFolders(spill).contains { name in
                ((try? FileManager.default.contentsOfDirectory(atPath: spill + "/" + name)) ?? []).contains { $0.hasSuffix(".arrow") }
            }
        }
        while !spilling(), process.isRunning, Date() < deadline { usleep(1_000) }
        #expect(process.isRunning, "the run ended before it spilled")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
        #expect(Self.spillFolders(spill).count == 1, "the killed run's folder stays until a session looks")
        _ = Session(spillDirectory: spill)
        #expect(Self.spillFolders(spill).isEmpty)
    }
}
