import DataFlow
import DataFlowIO
@testable import DataFlowS3
import Foundation
import Testing
import TestSupport

/// The object store against the tests' SeaweedFS server (`make test` starts it): every call, keys
/// that need encoding, pagination, conditional puts, multipart uploads and the errors people see.
@Suite("S3 object store")
struct S3ObjectStoreTests {
    /// Options reaching the test server with the test identity (or `secret` instead of its own).
    static func options(secret: String? = nil) throws -> S3Options {
        let server = try testS3Server()
        return S3Options(endpoint: server.endpoint, region: "us-east-1",
                         credentials: S3Credentials(accessKeyID: server.accessKey, secretAccessKey: secret ?? server.secretKey))
    }

    /// The test server's bucket, signed with the test identity (or `secret` instead of its own).
    static func store(bucket: String = "dataflow-test", secret: String? = nil) throws -> S3ObjectStore {
        try S3ObjectStore(bucket: bucket, options: options(secret: secret))
    }

    /// A prefix no other test uses.
    static func prefix() -> String { "tests/\(UUID().uuidString)/" }

    @Test("put, head, get whole and by range, list by prefix and delete; keys with =, spaces and accents")
    func roundTrip() throws {
        let store = try Self.store(), prefix = Self.prefix()
        let keys = ["year=2025/month=11/part 1.parquet", "year=2025/month=12/ü+x.parquet", "z/_SUCCESS"].map { prefix + $0 }
        for (index, key) in keys.enumerated() { try store.put(key, Data("object \(index)".utf8)) }
        let listed = try store.list(prefix: prefix)
        #expect(listed.map(\.key) == keys && listed.allSatisfy { $0.size == 8 })
        // Written in the last minutes, as the listing and HEAD tell.
        #expect(listed.allSatisfy { abs($0.modified?.timeIntervalSinceNow ?? .infinity) < 600 })
        #expect(try store.list(prefix: prefix + "year=2025/month=12/").map(\.key) == [keys[1]])
        let head = try #require(try store.head(keys[1]))
        #expect(head.key == keys[1] && head.size == 8 && abs(head.modified?.timeIntervalSinceNow ?? .infinity) < 600)
        #expect(try store.head(prefix + "missing") == nil)
        #expect(try store.get(keys[0], range: nil) == Data("object 0".utf8))
        #expect(try store.get(keys[0], range: 2..<5) == Data("jec".utf8))
        #expect(try store.get(keys[0], range: 6..<100) == Data(" 0".utf8))
        #expect(try store.get(keys[0], range: 50..<60).isEmpty)
        try store.delete(keys + [prefix + "never-written"])
        #expect(try store.list(prefix: prefix).isEmpty)
    }

    @Test("a listing longer than a page reads every page")
    func pages() throws {
        var paged = try Self.store()
        paged.listPageSize = 7
        let store = paged
        let prefix = Self.prefix()
        let keys = (0..<25).map { prefix + String(format: "part-%03d", $0) }
        DispatchQueue.concurrentPerform(iterations: keys.count) { try? store.put(keys[$0], Data([UInt8($0)])) }
        #expect(try store.list(prefix: prefix).map(\.key) == keys)
        try store.delete(keys)
    }

    @Test("putIfAbsent writes once: the second writer is told and the first object stays")
    func conditionalPut() throws {
        let store = try Self.store(), key = Self.prefix() + "_commit"
        #expect(try store.putIfAbsent(key, Data("first".utf8)))
        #expect(try !store.putIfAbsent(key, Data("second".utf8)))
        #expect(try store.get(key, range: nil) == Data("first".utf8))
        try store.delete([key])
    }

    @Test("a multipart upload of parts sent out of order and in parallel makes the object in part order; an aborted one makes none")
    func multipart() throws {
        let store = try Self.store(), prefix = Self.prefix()
        let parts = [Data(repeating: 1, count: 5 << 20), Data(repeating: 2, count: 5 << 20), Data("tail".utf8)]
        let upload = try store.startUpload(prefix + "big.bin")
        let failures = Locked<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            let number = parts.count - index
            do { try upload.upload(part: number, parts[number - 1]) } catch { failures.withLock { $0.append(error) } }
        }
        #expect(failures.withLock { $0.isEmpty })
        try upload.complete()
        #expect(try store.head(prefix + "big.bin")?.size == (10 << 20) + 4)
        #expect(try store.get(prefix + "big.bin", range: nil) == parts.reduce(Data(), +))
        let aborted = try store.startUpload(prefix + "aborted.bin")
        try aborted.upload(part: 1, Data("x".utf8))
        try aborted.abort()
        #expect(try store.head(prefix + "aborted.bin") == nil)
        try store.delete([prefix + "big.bin"])
    }

    @Test("answers of 503 SlowDown and dropped connections are retried until one succeeds; when the tries run out the error says so")
    func retries() throws {
        let server = try Self.store(), key = Self.prefix() + "retried.txt"
        try server.put(key, Data("through the faults".utf8))
        defer { try? server.delete([key]) }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let targetPort = try #require(URLComponents(string: ProcessInfo.processInfo.environment["DATAFLOW_S3_ENDPOINT"] ?? "")?.port)
        func proxied(_ faults: [String], attempts: Int) throws -> (store: S3ObjectStore, proxy: FaultProxy) {
            let proxy = try FaultProxy(faults: faults, targetPort: targetPort, log: directory + "/faults-\(faults.count)-\(attempts)")
            var options = S3Options(endpoint: "http://127.0.0.1:\(proxy.port)", region: "us-east-1", credentials: server.client.endpoint.credentials)
            options.maxAttempts = attempts
            return (try S3ObjectStore(bucket: server.bucket, options: options), proxy)
        }
        let (store, proxy) = try proxied(["503", "drop", "503"], attempts: 5)
        defer { proxy.process.terminate() }
        #expect(try store.get(key, range: nil) == Data("through the faults".utf8))
        let log = try String(contentsOfFile: directory + "/faults-3-5", encoding: .utf8)
        #expect(log == "503\ndrop\n503\n")

        let (impatient, second) = try proxied(["503", "503", "503"], attempts: 2)
        defer { second.process.terminate() }
        #expect { _ = try impatient.get(key, range: nil) } throws: { error in
            "\(error)".contains("failed: SlowDown (HTTP 503): Reduce your rate after 2 tries")
        }
    }

    @Test("a wrong secret, a missing bucket and a missing key name the operation, the object and S3's code, never the secret")
    func errors() throws {
        let wrong = try Self.store(secret: "not-the-secret")
        #expect { _ = try wrong.list(prefix: "x") } throws: { error in
            let message = "\(error)"
            return message.contains("S3 ListObjectsV2 s3://dataflow-test/ failed: SignatureDoesNotMatch (HTTP 403)") && !message.contains("not-the-secret")
        }
        let missingBucket = try Self.store(bucket: "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))")
        #expect { _ = try missingBucket.get("a/b.parquet", range: nil) } throws: { error in
            "\(error)".contains("S3 GetObject s3://\(missingBucket.bucket)/a/b.parquet failed: NoSuchBucket (HTTP 404)")
        }
        #expect { _ = try Self.store().get("no/such/key.parquet", range: nil) } throws: { error in
            (error as? DataFlowError)?.category == .io && "\(error)".contains("S3 GetObject s3://dataflow-test/no/such/key.parquet failed: NoSuchKey (HTTP 404)")
        }
    }
}
