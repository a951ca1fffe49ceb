@testable import DataFlow
import Testing

@Suite("Hash aggregation")
struct AggregationTests {
    @Test("first and last follow input order across batches and partitions", arguments: [1, 3])
    func firstLast(parallelism: Int) throws {
        let session = Session(parallelism: parallelism, batchSize: 7)
        // Group g = i % 4; value = i, null when i % 5 == 0.
        let rows: [[Scalar]] = (0..<100).map { i in [.int64(Int64(i % 4)), i % 5 == 0 ? .null : .int64(Int64(i))] }
        let frame = try session.createDataFrame(rows: rows, schema: Schema([Field("g", .int64), Field("v", .int64)]))
        let result = try frame.groupBy("g").agg(
            .first("v").alias("f"), .first("v", ignoreNulls: true).alias("fn"),
            .last("v").alias("l"), .last("v", ignoreNulls: true).alias("ln")
        ).orderBy(col("g")).collect()
        #expect(result.map { $0.values } == [
            [.int64(0), .null, .int64(4), .int64(96), .int64(96)],
            [.int64(1), .int64(1), .int64(1), .int64(97), .int64(97)],
            [.int64(2), .int64(2), .int64(2), .int64(98), .int64(98)],
            [.int64(3), .int64(3), .int64(3), .int64(99), .int64(99)],
        ])
    }

    @Test("a partial aggregation that does not reduce passes rows through, with the same result", arguments: [1, 2])
    func adaptivePartial(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let rows = 300_000, groups: Int64 = 200_000
        let frame = try session.range(0, Int64(rows))
            .withColumn("g", col("id") % lit(Int(groups)))
            .withColumn("v", when(col("id") % 7 == 0, nullLiteral(.int64)).otherwise(col("id")))
        let result = try frame.groupBy("g").agg(.count().alias("n"), .sum("v").alias("s"), .max("v").alias("m"), .avg("v").alias("a"))
        #expect(try result.count() == Int(groups))
        let totals = try result.agg(.sum("n").alias("n"), .sum("s").alias("s"), .count("m").alias("m")).collect()[0]
        // Reference: every id once; v is null where id % 7 == 0.
        let expectedSum = (0..<Int64(rows)).filter { $0 % 7 != 0 }.reduce(0, +)
        // Group g holds id g, and id g + groups when that is below `rows`.
        let groupsWithValue = (0..<groups).filter { g in g % 7 != 0 || (g + groups < Int64(rows) && (g + groups) % 7 != 0) }.count
        #expect(totals.values == [.int64(Int64(rows)), .int64(expectedSum), .int64(Int64(groupsWithValue))])
        let one = try result.filter(col("g") == 7).collect()[0]
        // Group 7 holds ids 7 (null) and 200007: count 2, sum = max = avg = 200007.
        #expect(one.values == [.int64(7), .int64(2), .int64(200_007), .int64(200_007), .float64(200_007)])
    }

    @Test("global aggregates over no rows give one row: count 0, sum null")
    func emptyGlobal() throws {
        let frame = try Session(parallelism: 2).range(0, 10).filter(col("id") > 100)
        let row = try frame.agg(.count().alias("n"), .sum("id").alias("s"), .min("id").alias("m")).collect()
        #expect(row.map(\.values) == [[.int64(0), .null, .null]])
    }
}
