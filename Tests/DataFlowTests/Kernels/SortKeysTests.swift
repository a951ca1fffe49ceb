@testable import DataFlow
import Testing

@Suite("Kernels: sort permutation and radix sort")
struct SortKeysTests {
    /// Row indices stably sorted by the keys (values row by row, direction, null placement).
    static func referencePermutation(_ keys: [(values: [Scalar], ascending: Bool, nullsFirst: Bool)], rowCount: Int) -> [Int32] {
        (0..<rowCount).sorted { i, j in
            for key in keys {
                let a = key.values[i], b = key.values[j]
                if a.isNull || b.isNull {
                    if a.isNull && b.isNull { continue }
                    return a.isNull == key.nullsFirst
                }
                let order = sqlOrder(a, b)
                if order != 0 { return key.ascending ? order < 0 : order > 0 }
            }
            return i < j
        }.map(Int32.init)
    }

    static let directions = [(true, true), (true, false), (false, true), (false, false)]

    @Test("one key of each type, both directions, both null placements", arguments: Fixtures.types)
    func singleKey(type: DataType) throws {
        try Fixtures.everyCase(seed: 91) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            // Few distinct values, so ties (and their stable order) matter.
            let values = repeatedScalars(type, length: testCase.length, distinct: 1 + testCase.length / 4,
                                         nullDensity: testCase.nullDensity, &random)
            let column = try Fixtures.column(values, type: type, offset: testCase.offset, &random)
            for (ascending, nullsFirst) in Self.directions {
                let permutation = sortPermutation([SortKey(column: column, ascending: ascending, nullsFirst: nullsFirst)], rowCount: values.count)
                let expected = Self.referencePermutation([(values, ascending, nullsFirst)], rowCount: values.count)
                #expect(permutation == expected, "\(type) \(ascending ? "asc" : "desc") nulls \(nullsFirst ? "first" : "last"), \(testCase)")
            }
        }
    }

    @Test("several keys of mixed types")
    func multipleKeys() throws {
        for seed in UInt64(1)...40 {
            var random = SeededRandom(seed: seed &+ 9200)
            let length = random.pick([2, 5, 64, 255, 256, 257, 1500])
            var keys: [(values: [Scalar], ascending: Bool, nullsFirst: Bool)] = []
            var sortKeys: [SortKey] = []
            for _ in 0..<(2 + random.below(2)) {
                let type = random.pick(Fixtures.types)
                let values = repeatedScalars(type, length: length, distinct: 1 + random.below(6), nullDensity: random.pick([0, 0.2]), &random)
                let ascending = random.chance(0.5), nullsFirst = random.chance(0.5)
                keys.append((values, ascending, nullsFirst))
                sortKeys.append(SortKey(column: try Fixtures.column(values, type: type, offset: random.pick([0, 5]), &random),
                                        ascending: ascending, nullsFirst: nullsFirst))
            }
            let permutation = sortPermutation(sortKeys, rowCount: length)
            #expect(permutation == Self.referencePermutation(keys, rowCount: length),
                    "seed \(seed): \(sortKeys.map { "\($0.column.type) \($0.ascending ? "asc" : "desc") nulls \($0.nullsFirst ? "first" : "last")" })")
        }
    }

    @Test("strings that share their first 8 bytes, and wide decimals that share their high bits")
    func prefixTies() throws {
        let texts = ["prefix00b", "prefix00", "prefix00a", "prefix00\u{0}", "prefix0", "prefix00ab", "prefix00a", "é", ""]
        let strings = try Column.from(texts.map(Scalar.string), type: .string)
        for (ascending, nullsFirst) in Self.directions {
            #expect(sortPermutation([SortKey(column: strings, ascending: ascending, nullsFirst: nullsFirst)], rowCount: texts.count)
                == Self.referencePermutation([(texts.map(Scalar.string), ascending, nullsFirst)], rowCount: texts.count))
        }
        let wide: [Scalar] = [5, -5, 1 << 70, (1 << 70) + 1, -(1 << 70), 0, 5].map { .decimal(unscaled: $0, precision: 30, scale: 0) }
        let decimals = try Column.from(wide, type: .decimal(precision: 30, scale: 0))
        #expect(sortPermutation([SortKey(column: decimals, ascending: true, nullsFirst: true)], rowCount: wide.count) == [4, 1, 5, 0, 6, 2, 3])
    }

    @Test("merging sorted runs by key prefix and whole keys is a stable sort of the runs in order")
    func runMerge() throws {
        for seed in UInt64(1)...30 {
            var random = SeededRandom(seed: seed &+ 9400)
            let length = random.pick([1, 7, 300, 2000])
            var keys: [(values: [Scalar], ascending: Bool, nullsFirst: Bool)] = []
            var columns: [Column] = []
            var fields: [Field] = []
            for index in 0..<(1 + random.below(2)) {
                let type = random.pick(Fixtures.types)
                // Few distinct values: equal prefixes and equal keys across runs decide the order.
                let values = repeatedScalars(type, length: length, distinct: 1 + random.below(12), nullDensity: random.pick([0, 0.2]), &random)
                keys.append((values, random.chance(0.5), random.chance(0.5)))
                columns.append(try Fixtures.column(values, type: type, offset: 0, &random))
                fields.append(Field("k\(index)", type))
            }
            // Each row's position rides along: the merge must put the rows in the reference's order.
            let schema = Schema(fields + [Field("row", .int64)])
            let rows = try RecordBatch(schema: schema, columns: columns + [try Column((0..<Int64(length)).map { $0 })], rowCount: length)
            let orders = fields.indices.map { index in
                SortOrder(expression: ColumnExpr(index: index, name: fields[index].name, dataType: fields[index].type, nullable: true),
                          ascending: keys[index].ascending, nullsFirst: keys[index].nullsFirst)
            }
            // Consecutive ranges of the rows, each sorted on its own, then cut into small batches.
            var bounds = [0] + (0..<random.below(6)).map { _ in random.below(length + 1) } + [length]
            bounds.sort()
            let runs: [any BatchStream] = zip(bounds, bounds.dropFirst()).map { start, end in
                let run = rows.slice(start, end - start)
                let sortKeys = zip(run.columns, orders).map { SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst) }
                let sorted = take(run, indices: sortPermutation(sortKeys, rowCount: run.rowCount))
                return BatchListStream(splitIntoBatches(sorted, size: 1 + random.below(50)))
            }
            let merged = try drain(SortedRunMergeStream(runs: runs, orders: orders, schema: schema, batchSize: 1 + random.below(100)))
            let order = concat(merged, schema: schema).columns[fields.count]
            #expect((0..<order.count).map { order.scalar(at: $0) } == Self.referencePermutation(keys, rowCount: length).map { Scalar.int64(Int64($0)) },
                    "seed \(seed): \(orders.map(\.description)), runs at \(bounds)")
        }
    }

    @Test("radix sort is a stable sort of the keys, carrying any rows along")
    func radixSortStability() {
        for count in [0, 1, 2, 100, 255, 256, 257, 5000] {
            var random = SeededRandom(seed: UInt64(count) &+ 9300)
            let original = (0..<count).map { _ in random.chance(0.5) ? UInt64(random.below(8)) << 40 : random.next() >> UInt64(random.below(64)) }
            // Rows are not in ascending order: stability is about positions, not row values.
            let rows = (0..<count).map { _ in Int32(truncatingIfNeeded: random.next()) }
            var keys = original, carried = rows
            radixSort(&keys, &carried)
            let expected = (0..<count).sorted { original[$0] != original[$1] ? original[$0] < original[$1] : $0 < $1 }
            #expect(keys == expected.map { original[$0] }, "count \(count): keys")
            #expect(carried == expected.map { rows[$0] }, "count \(count): rows of equal keys keep their order")
        }
    }
}
