@testable import DataFlow
import Testing

/// Seeded `sample` and `randomSplit`: the same rows at every parallelism and partitioning, the
/// expected share of rows, duplicates drawn independently, splits that cover every row once.
@Suite("DataFrame: sample and randomSplit")
struct SampleTests {
    /// 20,000 rows, each id four times (80,000), so that duplicates matter.
    static func frame(_ parallelism: Int, partitions: Int) throws -> DataFrame {
        let ids = (0..<80_000).map { Int64($0 % 20_000) }
        let session = Session(parallelism: parallelism)
        return try session.createDataFrame(columns: [try Column(ids), try Column(ids.map { Double($0) / 4 })],
                                           schema: try Schema(ddl: "id bigint, x double")).repartition(partitions)
    }

    static func sorted(_ frame: DataFrame) throws -> [[Scalar]] {
        try frame.orderBy("id", "x").collect().map(\.values)
    }

    @Test("sample: the same rows at any parallelism, about the fraction, duplicates kept independently")
    func sample() throws {
        let one = try Self.sorted(Self.frame(1, partitions: 1).sample(fraction: 0.1, seed: 7))
        let four = try Self.sorted(Self.frame(4, partitions: 7).sample(fraction: 0.1, seed: 7))
        #expect(one == four)
        #expect(one.count > 7_600 && one.count < 8_400, "\(one.count) of 80,000 at 10%")
        // Each id appears four times; independent draws keep 0 to 4 copies of it, mostly 0.
        var copies: [Scalar: Int] = [:]
        for row in one { copies[row[0], default: 0] += 1 }
        let kept = copies.values.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        #expect((kept[1] ?? 0) > 2_500 && (kept[2] ?? 0) > 200, "\(kept)")
        let other = try Self.sorted(Self.frame(2, partitions: 3).sample(fraction: 0.1, seed: 8))
        #expect(other != one)
        #expect(try Self.frame(2, partitions: 2).sample(fraction: 0, seed: 1).count() == 0)
        #expect(try Self.frame(2, partitions: 2).sample(fraction: 1, seed: 1).count() == 80_000)
        #expect(throws: DataFlowError.self) { try Self.frame(1, partitions: 1).sample(fraction: 1.5, seed: 1) }
    }

    @Test("sample with replacement: Poisson copies of each row, the same at any parallelism, about fraction × rows")
    func withReplacement() throws {
        let one = try Self.sorted(Self.frame(1, partitions: 1).sample(withReplacement: true, fraction: 1.5, seed: 3))
        let three = try Self.sorted(Self.frame(3, partitions: 5).sample(withReplacement: true, fraction: 1.5, seed: 3))
        #expect(one == three)
        #expect(one.count > 118_000 && one.count < 122_000, "\(one.count) for 1.5 × 80,000")
    }

    @Test("randomSplit: every row in exactly one split, shares near the weights, the same at any parallelism")
    func randomSplit() throws {
        let splits = try Self.frame(3, partitions: 4).randomSplit([1, 2, 1], seed: 11)
        let counts = try splits.map { try $0.count() }
        #expect(counts.reduce(0, +) == 80_000)
        #expect(counts[0] > 19_000 && counts[0] < 21_000 && counts[1] > 39_000 && counts[1] < 41_000, "\(counts)")
        let union = try splits.dropFirst().reduce(splits[0]) { try $0.union($1) }
        #expect(try Self.sorted(union) == Self.sorted(Self.frame(1, partitions: 1)))
        let again = try Self.frame(1, partitions: 1).randomSplit([1, 2, 1], seed: 11)
        #expect(try Self.sorted(splits[2]) == Self.sorted(again[2]))
        #expect(throws: DataFlowError.self) { try Self.frame(1, partitions: 1).randomSplit([0, 0], seed: 1) }
    }
}
