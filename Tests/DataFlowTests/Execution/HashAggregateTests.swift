@testable import DataFlow
import Testing

/// Hash aggregation over many small batches (so per-group state spans hundreds of updates and
/// first/last compact their chunks), checked against aggregates computed row by row.
@Suite("Execution: hash aggregation")
struct HashAggregateTests {
    struct Reference {
        var count = 0, nonNull = 0
        var sum: Int64 = 0
        var distinct = Set<String>()
        var first: Scalar?, last: Scalar = .null
        var firstNonNull: Scalar = .null, lastNonNull: Scalar = .null
        var min: String?, max: String?
    }

    @Test("count(DISTINCT) stays exact when a second group appears after batches of only one", arguments: [1, 2])
    func countDistinctGroupTransition(parallelism: Int) throws {
        // Rows of key "a" come first (several batches of one group), then keys "b" and "c" mixed in.
        var rows: [[Scalar]] = (0..<30).map { i in ["a", i % 9 == 4 ? .null : .int64(Int64(i % 6))] }
        rows += (0..<40).map { i in [i % 2 == 0 ? "b" : "a", .int64(Int64(i % 11 + 3))] }
        rows += (0..<10).map { i in ["c", i % 3 == 0 ? .null : .int64(7)] }
        let session = Session(parallelism: parallelism, batchSize: 7)
        let frame = try session.createDataFrame(rows: rows, schema: try Schema(ddl: "k STRING, v BIGINT")).coalesce(1)
        var expected: [String: Set<Int64>] = [:]
        for row in rows { if case let .string(k) = row[0], case let .int64(v) = row[1] { expected[k, default: []].insert(v) } }
        let grouped = try frame.groupBy("k").agg(Expr.countDistinct("v").alias("d")).orderBy(col("k")).collect().map(\.values)
        #expect(grouped == ["a", "b", "c"].map { [.string($0), .int64(Int64(expected[$0]!.count))] })
        let global = try frame.agg(Expr.countDistinct("v").alias("d")).collect().map(\.values)
        #expect(global == [[.int64(Int64(expected.values.reduce(into: Set<Int64>()) { $0.formUnion($1) }.count))]])
    }

    @Test("every aggregate over hundreds of batches per partition", arguments: [(1, 7), (3, 10), (4, 64)])
    func manyBatches(parallelism: Int, batchSize: Int) throws {
        var random = SeededRandom(seed: UInt64(parallelism * 1000 + batchSize))
        let length = 3000
        let keys = (0..<length).map { _ in random.chance(0.05) ? Scalar.null : .int64(Int64(random.below(40))) }
        let values = (0..<length).map { _ in random.chance(0.3) ? Scalar.null : .int64(random.int(in: -50...50)) }
        let texts = (0..<length).map { _ in random.chance(0.2) ? Scalar.null : .string(Fixtures.randomText(&random, maxLength: 6)) }
        let session = Session(parallelism: parallelism, batchSize: batchSize)
        let frame = try session.createDataFrame(
            columns: [try Column.from(keys, type: .int64), try Column.from(values, type: .int64), try Column.from(texts, type: .string)],
            schema: Schema([Field("k", .int64), Field("v", .int64), Field("t", .string)]))
        let result = try frame.groupBy("k").agg(
            Expr.count().alias("n"), Expr.count("v").alias("nv"), Expr.sum("v").alias("s"), Expr.countDistinct("t").alias("dt"),
            Expr.first("t").alias("f"), Expr.last("t").alias("l"), Expr.first("t", ignoreNulls: true).alias("fn"),
            Expr.last("t", ignoreNulls: true).alias("ln"), Expr.min("t").alias("mn"), Expr.max("t").alias("mx")
        ).collect()

        var reference: [GroupingKey: (key: Scalar, state: Reference)] = [:]
        for row in 0..<length {
            let key = GroupingKey([keys[row]])
            var entry = reference[key] ?? (keys[row], Reference())
            entry.state.count += 1
            if case let .int64(v) = values[row] { entry.state.nonNull += 1; entry.state.sum += v }
            if entry.state.first == nil { entry.state.first = texts[row] }
            entry.state.last = texts[row]
            if case let .string(text) = texts[row] {
                entry.state.distinct.insert(text)
                if entry.state.firstNonNull.isNull { entry.state.firstNonNull = texts[row] }
                entry.state.lastNonNull = texts[row]
                if entry.state.min.map({ sqlOrder(.string(text), .string($0)) < 0 }) ?? true { entry.state.min = text }
                if entry.state.max.map({ sqlOrder(.string(text), .string($0)) > 0 }) ?? true { entry.state.max = text }
            }
            reference[key] = entry
        }
        #expect(result.count == reference.count, "parallelism \(parallelism), batch size \(batchSize)")
        for row in result {
            guard let (_, state) = reference[GroupingKey([row["k"] ?? .null])] else {
                Issue.record("unexpected group \(row)")
                continue
            }
            let expected: [Scalar] = [
                .int64(Int64(state.count)), .int64(Int64(state.nonNull)), state.nonNull > 0 ? .int64(state.sum) : .null,
                .int64(Int64(state.distinct.count)), state.first ?? .null, state.last, state.firstNonNull, state.lastNonNull,
                state.min.map(Scalar.string) ?? .null, state.max.map(Scalar.string) ?? .null,
            ]
            #expect(Array(row.values.dropFirst()) == expected, "parallelism \(parallelism), batch size \(batchSize), group \(row["k"] ?? .null)")
        }
    }
}
