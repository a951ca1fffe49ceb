@testable import DataFlow
import Testing

/// Operators run by several workers at once over tables split into many partitions and batches:
/// results must equal a single-threaded run's. Under ThreadSanitizer (CI runs this suite with
/// `--sanitize=thread`) these are the tests that make shared operator state race if any does.
@Suite("Execution: concurrent partitions and batches")
struct ConcurrentExecutionTests {
    /// `rows` rows of (k: nullable int64 with duplicates, s: string, v: int64).
    static func table(_ session: Session, rows: Int, keys: Int, seed: UInt64, value: String) throws -> DataFrame {
        var random = SeededRandom(seed: seed)
        var k = ColumnBuilder(type: .int64, capacity: rows), s = ColumnBuilder(type: .string, capacity: rows)
        var v = ColumnBuilder(type: .int64, capacity: rows)
        for row in 0..<rows {
            if random.chance(0.05) { k.appendNull() } else { k.appendFixed(Int64(random.below(keys))) }
            s.appendString("s\(random.below(7))")
            v.appendFixed(Int64(row))
        }
        return try session.createDataFrame(columns: [k.finish(), s.finish(), v.finish()],
                                           schema: Schema([Field("k", .int64), Field("s", .string), Field(value, .int64)]))
    }

    /// The rows of `frame` as sorted text: an order-insensitive result.
    static func rows(_ frame: DataFrame) throws -> [String] {
        try frame.collect().map { $0.values.map(\.description).joined(separator: "|") }.sorted()
    }

    @Test("a join on an int64 and a string key, its build side shared by every probe stream, gives one answer every run")
    func multiColumnJoinSharedBuildSide() throws {
        // The reported crash: probe streams of a broadcast join wrote the shared table's scratch.
        let expected: [String] = try {
            let session = Session(parallelism: 1)
            let left = try Self.table(session, rows: 50_000, keys: 2_000, seed: 7, value: "v")
            let right = try Self.table(session, rows: 10_000, keys: 2_000, seed: 8, value: "w")
            return try Self.rows(left.join(right, on: ["k", "s"]).groupBy("s").agg(.count(), .sum("v"), .sum("w")))
        }()
        // The reference, computed without the engine: matches per (k, s) of the two sides.
        var random = SeededRandom(seed: 8)
        var rightByKey: [String: (count: Int64, sum: Int64)] = [:]
        for row in 0..<10_000 {
            let key = random.chance(0.05) ? nil : random.below(2_000)
            let s = "s\(random.below(7))"
            if let key { rightByKey["\(key)|\(s)", default: (0, 0)].count += 1; rightByKey["\(key)|\(s)"]!.sum += Int64(row) }
        }
        random = SeededRandom(seed: 7)
        var bySuffix: [String: (count: Int64, v: Int64, w: Int64)] = [:]
        for row in 0..<50_000 {
            let key = random.chance(0.05) ? nil : random.below(2_000)
            let s = "s\(random.below(7))"
            guard let key, let match = rightByKey["\(key)|\(s)"] else { continue }
            bySuffix[s, default: (0, 0, 0)].count += match.count
            bySuffix[s]!.v += match.count * Int64(row)
            bySuffix[s]!.w += match.sum
        }
        #expect(expected == bySuffix.map { "\($0.key)|\($0.value.count)|\($0.value.v)|\($0.value.w)" }.sorted())

        // The check: 50 runs in a row at parallelism 2, then shuffled at parallelism 4.
        for (parallelism, broadcast, runs) in [(2, 2_000_000, 50), (4, 0, 10)] {
            let session = Session(parallelism: parallelism, batchSize: 4_096, broadcastThreshold: broadcast)
            let left = try Self.table(session, rows: 50_000, keys: 2_000, seed: 7, value: "v").repartition(8)
            let right = try Self.table(session, rows: 10_000, keys: 2_000, seed: 8, value: "w").repartition(3)
            for run in 0..<runs {
                let result = try Self.rows(left.join(right, on: ["k", "s"]).groupBy("s").agg(.count(), .sum("v"), .sum("w")))
                #expect(result == expected, "parallelism \(parallelism), broadcast threshold \(broadcast), run \(run)")
            }
        }
    }

    @Test("every join type at parallelism 4, broadcast and shuffled, equals the single-threaded run",
          arguments: JoinType.allCases.filter { $0 != .cross })
    func joinTypes(type: JoinType) throws {
        func run(_ parallelism: Int, broadcast: Int) throws -> [String] {
            let session = Session(parallelism: parallelism, batchSize: 2_048, broadcastThreshold: broadcast)
            let left = try Self.table(session, rows: 20_000, keys: 3_000, seed: 11, value: "v").repartition(6)
            let right = try Self.table(session, rows: 8_000, keys: 3_000, seed: 12, value: "w").repartition(5)
            let joined = try left.join(right, on: ["k", "s"], how: type)
            let condition = left["k"] == right["k"] && left["v"] < right["w"] * 3
            let conditioned = try left.join(right, on: condition, how: type)
            return try Self.rows(joined) + ["--"] + Self.rows(conditioned)
        }
        let expected = try run(1, broadcast: 0)
        #expect(expected.count > 2_000)
        for broadcast in [0, 2_000_000] {
            #expect(try run(4, broadcast: broadcast) == expected, "\(type), broadcast threshold \(broadcast)")
        }
    }

    @Test("aggregates, dropDuplicates and windows at parallelism 4 equal the single-threaded run")
    func aggregatesAndWindows() throws {
        func run(_ parallelism: Int) throws -> [[String]] {
            let session = Session(parallelism: parallelism, batchSize: 1_024)
            let frame = try Self.table(session, rows: 30_000, keys: 500, seed: 21, value: "v").repartition(7)
            let grouped = try frame.groupBy("k", "s").agg(.count(), .sum("v"), .min("v"), .max("v"), .avg("v"), .countDistinct("v"))
            let global = try frame.agg(.count(), .countDistinct("k"), .sum("v"))
            let distinct = try frame.dropDuplicates(["k", "s"]).select("k", "s")
            let window = Window.partitionBy("k").orderBy(col("v").desc())
            let ranked = try frame.withColumn("rn", Expr.rowNumber().over(window))
                .withColumn("running", Expr.sum("v").over(Window.partitionBy("k", "s").orderBy("v")))
                .withColumn("previous", Expr.lag(col("v")).over(window))
            return try [Self.rows(grouped), Self.rows(global), Self.rows(distinct), Self.rows(ranked)]
        }
        let expected = try run(1)
        #expect(expected[0].count > 3_000 && expected[3].count == 30_000)
        #expect(try run(4) == expected)
    }
}
