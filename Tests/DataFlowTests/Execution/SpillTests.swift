@testable import DataFlow
import Dispatch
import Foundation
import Testing

/// Operators under a memory budget far smaller than their input: they spill to disk and give the
/// answer they give in memory, and leave no spill file behind however the query ends.
@Suite("Execution: spilling to disk under a memory budget")
struct SpillTests {
    /// A fresh folder for one test's spill folders.
    static func spillRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-spilling-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// The spill files (`.arrow`) anywhere under `root`.
    static func spillFiles(under root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".arrow") }
    }

    /// 400k rows of (id, key, label): about 11 MB of columns, 50 times the budget below; 160,001
    /// distinct keys.
    static func rows(_ session: Session) throws -> DataFrame {
        try session.range(0, 400_000).select(
            col("id"), ((col("id") * 7_919) % 160_001).alias("key"),
            Expr.concat(lit("label-"), (col("id") % 977).cast(.string)).alias("label"))
    }

    static let budget = 224 * 1024
    static let batchSize = 1024

    /// A fresh spill folder, a session spilling into it under `budget`, and one without a limit.
    static func spillSessions() throws -> (root: String, tight: Session, roomy: Session) {
        let root = try spillRoot()
        return (root, Session(parallelism: 2, batchSize: batchSize, memoryLimit: budget, spillDirectory: root), Session(parallelism: 2, batchSize: batchSize))
    }

    @Test("orderBy over 50x its budget spills sorted runs, merges them streaming, and equals the in-memory sort")
    func externalSort() throws {
        let (root, tight, roomy) = try Self.spillSessions()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func sorted(_ session: Session) throws -> DataFrame {
            try Self.rows(session).orderBy(col("key").desc(), col("label"), col("id"))
        }
        let (batches, metrics) = try sorted(tight).profile()
        let expected = try sorted(roomy).collectBatches()
        #expect(CanonicalRows.hashes(batches) == CanonicalRows.hashes(expected))
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 400_000)
        let sort = try #require(metrics.firstOperator(named: "Sort ["))
        #expect(sort.metrics.spillFiles > 10, "\(sort.metrics.summary)")
        #expect(sort.metrics.spilledRows > 200_000 && sort.metrics.spilledRows <= 400_000)
        // Bytes on disk, compressed: a few MB for the spilled rows' 11 MB of columns.
        #expect(metrics.spilledBytes > 1_000_000 && metrics.spilledBytes < 11_000_000)
        #expect(metrics.peakMemoryBytes <= Self.budget)
        #expect(metrics.treeString.contains("spilled="))
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(tight.memoryPool.reservedBytes == 0)
    }

    @Test("a single-partition orderBy streams the merge of its own spilled runs")
    func singlePartitionSort() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tight = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: Self.budget, spillDirectory: root)
        func sorted(_ session: Session) throws -> DataFrame { try Self.rows(session).coalesce(1).orderBy(col("label"), col("id").desc()) }
        let (batches, metrics) = try sorted(tight).profile()
        #expect(CanonicalRows.hashes(batches) == CanonicalRows.hashes(try sorted(Session(parallelism: 2)).collectBatches()))
        #expect(try #require(metrics.firstOperator(named: "Sort [")).metrics.spillFiles > 10)
        #expect(metrics.firstOperator(named: "SortPreservingMerge") == nil)
        #expect(Self.spillFiles(under: root).isEmpty)
    }

    @Test("a hash exchange over 50x its budget spills each input partition's buckets and streams them back in order")
    func exchangeSpills() throws {
        let (root, tight, roomy) = try Self.spillSessions()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func repartitioned(_ session: Session) throws -> DataFrame { try Self.rows(session).repartition(3, by: col("label")) }
        let (batches, metrics) = try repartitioned(tight).profile()
        let exchange = try #require(metrics.firstOperator(named: "Exchange"))
        #expect(exchange.metrics.spillFiles > 10, "\(exchange.metrics.summary)")
        #expect(exchange.metrics.spilledRows > 200_000)
        // Each output partition holds the same rows, in the same order, as without spilling.
        let spilled = try ExchangeTests.partitions(try repartitioned(tight))
        let inMemory = try ExchangeTests.partitions(try repartitioned(roomy))
        #expect(spilled.map(\.count) == inMemory.map(\.count))
        #expect(spilled == inMemory)
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 400_000)
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(tight.memoryPool.reservedBytes == 0)
    }

    @Test("a range exchange over 50x its budget keeps its input on disk while it samples, then spills its ranges; partitions stay ordered")
    func rangeExchangeSpills() throws {
        let (root, tight, roomy) = try Self.spillSessions()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func repartitioned(_ session: Session) throws -> DataFrame { try Self.rows(session).repartitionByRange(5, by: col("key").desc(), col("id")) }
        let (batches, metrics) = try repartitioned(tight).profile()
        let exchange = try #require(metrics.firstOperator(named: "Exchange"))
        // Both passes spill: the kept input (400k rows) and the ranges.
        #expect(exchange.metrics.spillFiles > 10, "\(exchange.metrics.summary)")
        #expect(exchange.metrics.spilledRows > 600_000, "\(exchange.metrics.summary)")
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 400_000)
        let spilled = try ExchangeTests.partitions(try repartitioned(tight))
        #expect(spilled == (try ExchangeTests.partitions(try repartitioned(roomy))))
        // Every partition's rows sort before the next one's, and the sampled bounds spread them.
        let keys = spilled.map { rows in rows.map { row -> (Int64, Int64) in
            guard case let .int64(key)? = row["key"], case let .int64(id)? = row["id"] else { return (0, 0) }
            return (-key, id)
        } }
        for (left, right) in zip(keys, keys.dropFirst()) where !left.isEmpty && !right.isEmpty {
            #expect(left.max { $0 < $1 }! < right.min { $0 < $1 }!)
        }
        #expect(keys.allSatisfy { $0.count > 60_000 && $0.count < 100_000 }, "\(keys.map(\.count))")
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(tight.memoryPool.reservedBytes == 0)
    }

    /// Rows of `frame` in `tight` and `roomy` sessions are the same multiset, and in `tight` the
    /// operators named `name` spilled (when given); returns `tight`'s metrics.
    @discardableResult
    static func expectSameRowsSpilling(_ build: (Session) throws -> DataFrame, operator name: String?, broadcastThreshold: Int = 2_000_000,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws -> QueryMetrics {
        let root = try spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tight = Session(parallelism: 2, batchSize: batchSize, memoryLimit: budget, broadcastThreshold: broadcastThreshold, spillDirectory: root)
        let (batches, metrics) = try build(tight).profile()
        let expected = try build(Session(parallelism: 2, batchSize: batchSize, broadcastThreshold: broadcastThreshold)).collectBatches()
        #expect(batches.reduce(0) { $0 + $1.rowCount } == expected.reduce(0) { $0 + $1.rowCount }, sourceLocation: sourceLocation)
        #expect(CanonicalRows.Digest(CanonicalRows.hashes(batches)) == CanonicalRows.Digest(CanonicalRows.hashes(expected)), sourceLocation: sourceLocation)
        if let name {
            let spilling = metrics.operators.filter { $0.name.hasPrefix(name) }.reduce(0) { $0 + $1.metrics.spillFiles }
            #expect(spilling > 0, "\(name) did not spill: \(metrics.treeString)", sourceLocation: sourceLocation)
        }
        // One batch's work per running operator partition may go past the budget (`SpillableMemory.require`).
        #expect(metrics.peakMemoryBytes <= budget + budget / 2, sourceLocation: sourceLocation)
        #expect(spillFiles(under: root).isEmpty, sourceLocation: sourceLocation)
        #expect(tight.memoryPool.reservedBytes == 0, sourceLocation: sourceLocation)
        return metrics
    }

    @Test("groupBy over 50x its budget spills rows by key hash, aggregates bucket by bucket, and equals the in-memory answer")
    func aggregationSpills() throws {
        try Self.expectSameRowsSpilling({ session in
            try Self.rows(session).groupBy(col("key")).agg(Expr.count().alias("n"), Expr.sum("id").alias("total"),
                                                          Expr.min("label").alias("first"), Expr.avg("id").alias("mean"))
        }, operator: "HashAggregate(mode=final")
    }

    @Test("a partial aggregation over its budget hands its groups on early; the final one merges them")
    func partialAggregationFlushes() throws {
        let metrics = try Self.expectSameRowsSpilling({ session in
            // 16,000 keys, each on 10 consecutive rows of a partition.
            try Self.rows(session).groupBy(((col("id") - col("id") % 10) % 160_000).alias("k")).agg(Expr.count().alias("n"), Expr.max("label").alias("last"))
        }, operator: nil)
        // Without flushing, each of the 2 partitions would hand on at most its 16,000 groups; flushing
        // still reduces the rows about tenfold.
        let partial = try #require(metrics.firstOperator(named: "HashAggregate(mode=partial"))
        #expect(partial.metrics.outputRows > 32_000 && partial.metrics.outputRows < 100_000, "\(partial.metrics.summary)")
    }

    @Test("distinct aggregates (single phase) spill raw rows by key hash")
    func distinctAggregationSpills() throws {
        try Self.expectSameRowsSpilling({ session in
            try Self.rows(session).groupBy(col("key")).agg(Expr.countDistinct("label").alias("labels"), Expr.sum("id").alias("total"))
        }, operator: "HashAggregate(mode=complete")
    }

    @Test("dropDuplicates over 50x its budget spills undecided rows by key hash and keeps each key's first row")
    func dropDuplicatesSpills() throws {
        try Self.expectSameRowsSpilling({ session in try Self.rows(session).dropDuplicates(["key"]) }, operator: "DropDuplicates")
        try Self.expectSameRowsSpilling({ session in try Self.rows(session).select(col("key"), col("label")).distinct() }, operator: "DropDuplicates")
    }

    @Test("a hash join whose build side outgrows its budget partitions both sides to disk and joins bucket by bucket",
          arguments: [JoinType.inner, .right, .full, .leftAnti])
    func graceHashJoin(_ type: JoinType) throws {
        try Self.expectSameRowsSpilling({ session in
            // 400k rows against 400k: keys 0..<160,001 on the left, 80,000..<480,000 on the right.
            let other = try session.range(0, 400_000).select((col("id") + 80_000).alias("k"),
                                                             Expr.concat(lit("tag-"), (col("id") % 13).cast(.string)).alias("tag"))
            return try Self.rows(session).join(other, on: col("key") == col("k"), how: type)
        }, operator: "ShuffledHashJoin", broadcastThreshold: 0)
    }

    @Test("a window over 50x its budget sorts externally and computes whole windows a batch at a time")
    func windowSpills() throws {
        try Self.expectSameRowsSpilling({ session in
            let byKey = Window.partitionBy(col("id") % 5_003).orderBy(col("label"), col("id"))
            return try Self.rows(session).select(col("id"), col("label"), Expr.rowNumber().over(byKey).alias("n"),
                                                 Expr.sum("key").over(byKey).alias("running"))
        }, operator: "Window")
    }

    @Test("keeping each key's first row (rowNumber() == 1) over 50x its budget spills rows by key hash; ties go to the earliest row")
    func topOnePerKeySpills() throws {
        try Self.expectSameRowsSpilling({ session in
            // Ordered by the id's parity only, rows of a key often tie: the first in input order
            // must win, spilled as in memory.
            let newest = Window.partitionBy(col("key")).orderBy((col("id") % 2).desc())
            return try Self.rows(session).withColumn("n", Expr.rowNumber().over(newest)).filter(col("n") == 1)
        }, operator: "TopOnePerKey")
    }

    @Test("a cache larger than its budget keeps its partitions on disk while it lives, and its memory counted while in memory")
    func cacheSpills() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tight = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: Self.budget, spillDirectory: root)
        let expected = try Self.rows(Session(parallelism: 2)).groupBy("key").agg(.count().alias("n"), .max("label").alias("m")).collectBatches()
        do {
            let cached = try Self.rows(tight).cache()
            #expect(tight.memoryPool.reservedBytes <= Self.budget / 2)
            #expect(Self.spillFiles(under: root).count == 2)
            #expect(try cached.explain().contains("2 of 2 partitions on disk"))
            #expect(try cached.count() == 400_000)
            let grouped = try cached.groupBy("key").agg(.count().alias("n"), .max("label").alias("m")).collectBatches()
            #expect(CanonicalRows.hashes(grouped).sorted() == CanonicalRows.hashes(expected).sorted())
            // The query's own spill files are gone; the cache's stay while it lives.
            #expect(Self.spillFiles(under: root).count == 2)
        }
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(tight.memoryPool.reservedBytes == 0)

        let roomy = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: 64 << 20, spillDirectory: root)
        do {
            let cached = try Self.rows(roomy).cache()
            // In memory: its bytes stay reserved in the pool, and no file is written.
            #expect(roomy.memoryPool.reservedBytes > 8_000_000)
            #expect(Self.spillFiles(under: root).isEmpty)
            #expect(try cached.filter(col("key") == 5).count() == Self.rows(roomy).filter(col("key") == 5).count())
        }
        #expect(roomy.memoryPool.reservedBytes == 0)
    }

    @Test("a budget smaller than one batch's work is an error naming the operator and the budget")
    func budgetTooSmall() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(parallelism: 2, batchSize: 65_536, memoryLimit: 64 * 1024, spillDirectory: root)
        let error = try #require(throws: DataFlowError.self) { try Self.rows(session).orderBy(col("key")).collect() }
        #expect(error.category == .resourcesExhausted)
        #expect(error.location?.operatorName == "Sort")
        #expect(error.message.contains("64.0 KiB"), "\(error.message)")
    }

    @Test("a query that fails after spilling removes its spill files")
    func failureRemovesFiles() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: Self.budget, ansiMode: true, spillDirectory: root)
        // The sort spills; casting the labels to integers then fails on the first merged batch.
        let frame = try Self.rows(session).orderBy(col("key")).select(col("label").cast(.int32))
        let error = try #require(throws: DataFlowError.self) { try frame.collect() }
        #expect(error.category != .resourcesExhausted)
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(session.memoryPool.reservedBytes == 0)
    }

    @Test("a query cancelled while spilling removes its spill files")
    func cancellationRemovesFiles() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: Self.budget, spillDirectory: root)
        let frame = try session.range(0, 50_000_000).select(col("id"), ((col("id") * 7_919) % 100_003).alias("key")).orderBy(col("key"))
        let failure = Locked<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { _ = try frame.count() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        let deadline = Date().addingTimeInterval(60)
        while Self.spillFiles(under: root).count < 3, Date() < deadline { usleep(2_000) }
        #expect(Self.spillFiles(under: root).count >= 3)
        session.cancelAll()
        done.wait()
        #expect((failure.withLock { $0 } as? DataFlowError)?.category == .cancelled)
        #expect(Self.spillFiles(under: root).isEmpty)
        #expect(session.memoryPool.reservedBytes == 0)
    }

    @Test("a session removes the spill folders of sessions that died, and keeps those of live ones")
    func staleFolders() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A live session's folder, locked.
        let live = SpillDirectory(root: root)
        let livePath = try live.newFilePath(prefix: "probe")
        let liveFolder = (livePath as NSString).deletingLastPathComponent
        // A dead session's folder: its lock file is there but nobody holds it.
        let dead = root + "/" + SpillDirectory.folderPrefix + "999999-0"
        try FileManager.default.createDirectory(atPath: dead, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dead + "/lock", contents: nil)
        FileManager.default.createFile(atPath: dead + "/sort-1.arrow", contents: Data([1, 2, 3]))
        // A folder that is not a spill folder.
        try FileManager.default.createDirectory(atPath: root + "/unrelated", withIntermediateDirectories: true)

        _ = Session(spillDirectory: root)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: liveFolder))
        #expect(FileManager.default.fileExists(atPath: root + "/unrelated"))
        withExtendedLifetime(live) {}
    }

    @Test("a session removes its own spill folder when it goes")
    func folderGoesWithSession() throws {
        let root = try Self.spillRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var folder: String?
        do {
            let session = Session(parallelism: 2, batchSize: Self.batchSize, memoryLimit: Self.budget, spillDirectory: root)
            _ = try Self.rows(session).orderBy(col("key")).count()
            folder = session.spillDirectory.path
        }
        let made = try #require(folder)
        #expect(!FileManager.default.fileExists(atPath: made))
    }
}
