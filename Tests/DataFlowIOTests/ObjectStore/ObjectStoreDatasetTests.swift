import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

/// Reads and writes through an object store (one in memory, recording its calls): every format,
/// ranged Parquet reads, listing by prefix, and the commit protocol of writes without renames.
@Suite("Datasets in object stores")
struct ObjectStoreDatasetTests {
    /// A store registered under a base URL of its own (`mem://<unique>`).
    static func store() throws -> (store: MemoryObjectStore, base: String) {
        let store = MemoryObjectStore(), base = "mem://bucket-\(UUID().uuidString.lowercased())"
        try ObjectStores.register(store, for: base)
        return (store, base)
    }

    static func frame(_ count: Int = 1000) throws -> DataFrame {
        let rows: [[Scalar]] = (0..<count).map { i in
            [.int64(Int64(i)), i % 7 == 0 ? .null : .string("name \(i)"), .float64(Double(i) / 4), .string(["2025-11-01", "2025-11-02", "2025-11-03"][i % 3])]
        }
        return try Session(parallelism: 2).createDataFrame(rows: rows, schema: try Schema(ddl: "id BIGINT, name STRING, amount DOUBLE, day STRING"))
    }

    static func sortedRows(_ frame: DataFrame) throws -> [[Scalar]] {
        try frame.orderBy(col("id")).collect().map(\.values)
    }

    @Test("Parquet, CSV and JSON lines, plain and compressed, read back as written")
    func formats() throws {
        let (store, base) = try Self.store()
        let source = try Self.frame(), expected = try Self.sortedRows(source)
        let session = Session(parallelism: 2)
        let schema = try Schema(ddl: "id BIGINT, name STRING, amount DOUBLE, day STRING")
        try source.write.parquet(base + "/parquet")
        #expect(try Self.sortedRows(session.read.parquet(base + "/parquet")) == expected)
        for compression in [FileCompression.none, .gzip, .zstd] {
            try source.write.csv(base + "/csv-\(compression)", options: CSVOptions(header: true, compression: compression))
            #expect(try Self.sortedRows(session.read.csv(base + "/csv-\(compression)", options: CSVOptions(header: true, schema: schema))) == expected)
            try source.write.jsonl(base + "/json-\(compression)", options: JSONOptions(compression: compression))
            #expect(try Self.sortedRows(session.read.jsonl(base + "/json-\(compression)", options: JSONOptions(schema: schema))) == expected)
        }
        #expect(store.keys.contains("parquet/_SUCCESS"))
        #expect(store.keys.contains("parquet/_dataflow/commits/00000000000000000001.json"))
        #expect(!store.keys.contains { $0.contains("pending") })
    }

    @Test("a Parquet read fetches the footer with one ranged request, then only the projected chunks of the row groups left")
    func rangedParquetReads() throws {
        let (store, base) = try Self.store()
        var options = ParquetWriteOptions()
        options.rowGroupSize = 16 << 10
        try Self.frame(200_000).repartition(1).write.parquet(base + "/lake", options: options)
        let key = try #require(store.keys.first { $0.hasSuffix(".parquet") })
        let size = try #require(try store.head(key)?.size)
        try #require(size > ParquetFileReader.coalesceGap)
        let footer = try ParquetFileReader(path: base + "/" + key)
        #expect(footer.metadata.rowGroups.count >= 2 && footer.metadata.rowGroups[0].rowCount > 100)
        _ = store.takeCalls()

        let rows = try Session(parallelism: 1).read.parquet(base + "/lake").filter(col("id") < 100).select("amount").collect()
        #expect(rows.map(\.values) == (0..<100).map { [.float64(Double($0) / 4)] })
        let calls = store.takeCalls()
        let gets = calls.filter { $0.hasPrefix("get ") }
        // The listing, the manifest, the footer (the last 64 KiB of a file over 1 MiB), then the
        // first row group's `amount` chunk and the `id` chunk its filter reads.
        #expect(calls.filter { $0.hasPrefix("list ") } == ["list lake/"])
        try #require(gets.count == 3, "\(calls)")
        #expect(gets[1] == "get \(key) \(max(0, size - (64 << 10)))..<\(size)")
        let group = footer.metadata.rowGroups[0]
        let chunks = [0, 2].map { index -> Range<Int> in
            let meta = group.columns[index].metadata!
            return Int(meta.chunkStart)..<Int(meta.chunkStart + meta.totalCompressedSize)
        }
        // One request for both chunks: the `name` chunk between them is closer than the coalescing gap.
        #expect(gets[2] == "get \(key) \(chunks[0].lowerBound)..<\(chunks[1].upperBound)")

        // A file of at most 1 MiB comes whole with the footer's request, and nothing more is fetched.
        try Self.frame(100).repartition(1).write.parquet(base + "/small")
        let small = try #require(store.keys.first { $0.hasPrefix("small/") && $0.hasSuffix(".parquet") })
        let smallSize = try #require(try store.head(small)?.size)
        _ = store.takeCalls()
        #expect(try Session(parallelism: 1).read.parquet(base + "/small").select("amount").collect().count == 100)
        // Planning reads the footer, the scan the columns: each with one request for the whole file.
        #expect(store.takeCalls().filter { $0.hasPrefix("get \(small)") } == Array(repeating: "get \(small) 0..<\(smallSize)", count: 2))
    }

    @Test("the small files of a scan are fetched ahead, each once and whole; a file asked for before its turn is left to its task")
    func readAhead() throws {
        let (store, base) = try Self.store()
        let files = (0..<(ObjectReadAhead.maxInFlight * 3)).map { DatasetFile(path: base + "/f\($0)", size: 10, partitionValues: [:]) }
        for index in files.indices { try store.put("f\(index)", Data(repeating: UInt8(index), count: 10)) }
        let last = files.count - 1
        // No request is answered until the last file was asked for: only the first `maxInFlight` run.
        store.holdGets()
        let ahead = ObjectReadAhead(files: files)
        // The last file's turn has not come (at most `maxInFlight` run at once): its task fetches it.
        #expect(try ahead.take(files[last].path) == nil)
        store.releaseGets()
        for index in 0..<last { #expect(try ahead.take(files[index].path) == Data(repeating: UInt8(index), count: 10)) }
        let gets = store.takeCalls().filter { $0.hasPrefix("get ") }
        #expect(gets.count == last && Set(gets).count == last && !gets.contains("get f\(last)"))
        #expect(try ahead.take(files[0].path) == nil)
    }

    @Test("a glob lists only the directories before its first wildcard, and partition columns come from the keys")
    func globsAndPartitions() throws {
        let (store, base) = try Self.store()
        let source = try Self.frame()
        for day in ["2025-11-01", "2025-11-02"] {
            let files = try source.filter(col("day") == lit(day)).select("id", "amount")
            try files.write.parquet(base + "/landing/day=\(day)")
        }
        _ = store.takeCalls()
        let read = try Session().read.parquet(base + "/landing/day=2025-11-02/*.parquet")
        #expect(store.takeCalls().filter { $0.hasPrefix("list ") } == ["list landing/day=2025-11-02/"])
        #expect(try read.count() == 333)
        let all = try Session().read.parquet(base + "/landing")
        #expect(all.schema.fields.map(\.name) == ["id", "amount", "day"])
        #expect(try all.filter(col("day") == lit("2025-11-01")).count() == 334)
    }

    @Test("append adds to the manifest, overwrite replaces and removes the old files, dynamic overwrite keeps other partitions")
    func saveModes() throws {
        let (store, base) = try Self.store()
        let target = base + "/out"
        let session = Session(parallelism: 2)
        func frame(_ rows: [[Scalar]]) throws -> DataFrame {
            try session.createDataFrame(rows: rows, schema: try Schema(ddl: "day STRING, amount BIGINT"))
        }
        func read() throws -> [[Scalar]] { try session.read.parquet(target).orderBy(col("day"), col("amount")).collect().map(\.values) }
        try frame([["d1", 1], ["d2", 2]]).write.partitionBy("day").parquet(target)
        #expect(throws: DataFlowError.self) { try frame([["d9", 9]]).write.parquet(target) }
        try frame([["d9", 9]]).write.mode(.ignore).parquet(target)
        try frame([["d1", 10]]).write.mode(.append).partitionBy("day").parquet(target)
        #expect(try read() == [[1, "d1"], [10, "d1"], [2, "d2"]])
        try frame([["d2", 20], ["d3", 30]]).write.mode(.overwrite).partitionOverwriteMode(.dynamic).partitionBy("day").parquet(target)
        #expect(try read() == [[1, "d1"], [10, "d1"], [20, "d2"], [30, "d3"]])
        let dataFiles = { store.keys.filter { $0.hasSuffix(".parquet") } }
        #expect(dataFiles().count == 4)
        try frame([["d4", 40]]).write.mode(.overwrite).partitionBy("day").parquet(target)
        #expect(try read() == [[40, "d4"]])
        #expect(dataFiles().count == 1)
        #expect(store.keys.filter { $0.contains("/commits/") }.count == 4)
    }

    @Test("files of a killed write stay invisible and the next commit removes them; a running writer's stay")
    func killedWrites() throws {
        let (store, base) = try Self.store()
        try Self.frame(10).write.parquet(base + "/out")
        let files = store.keys.filter { $0.hasSuffix(".parquet") }
        // A killed job on this host: its marker names a process that is gone.
        let dead = PendingWrite(host: ProcessInfo.processInfo.hostName, pid: Int32.max - 1, processStart: nil, started: Date().timeIntervalSince1970)
        try store.put("out/_dataflow/pending/0badcafe.json", try dead.encoded())
        try store.put("out/part-00000-0badcafe.parquet", Data("half a file".utf8))
        // A job still running in this process.
        try store.put("out/_dataflow/pending/1f1f1f1f.json", try PendingWrite.current().encoded())
        try store.put("out/part-00001-1f1f1f1f.parquet", Data("being written".utf8))
        #expect(try Session().read.parquet(base + "/out").count() == 10)
        try Self.frame(20).write.mode(.append).parquet(base + "/out")
        #expect(try Session().read.parquet(base + "/out").count() == 30)
        let keys = store.keys
        #expect(!keys.contains("out/part-00000-0badcafe.parquet") && !keys.contains("out/_dataflow/pending/0badcafe.json"))
        #expect(keys.contains("out/part-00001-1f1f1f1f.parquet") && keys.contains("out/_dataflow/pending/1f1f1f1f.json"))
        #expect(files.allSatisfy(keys.contains))
    }

    @Test("a lake whose partitions were committed one at a time reads each through its own log")
    func partitionsCommittedApart() throws {
        let (store, base) = try Self.store()
        for day in ["2025-11-01", "2025-11-02"] {
            try Self.frame(30).filter(col("day") == lit(day)).select("id").write.parquet(base + "/lake/day=\(day)")
        }
        // A file a killed job uploaded into one partition, and one from before any log, elsewhere.
        try store.put("lake/day=2025-11-01/part-00000-0badcafe.parquet", Data("half a file".utf8))
        try Self.frame(3).select("id").repartition(1).write.parquet(base + "/plain")
        let plain = try #require(store.keys.first { $0.hasPrefix("plain/") && $0.hasSuffix(".parquet") })
        try store.put("lake/day=2025-11-03/" + String(plain.dropFirst("plain/".count)), try store.get(plain, range: nil))
        let lake = try Session().read.parquet(base + "/lake")
        #expect(try lake.groupBy("day").agg(Expr.count().alias("n")).orderBy(col("day")).collect().map(\.values)
                == [[.date(20393), 10], [.date(20394), 10], [.date(20395), 3]])
    }

    @Test("a file larger than a part is uploaded in parts; a failed write leaves no object and no marker")
    func multipartAndFailure() throws {
        let (store, base) = try Self.store()
        let big = try Session(parallelism: 1).range(0, 1_500_000).select((col("id") * 7919).cast(.string).alias("s"))
        let summary = try big.write.csv(base + "/big")
        #expect(summary.bytes > ObjectUpload.partSize)
        #expect(store.takeCalls().contains { $0.hasPrefix("complete big/part-") && $0.hasSuffix("\(summary.bytes / ObjectUpload.partSize + 1) parts") })
        #expect(try Session().read.csv(base + "/big").count() == 1_500_000)

        try store.put("bad/a.csv", Data("1\n2\nx\n".utf8))
        var options = CSVOptions(schema: try Schema(ddl: "v BIGINT"))
        options.mode = .failFast
        let failing = try Session(parallelism: 2).read.csv(base + "/bad", options: options)
        #expect(throws: DataFlowError.self) { try failing.write.parquet(base + "/failed") }
        #expect(!store.keys.contains { $0.hasPrefix("failed/") })
    }

    @Test("a path in a store without a registered scheme, or naming nothing, is a clear error")
    func errors() throws {
        let (_, base) = try Self.store()
        #expect(throws: DataFlowError.self) { try Session().read.parquet("nostore://bucket/x") }
        do {
            // (s3n, Hadoop's old scheme, is one nothing registers, whatever other tests did.)
            _ = try Session().read.parquet("s3n://some-bucket/lake/")
            Issue.record("expected an error")
        } catch let error as DataFlowError {
            #expect(error.message.contains("S3ObjectStore.register()"))
        }
        do {
            _ = try Session().read.parquet(base + "/missing")
            Issue.record("expected an error")
        } catch let error as DataFlowError {
            #expect(error.location?.path == base + "/missing")
            #expect(error.message.contains("does not exist"))
        }
    }
}

/// A local directory as an object store: each call, and datasets written and read through it.
@Suite("Local object store")
struct LocalObjectStoreTests {
    @Test("put, conditional put, ranged get, listing by prefix, uploads in parts (out of order; aborted) and delete")
    func calls() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = LocalObjectStore(root: dir)
        try store.put("a/x=1/one", Data("first object".utf8))
        #expect(try store.putIfAbsent("a/two", Data("2".utf8)))
        #expect(try !store.putIfAbsent("a/two", Data("again".utf8)))
        #expect(try store.get("a/two", range: nil) == Data("2".utf8))
        #expect(try store.get("a/x=1/one", range: 6..<12) == Data("object".utf8))
        #expect(try store.head("a/x=1/one")?.size == 12 && store.head("a/missing") == nil)
        let upload = try store.startUpload("a/big")
        try upload.upload(part: 2, Data("world".utf8))
        try upload.upload(part: 1, Data("hello ".utf8))
        #expect(try store.list(prefix: "a/").map(\.key) == ["a/two", "a/x=1/one"])
        try upload.complete()
        #expect(try store.get("a/big", range: nil) == Data("hello world".utf8))
        let dropped = try store.startUpload("a/dropped")
        try dropped.upload(part: 1, Data("x".utf8))
        try dropped.abort()
        try store.delete(["a/two", "a/never"])
        #expect(try store.list(prefix: "").map(\.key) == ["a/big", "a/x=1/one"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a").sorted() == ["big", "x=1"])
    }

    @Test("a partitioned dataset written, appended to and overwritten through it reads back through its commit log")
    func datasets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = "dir://lake-\(UUID().uuidString.lowercased())"
        try ObjectStores.register(LocalObjectStore(root: dir), for: base)
        let source = try ObjectStoreDatasetTests.frame(300)
        try source.write.partitionBy("day").parquet(base + "/out")
        try source.write.mode(.append).partitionBy("day").parquet(base + "/out")
        #expect(try Session().read.parquet(base + "/out").count() == 600)
        let summary = try source.filter(col("id") < 30).write.mode(.overwrite).partitionBy("day").parquet(base + "/out")
        let back = try Session().read.parquet(base + "/out")
        #expect(try back.count() == 30 && back.filter(col("day") == lit("2025-11-02")).count() == 10)
        let files = FileManager.default.enumerator(atPath: dir + "/out")?.allObjects as? [String] ?? []
        // The files the overwrite replaced are gone.
        #expect(files.filter { $0.hasSuffix(".parquet") }.sorted() == summary.files.sorted())
    }
}
