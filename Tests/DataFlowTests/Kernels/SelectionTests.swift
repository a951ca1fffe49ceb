@testable import DataFlow
import Testing

@Suite("Kernels: take, filter, concat")
struct SelectionTests {
    @Test("take gathers by index, negative indices give null", arguments: Fixtures.types)
    func take(type: DataType) throws {
        try Fixtures.everyColumn(type, seed: 41) { testCase, values, column, random in
            let count = random.below(2 * testCase.length + 2)
            let indices: [Int32] = (0..<count).map { _ in
                values.isEmpty || random.chance(0.1) ? -1 : Int32(random.below(values.count))
            }
            let taken = DataFlow.take(column, indices: indices)
            let expected = indices.map { $0 < 0 ? Scalar.null : values[Int($0)] }
            #expect(identical(taken.scalars, expected), "\(type), \(testCase): \(firstDifference(taken.scalars, expected))")
            #expect(taken.nullCount == expected.filter(\.isNull).count, "\(type), \(testCase)")
        }
    }

    @Test("take by what a filter keeps (most rows, in order) copies runs of consecutive rows: same values", arguments: Fixtures.types)
    func takeDenseRuns(type: DataType) throws {
        try Fixtures.everyColumn(type, seed: 44) { testCase, values, column, random in
            // Each row kept with a chance that makes runs both shorter and longer than 8 rows.
            let keep = [0.8, 0.95, 1.0][random.below(3)]
            let indices = values.indices.filter { _ in random.chance(keep) }.map(Int32.init)
            let taken = DataFlow.take(column, indices: indices)
            let expected = indices.map { values[Int($0)] }
            #expect(identical(taken.scalars, expected), "\(type), \(testCase): \(firstDifference(taken.scalars, expected))")
        }
        // Strings of every short length (each copied word by word) and longer, gathered in runs and one by one.
        let strings = (0..<300).map { Scalar.string(String(repeating: "abcdefghij", count: 3).prefix($0 % 33).description) }
        let column = try Column.from(strings, type: .string)
        let mostRows: [Int32] = (0..<300).filter { $0 % 7 != 3 }.map { Int32($0) }
        let everyOtherBackwards: [Int32] = stride(from: 299, through: 0, by: -2).map { Int32($0) }
        for indices in [mostRows, everyOtherBackwards] {
            let expected: [Scalar] = indices.map { strings[Int($0)] }
            #expect(DataFlow.take(column, indices: indices).scalars == expected)
        }
    }

    @Test("selectedIndices keeps rows whose mask is true (null is false)")
    func selectedIndices() throws {
        try Fixtures.everyCase(seed: 42) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            let mask = Fixtures.scalars(.boolean, length: testCase.length, nullDensity: testCase.nullDensity, &random)
            let column = try Fixtures.column(mask, type: .boolean, offset: testCase.offset, &random)
            let expected = mask.indices.filter { mask[$0] == .boolean(true) }.map(Int32.init)
            #expect(DataFlow.selectedIndices(column) == expected, "\(testCase)")
        }
        // The byte-at-a-time path: no nulls, aligned, and every pattern of a byte.
        let bits = (0..<2048).map { Scalar.boolean(($0 * 37 + $0 / 8) % 3 == 0) }
        let column = try Column.from(bits, type: .boolean)
        #expect(DataFlow.selectedIndices(column) == bits.indices.filter { bits[$0] == .boolean(true) }.map(Int32.init))
    }

    @Test("filter keeps the selected rows of every column, and passes full batches through")
    func filterBatches() throws {
        var random = SeededRandom(seed: 43)
        let schema = Schema(Fixtures.types.enumerated().map { Field("c\($0.offset)", $0.element) })
        for length in [0, 1, 64, 65, 300] {
            let columnsValues = Fixtures.types.map { Fixtures.scalars($0, length: length, nullDensity: 0.2, &random) }
            let columns = try zip(columnsValues, Fixtures.types).map { try Column.from($0, type: $1) }
            let batch = try RecordBatch(schema: schema, columns: columns, rowCount: length)
            let mask = Fixtures.scalars(.boolean, length: length, nullDensity: 0.2, &random)
            let filtered = DataFlow.filter(batch, mask: try Column.from(mask, type: .boolean))
            let kept = mask.indices.filter { mask[$0] == .boolean(true) }
            #expect(filtered.rowCount == kept.count, "length \(length)")
            for (index, values) in columnsValues.enumerated() {
                let expected = kept.map { values[$0] }
                #expect(identical(filtered.columns[index].scalars, expected), "length \(length), column \(schema[index])")
            }
            let all = DataFlow.filter(batch, mask: try Column.repeating(true, type: .boolean, count: length))
            #expect(all.rowCount == length && (0..<schema.count).allSatisfy { identical(all.columns[$0].scalars, columnsValues[$0]) })
        }
    }

    @Test("concat joins columns, slices included", arguments: Fixtures.types)
    func concat(type: DataType) throws {
        for seed in UInt64(1)...15 {
            var random = SeededRandom(seed: seed &+ 4400)
            var parts: [Column] = []
            var expected: [Scalar] = []
            for _ in 0..<(1 + random.below(4)) {
                let values = Fixtures.scalars(type, length: random.pick([0, 1, 7, 63, 64, 65, 100]), nullDensity: random.pick([0, 0.1, 1]), &random)
                parts.append(try Fixtures.column(values, type: type, offset: random.pick([0, 3, 69]), &random))
                expected += values
            }
            let joined = DataFlow.concat(parts)
            #expect(identical(joined.scalars, expected), "\(type), seed \(seed): \(firstDifference(joined.scalars, expected))")
            #expect(joined.nullCount == expected.filter(\.isNull).count, "\(type), seed \(seed)")
        }
    }

    @Test("materializing a constant datum repeats its value")
    func constantDatum() throws {
        let datum = try Datum.constant(.string("é"), type: .string)
        #expect(datum.materialize(3).scalars == Array(repeating: .string("é"), count: 3))
        let null = try Datum.constant(.null, type: .int64)
        #expect(null.isNullConstant && null.materialize(2).scalars == [.null, .null])
        #expect(!Datum(try Column.from([.null], type: .int64)).isNullConstant)
    }
}
