@testable import DataFlow
import DataFlowIO
import Foundation
import Testing
import TestSupport

/// Per-operator metrics of one execution: what `explain(.analyze)` prints and `profile()` returns.
@Suite("Execution: metrics and explain(.analyze)")
struct QueryMetricsTests {
    /// `explain(.analyze)` with the figures that vary between runs (time, memory, byte counts)
    /// replaced by `…`, and the head line's totals dropped.
    static func analyzed(_ frame: DataFrame) throws -> String {
        var text = try frame.explain(.analyze)
        for label in ["time", "memory", "read", "skipped"] {
            text = text.replacingOccurrences(of: label + "=[^,\\]]+", with: label + "=…", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "part-[0-9a-f-]+\\.parquet", with: "part-….parquet", options: .regularExpression)
        return text.replacingOccurrences(of: "\\(analyzed: [^)]+\\)", with: "(analyzed)", options: .regularExpression)
    }

    /// 6,000 rows of (id, g, v), ids ascending, in two Parquet files (one per partition of the
    /// session's two) of 3 row groups of 1,000 rows (one per batch: the session's batches have
    /// 1,000 rows).
    static func parquetTable(_ session: Session, directory: String) throws -> DataFrame {
        let ids = (0..<6_000).map { Int64($0) }
        let frame = try session.createDataFrame(columns: [try Column(ids), try Column(ids.map { "g\($0 % 3)" }), try Column(ids.map { $0 % 10 })],
                                                schema: Schema([Field("id", .int64), Field("g", .string), Field("v", .int64)]))
        var options = ParquetWriteOptions()
        options.rowGroupSize = 1
        try frame.write.parquet(directory + "/t", options: options)
        return try session.read.parquet(directory + "/t")
    }

    @Test("a scan, filter and aggregation: rows per operator, row groups pruned by statistics, one line per operator")
    func scanFilterAggregate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(parallelism: 2, batchSize: 1_000, shufflePartitions: 2)
        let query = try Self.parquetTable(session, directory: directory).filter(col("id") >= 4_500).groupBy("g").agg(Expr.sum("v").alias("total"))
        #expect(try Self.analyzed(query) == """
        == Physical Plan (analyzed) ==
        Coalesce 2
           [rows=3, batches=3, time=…]
           +- HashAggregate(mode=final, keys=[g#0], functions=[sum(v) AS total])
                 [rows=3, batches=3, time=…, memory=…]
              +- Exchange hashpartitioning(g#0, 64)
                    [rows=3, batches=3, time=…, memory=…]
                 +- HashAggregate(mode=partial, keys=[g#1], functions=[sum(v) AS total])
                       [rows=3, batches=1, time=…, memory=…]
                    +- Filter (id#0 >= 4500)
                          [rows=1500, batches=2, time=…]
                       +- Scan parquet 2 files (part-….parquet, ...) [id, g, v] PushedFilters: [id >= 4500]
                             [rows=2000, batches=2, time=…, files=2, read=…, row groups=2 of 6 read, 4 skipped by statistics, 0 by dictionary, skipped=…]

        """)
    }

    @Test("a join: the build side's rows, the probe side's, and what the join produced")
    func join() throws {
        let session = Session(parallelism: 2, shufflePartitions: 2)
        let orders = try session.range(0, 1_000, partitions: 2).select(col("id").alias("order"), (col("id") % 10).alias("customer"))
        let customers = try session.range(0, 5, partitions: 1).select(col("id").alias("customer"), (col("id") * 100).alias("credit"))
        let query = try orders.join(customers, on: ["customer"]).agg(Expr.count().alias("n"))
        #expect(try query.collect().map(\.values) == [[.int64(500)]])
        // The join's output keeps columns nothing above reads: no join output projection yet.
        #expect(try Self.analyzed(query) == """
        == Physical Plan (analyzed) ==
        HashAggregate(mode=final, keys=[], functions=[count(1) AS n])
           [rows=1, batches=1, time=…, memory=…]
           +- Exchange SinglePartition
                 [rows=2, batches=2, time=…, memory=…]
              +- HashAggregate(mode=partial, keys=[], functions=[count(1) AS n])
                    [rows=2, batches=2, time=…, memory=…]
                 +- Project [customer#1, order#0, credit#3]
                       [rows=500, batches=2, time=…]
                    +- BroadcastHashJoin inner, keys [customer#1 = customer#0], build right (build side small enough to broadcast)
                          [rows=500, batches=2, time=…, memory=…]
                       +- Project [id#0 AS order, (id#0 % 10) AS customer]
                             [rows=1000, batches=2, time=…]
                          +- Range (0, 1000, step=1, splits=2)
                                [rows=1000, batches=2, time=…]
                       +- Project [id#0 AS customer, (id#0 * 100) AS credit]
                             [rows=5, batches=1, time=…]
                          +- Range (0, 5, step=1, splits=1)
                                [rows=5, batches=1, time=…]

        """)
    }

    @Test("a window: rows through the exchange on the partition key and the window operator")
    func window() throws {
        let session = Session(parallelism: 2, shufflePartitions: 2)
        let query = try session.range(0, 100, partitions: 2)
            .withColumn("rank", Expr.rowNumber().over(Window.partitionBy(col("id") % 4).orderBy(col("id").desc())))
            .filter(col("rank") <= 2)
        #expect(try query.count() == 8)
        let window = "row_number() OVER (PARTITION BY (id % 4) ORDER BY id DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        #expect(try Self.analyzed(query) == """
        == Physical Plan (analyzed) ==
        Project [id#0, \(window)#1 AS rank]
           [rows=8, batches=4, time=…]
           +- Filter (\(window)#1 <= 2)
                 [rows=8, batches=4, time=…]
              +- Coalesce 2
                    [rows=100, batches=4, time=…]
                 +- Window [row_number() AS \(window)], partition [(id#0 % 4)], order [id#0 DESC NULLS LAST], RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                       [rows=100, batches=4, time=…, memory=…]
                    +- Exchange hashpartitioning((id#0 % 4), 64)
                          [rows=100, batches=8, time=…, memory=…]
                       +- Range (0, 100, step=1, splits=2)
                             [rows=100, batches=2, time=…]

        """)
    }

    @Test("the same physical plan run from 8 tasks at once: equal results, each run with its own metrics")
    func concurrentRuns() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(parallelism: 2, batchSize: 1_000, shufflePartitions: 2)
        let frame = try Self.parquetTable(session, directory: directory).filter(col("id") >= 4_500).groupBy("g").agg(Expr.sum("v").alias("total"))
        let plan = try frame.physicalPlan()
        let runs = try await withThrowingTaskGroup(of: (rows: [String], metrics: QueryMetrics).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let (batches, metrics) = try QueryExecution.run(plan, of: frame, action: "collect") { context in
                        try QueryExecution.collect(plan, context: context)
                    }
                    let rows = batches.flatMap { batch in (0..<batch.rowCount).map { row in batch.columns.map { "\($0.scalar(at: row))" }.joined(separator: "|") } }
                    return (rows.sorted(), metrics)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.count == 8)
        let expected = try frame.collect().map { $0.values.map { "\($0)" }.joined(separator: "|") }.sorted()
        for run in runs { #expect(run.rows == expected) }
        for run in runs {
            let scan = try #require(run.metrics.firstOperator(named: "Scan"))
            #expect(scan.metrics.outputRows == 2_000)
            #expect(scan.metrics.scan?.rowGroupsRead == 2)
            #expect(scan.metrics.scan?.files == 2)
            #expect(run.metrics.firstOperator(named: "Filter")?.metrics.outputRows == 1_500)
            #expect(run.metrics.plan.metrics.outputRows == 3)
        }
        #expect(session.memoryPool.reservedBytes == 0)
        #expect(session.runningQueries.isEmpty)
    }

    @Test("a physical plan runs again after it ran: no operator keeps what a run produced")
    func rerun() throws {
        let session = Session(parallelism: 2, shufflePartitions: 3)
        let frame = try session.range(0, 10_000, partitions: 4).repartition(3).groupBy(col("id") % 7).agg(Expr.count().alias("n")).orderBy(col("n"))
        let plan = try frame.physicalPlan()
        func run() throws -> [RecordBatch] {
            try QueryExecution.run(plan, of: frame, action: "collect") { try QueryExecution.collect(plan, context: $0) }.value
        }
        let first = try run().reduce(0) { $0 + $1.rowCount }
        let second = try run().reduce(0) { $0 + $1.rowCount }
        #expect(first == 7 && second == 7)
        #expect(session.memoryPool.reservedBytes == 0)
    }
}
