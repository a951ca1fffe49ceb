import DataFlow
@testable import DataFlowIO
@testable import DataFlowS3
import Foundation
import Testing
import TestSupport

/// DataFrame reads and writes of `s3://` paths against the tests' SeaweedFS server: every format,
/// partitioned datasets read with the requests that pruning leaves, uploads in parts, and errors.
/// Serialized: the request counts are the shared store's.
@Suite("s3:// datasets", .serialized)
struct S3DatasetTests {
    /// The store `s3://dataflow-test` paths resolve to, registered with the test identity.
    static let store: S3ObjectStore = {
        let store = try! S3ObjectStoreTests.store()
        try! ObjectStores.register(store, for: "s3://dataflow-test")
        return store
    }()

    /// A directory no other test uses.
    static func directory() -> String {
        _ = store
        return "s3://dataflow-test/" + S3ObjectStoreTests.prefix().dropLast()
    }

    static func frame(_ count: Int) throws -> DataFrame {
        let rows: [[Scalar]] = (0..<count).map { i in
            [.int64(Int64(i)), i % 5 == 0 ? .null : .string("chargeback \(i)"), .float64(Double(i) / 8), .string(["2025-11-01", "2025-11-02", "2025-11-03"][i % 3])]
        }
        return try Session(parallelism: 2).createDataFrame(rows: rows, schema: try Schema(ddl: "id BIGINT, reason STRING, amount DOUBLE, day STRING"))
    }

    static func rows(_ frame: DataFrame) throws -> [[Scalar]] { try frame.orderBy(col("id")).collect().map(\.values) }

    /// The requests `body` made, by operation.
    static func requests(_ body: () throws -> Void) rethrows -> [String: Int] {
        let before = store.requestCounts
        try body()
        return store.requestCounts.merging(before) { $0 - $1 }.filter { $0.value != 0 }
    }

    @Test("Parquet (snappy, zstd), CSV (plain, gzip) and JSON lines written to s3:// read back equal")
    func formats() throws {
        let root = Self.directory(), source = try Self.frame(2000), expected = try Self.rows(source)
        let schema = try Schema(ddl: "id BIGINT, reason STRING, amount DOUBLE, day STRING")
        let session = Session(parallelism: 2)
        for codec in [CompressionCodec.snappy, .zstd] {
            try source.write.parquet(root + "/parquet-\(codec)", options: ParquetWriteOptions(compression: codec))
            #expect(try Self.rows(session.read.parquet(root + "/parquet-\(codec)")) == expected)
        }
        for compression in [FileCompression.none, .gzip] {
            try source.write.csv(root + "/csv-\(compression)", options: CSVOptions(header: true, compression: compression))
            #expect(try Self.rows(session.read.csv(root + "/csv-\(compression)", options: CSVOptions(header: true, schema: schema))) == expected)
        }
        try source.write.jsonl(root + "/json")
        #expect(try Self.rows(session.read.jsonl(root + "/json", options: JSONOptions(schema: schema))) == expected)
        let keys = try Self.store.list(prefix: String(root.dropFirst("s3://dataflow-test/".count)) + "/json/").map(\.key)
        #expect(keys.contains { $0.hasSuffix("/json/_SUCCESS") })
        #expect(keys.contains { $0.hasSuffix("/json/_dataflow/commits/00000000000000000001.json") })
        #expect(!keys.contains { $0.contains("/pending/") })
    }

    @Test("a partitioned lake read with a filter on its partition column opens only the matching files; a glob lists only its prefix")
    func partitionPruning() throws {
        let root = Self.directory() + "/lake"
        try Self.frame(3000).repartition(2).write.partitionBy("day").parquet(root)
        let session = Session(parallelism: 2)
        var count = 0
        let requests = try Self.requests {
            count = try session.read.parquet(root).filter(col("day") == lit("2025-11-02")).count()
        }
        #expect(count == 1000)
        // One listing and the manifest; the first file's footer (planning reads it); then for
        // each of the day's two files its footer (unless it is that first file) and its chunks.
        #expect(requests["ListObjectsV2"] == 1)
        #expect(requests["HeadObject"] == nil)
        #expect((4...6).contains(requests["GetObject"] ?? 0), "\(requests)")

        let globbed = try Self.requests {
            count = try session.read.parquet(root + "/day=2025-11-03/*.parquet").count()
        }
        #expect(count == 1000)
        #expect(globbed["ListObjectsV2"] == 1)
    }

    @Test("a file larger than a part is uploaded in parts, in parallel, and reads back whole")
    func multipart() throws {
        let root = Self.directory()
        let big = try Session(parallelism: 1).range(0, 1_200_000).select((col("id") * 7919).cast(.string).alias("s"), col("id"))
        var summary = WriteSummary(rows: 0, files: [], bytes: 0)
        let requests = try Self.requests { summary = try big.write.csv(root + "/big", options: CSVOptions(header: true)) }
        #expect(summary.bytes > 2 * ObjectUpload.partSize)
        #expect(requests["UploadPart"] == summary.bytes / ObjectUpload.partSize + 1)
        #expect(requests["CompleteMultipartUpload"] == 1)
        let back = try Session(parallelism: 2).read.csv(root + "/big", options: CSVOptions(header: true, schema: try Schema(ddl: "s STRING, id BIGINT")))
        #expect(try back.agg(Expr.count(), Expr.sum("id")).collect().map(\.values) == [[1_200_000, .int64(1_200_000 * 1_199_999 / 2)]])
    }

    @Test("overwrite replaces the output and removes the replaced files; append adds")
    func modes() throws {
        let root = Self.directory() + "/out"
        try Self.frame(10).write.parquet(root)
        try Self.frame(20).write.mode(.append).parquet(root)
        #expect(try Session().read.parquet(root).count() == 30)
        try Self.frame(5).write.mode(.overwrite).parquet(root)
        #expect(try Session().read.parquet(root).count() == 5)
        let prefix = String(root.dropFirst("s3://dataflow-test/".count)) + "/"
        #expect(try Self.store.list(prefix: prefix).filter { $0.key.hasSuffix(".parquet") }.count == 2)
    }

    @Test("a missing bucket or key is an error naming the operation, the URL and S3's code")
    func errors() throws {
        S3ObjectStore.register(options: try S3ObjectStoreTests.options())
        let bucket = "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))"
        #expect { try Session().read.parquet("s3://\(bucket)/lake/") } throws: { error in
            "\(error)".contains("S3 ListObjectsV2 s3://\(bucket)/ failed: NoSuchBucket (HTTP 404)")
        }
        let missing = Self.directory() + "/missing.parquet"
        #expect { try Session().read.parquet(missing) } throws: { error in
            (error as? DataFlowError)?.location?.path == missing && "\(error)".contains("does not exist")
        }
    }
}
