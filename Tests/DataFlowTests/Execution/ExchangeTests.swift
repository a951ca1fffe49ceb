@testable import DataFlow
import Testing

@Suite("Exchanges and partitioning")
struct ExchangeTests {
    @Test("a sort over several partitions that are all empty returns no rows")
    func sortOfNothing() throws {
        let frame = try Session(parallelism: 2).range(0, 100, partitions: 4).filter(col("id") > 1000).orderBy(col("id"))
        #expect(try frame.collect().isEmpty)
    }

    /// `count` rows of (x: long with nulls, label: string), deterministic.
    static func table(_ session: Session, count: Int) throws -> DataFrame {
        var random = SeededRandom(seed: 7)
        var xs: [Scalar] = [], labels: [Scalar] = []
        for i in 0..<count {
            xs.append(i % 17 == 0 ? .null : .int64(Int64(random.next() >> 40) % 1000))
            labels.append(.string("l\(i % 13)"))
        }
        return try session.createDataFrame(columns: [try Column.from(xs, type: .int64), try Column.from(labels, type: .string)],
                                           schema: Schema([Field("x", .int64), Field("label", .string)]))
    }

    /// The rows of each output partition.
    static func partitions(_ frame: DataFrame) throws -> [[Row]] {
        let plan = try frame.physicalPlan()
        return try QueryExecution.run(plan, of: frame, action: "collect") { context in
            try (0..<plan.partitionCount).map { partition in
                try drain(try plan.execute(partition: partition, context: context)).flatMap { batch in
                    (0..<batch.rowCount).map { row in Row(schema: batch.schema, values: batch.columns.map { $0.scalar(at: row) }) }
                }
            }
        }.value
    }

    static func sortValue(_ scalar: Scalar?) -> Int64 {
        if case let .int64(v)? = scalar { return v }
        return Int64.min // nulls sort first ascending
    }

    @Test("repartitionByRange orders partitions and keeps every row", arguments: [1, 2, 8])
    func rangePartitioning(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
        let frame = try Self.table(session, count: 5000).repartitionByRange(4, by: col("x"))
        let parts = try Self.partitions(frame)
        #expect(parts.count == 4)
        #expect(parts.reduce(0) { $0 + $1.count } == 5000)
        for (left, right) in zip(parts, parts.dropFirst()) where !left.isEmpty && !right.isEmpty {
            let leftMax = left.map { Self.sortValue($0["x"]) }.max()!
            let rightMin = right.map { Self.sortValue($0["x"]) }.min()!
            #expect(leftMax <= rightMin)
        }
        // Quantile boundaries spread the rows: no partition holds more than half.
        #expect(parts.allSatisfy { $0.count < 2500 })
        #expect(try frame.explain().contains("rangepartitioning"))
    }

    @Test("repartitionByRange descending puts the largest values first")
    func rangeDescending() throws {
        let parts = try Self.partitions(try Self.table(Session(parallelism: 2), count: 2000).repartitionByRange(3, by: col("x").desc()))
        let firstMin = parts[0].compactMap { if case let .int64(v)? = $0["x"] { return v } else { return nil } }.min()!
        let lastMax = parts[2].compactMap { if case let .int64(v)? = $0["x"] { return v } else { return nil } }.max()!
        #expect(firstMin >= lastMax)
    }

    @Test("hash repartitioning puts equal keys in one partition")
    func hashPartitioning() throws {
        let parts = try Self.partitions(try Self.table(Session(parallelism: 2), count: 3000).repartition(5, by: col("label")))
        #expect(parts.count == 5)
        var home: [String: Int] = [:]
        for (index, rows) in parts.enumerated() {
            for row in rows {
                guard case let .string(label)? = row["label"] else { continue }
                #expect(home[label, default: index] == index)
                home[label] = index
            }
        }
        #expect(home.count == 13)
    }

    @Test("round-robin repartitioning spreads rows evenly; coalesce merges without losing rows")
    func roundRobinAndCoalesce() throws {
        let frame = try Self.table(Session(parallelism: 2), count: 4000)
        let parts = try Self.partitions(try frame.repartition(4))
        #expect(parts.map(\.count).reduce(0, +) == 4000)
        #expect(parts.allSatisfy { $0.count >= 900 && $0.count <= 1100 })
        let merged = try Self.partitions(try frame.repartition(4).coalesce(2))
        #expect(merged.count == 2 && merged.map(\.count).reduce(0, +) == 4000)
    }

    @Test("exceeding the memory limit is a resourcesExhausted error naming the operator")
    func memoryLimit() throws {
        let session = Session(parallelism: 2, memoryLimit: 64 * 1024)
        let frame = try session.range(0, 200_000).groupBy(col("id")).agg(.count().alias("n"))
        #expect {
            try frame.collect()
        } throws: { error in
            guard let error = error as? DataFlowError else { return false }
            return error.category == .resourcesExhausted && error.location?.operatorName != nil
        }
    }
}
