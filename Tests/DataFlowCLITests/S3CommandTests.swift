import DataFlow
import DataFlowIO
import DataFlowS3
import Foundation
import Testing
import TestSupport

/// The `dataflow` command with `s3://` inputs and outputs against the tests' SeaweedFS server
/// (the command takes the server and identity from the AWS variables, as people run it).
@Suite("dataflow with s3:// paths")
struct S3CommandTests {
    /// A local folder with `rows.csv` (`rows` rows of id and label).
    static func workspace(rows: Int) throws -> String {
        let folder = try temporaryDirectory()
        var options = CSVOptions()
        options.header = true
        try Session(parallelism: 2).range(0, Int64(rows)).select(col("id"), Expr.concat(lit("label-"), (col("id") % 977).cast(.string)).alias("label"))
            .coalesce(1).write.csv(folder + "/rows.csv", options: options)
        return folder
    }

    /// The environment variables that point the command at the test server, and a fresh URL prefix there.
    static func server() throws -> (environment: [String: String], prefix: String, store: S3ObjectStore) {
        let server = try testS3Server()
        let environment = ["AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": server.accessKey,
                           "AWS_SECRET_ACCESS_KEY": server.secretKey, "AWS_REGION": "us-east-1"]
        let options = S3Options(endpoint: server.endpoint, region: "us-east-1",
                                credentials: S3Credentials(accessKeyID: server.accessKey, secretAccessKey: server.secretKey))
        S3ObjectStore.register(options: options)
        let key = "cli/\(UUID().uuidString.lowercased())"
        return (environment, key, try S3ObjectStore(bucket: "dataflow-test", options: options))
    }

    @Test("convert writes a directory and a single file into the bucket; count and schema read them back")
    func convertAndRead() throws {
        let folder = try Self.workspace(rows: 5_000)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (environment, key, _) = try Self.server()
        let out = "s3://dataflow-test/\(key)/out", one = "s3://dataflow-test/\(key)/one.parquet"
        let converted = try dataflow(["convert", "rows.csv", out, "--to", "parquet", "--files", "2", "--header", "true"], in: folder, environment: environment)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("wrote 5000 rows to 2 parquet file(s)"))
        let single = try dataflow(["convert", "rows.csv", one, "--header", "true"], in: folder, environment: environment)
        #expect(single.status == 0, "\(single.stderr)")
        for path in [out, one] {
            let count = try dataflow(["count", path], in: folder, environment: environment)
            #expect(count.status == 0 && count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5000", "\(count.stderr)")
        }
        // convert infers the CSV's types: id is an INT.
        #expect(try Session().read.parquet(one).filter(col("id") == 4321).collect().map(\.values) == [[.int32(4321), "label-413"]])
    }

    @Test("a run killed with SIGKILL while uploading leaves the old output readable; the next run commits and removes what the killed one uploaded")
    func killedWhileWriting() throws {
        let folder = try Self.workspace(rows: 1_500_000)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (environment, key, store) = try Self.server()
        let out = "s3://dataflow-test/\(key)/out"
        var options = CSVOptions()
        options.header = true
        try Session().read.csv(folder + "/rows.csv", options: options).limit(100).write.parquet(out)
        let committed = Set(try store.list(prefix: key + "/out/").map(\.key))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: dataflowExecutable)
        process.arguments = ["convert", "rows.csv", out, "--to", "parquet", "--files", "24", "--header", "true", "--mode", "overwrite"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once it has uploaded data files of its own (but not committed them).
        let deadline = Date().addingTimeInterval(120)
        func uploaded() throws -> [String] {
            try store.list(prefix: key + "/out/").map(\.key).filter { $0.hasSuffix(".parquet") && !committed.contains($0) }
        }
        while try uploaded().isEmpty, process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(process.isRunning, "the run ended before it uploaded a file")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let orphans = try uploaded()
        #expect(!orphans.isEmpty)
        #expect(try store.list(prefix: key + "/out/_dataflow/pending/").count == 1)
        #expect(try Session().read.parquet(out).count() == 100)

        let rerun = try dataflow(["convert", "rows.csv", out, "--to", "parquet", "--files", "4", "--header", "true", "--mode", "overwrite"],
                                 in: folder, environment: environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try Session().read.parquet(out).count() == 1_500_000)
        let keys = Set(try store.list(prefix: key + "/out/").map(\.key))
        #expect(orphans.allSatisfy { !keys.contains($0) } && committed.filter { $0.hasSuffix(".parquet") }.allSatisfy { !keys.contains($0) })
        #expect(try store.list(prefix: key + "/out/_dataflow/pending/").isEmpty)
    }

    @Test("a bucket that does not exist is an error naming the URL and S3's code; nothing is created")
    func missingBucket() throws {
        let folder = try Self.workspace(rows: 10)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (environment, _, _) = try Self.server()
        let bucket = "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))"
        let result = try dataflow(["count", "s3://\(bucket)/lake/"], in: folder, environment: environment)
        #expect(result.status != 0)
        #expect(result.stderr.contains("s3://\(bucket)/") && result.stderr.contains("NoSuchBucket"), "\(result.stderr)")
        #expect(!result.stderr.contains(try testS3Server().secretKey))
    }

    @Test("watch --once loads the files under a bucket prefix into a local SQLite warehouse and moves them to processed/ in the bucket")
    func watchOnce() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (environment, key, store) = try Self.server()
        try store.put(key + "/imports/notes.csv", Data("a,b\n1,x\n2,y\n".utf8))
        let result = try dataflow(["watch", "--imports", "s3://dataflow-test/\(key)/imports", "--target", "warehouse.db", "--once"], in: folder, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("table=notes, status=processed, file=notes.csv, rows=2"), "\(result.stdout)")
        #expect(try store.list(prefix: key + "/").map(\.key) == [key + "/processed/notes.csv"])
        #expect(try Session().read.sqlite(folder + "/warehouse.db", table: "staging_notes").count() == 2)
    }
}
