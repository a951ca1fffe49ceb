@testable import DataFlow
import Testing

@Suite("Memory: Column, ColumnBuilder, slices")
struct ColumnTests {
    @Test("scalars round-trip through a column, sliced or not", arguments: Fixtures.types)
    func scalarsRoundTrip(type: DataType) throws {
        try Fixtures.everyColumn(type, seed: 21) { testCase, values, column, random in
            #expect(column.count == values.count, "\(type), \(testCase)")
            #expect(column.type == type)
            #expect(identical(column.scalars, values), "\(type), \(testCase): \(firstDifference(column.scalars, values))")
            let nulls = values.filter(\.isNull).count
            #expect(column.nullCount == nulls, "\(type), \(testCase)")
            #expect(column.hasNulls == (nulls > 0))
            for index in values.indices where column.isNull(index) != values[index].isNull {
                Issue.record("\(type), \(testCase): isNull(\(index)) is \(column.isNull(index))")
            }
        }
    }

    @Test("slices of slices see the right values and null counts", arguments: Fixtures.types)
    func nestedSlices(type: DataType) throws {
        for seed in UInt64(1)...20 {
            var random = SeededRandom(seed: seed)
            let length = random.below(200)
            let values = Fixtures.scalars(type, length: length, nullDensity: random.pick([0, 0.1, 0.5, 1]), &random)
            let column = try Column.from(values, type: type)
            let start = random.below(length + 1), count = random.below(length - start + 1)
            let inner = random.below(count + 1), innerCount = random.below(count - inner + 1)
            let slice = column.slice(start, count).slice(inner, innerCount)
            let expected = Array(values[(start + inner)..<(start + inner + innerCount)])
            #expect(identical(slice.scalars, expected), "\(type), seed \(seed): \(firstDifference(slice.scalars, expected))")
            #expect(slice.nullCount == expected.filter(\.isNull).count, "\(type), seed \(seed)")
            // compacted() rebuilds the slice at offset zero with the same values.
            #expect(identical(slice.compacted().scalars, expected), "\(type), seed \(seed) compacted")
            #expect(slice.compacted().offset == 0)
        }
    }

    @Test("the builder grows from tiny capacities and switches to a bitmap at the first null", arguments: Fixtures.types)
    func builderGrowth(type: DataType) throws {
        for seed in UInt64(1)...10 {
            var random = SeededRandom(seed: seed)
            let firstNull = random.below(300)
            var values = Fixtures.scalars(type, length: 300, nullDensity: 0, &random)
            values[firstNull] = .null
            var builder = ColumnBuilder(type: type, capacity: 1)
            for value in values { try builder.append(value) }
            let column = builder.finish()
            #expect(builder.count == 300)
            #expect(identical(column.scalars, values), "\(type), seed \(seed), first null at \(firstNull): \(firstDifference(column.scalars, values))")
            #expect(column.nullCount == 1)
        }
    }

    @Test("a column without nulls has no bitmap; one of nulls only counts them all")
    func validityBitmaps() throws {
        let full = try Column.from([1, 2, 3].map(int32), type: .int32)
        #expect(full.validity == nil && full.nullCount == 0)
        let empty = Column.nulls(type: .string, count: 70)
        #expect(empty.nullCount == 70 && empty.scalars.allSatisfy(\.isNull))
        // A slice of a column with nulls that holds none drops the bitmap.
        let mixed = try Column.from([nil, 1, 2, nil].map(int32), type: .int32)
        #expect(mixed.slice(1, 2).nullCount == 0 && mixed.slice(1, 2).validity == nil)
        #expect(mixed.slice(0, 1).nullCount == 1)
    }

    @Test("the builder converts integer widths and decimal scales, and rejects what does not fit")
    func builderConversions() throws {
        let longs = try Column.from([.int32(5), .int64(6)], type: .int64)
        #expect(longs.scalars == [.int64(5), .int64(6)])
        let ints = try Column.from([.int64(7)], type: .int32)
        #expect(ints.scalars == [.int32(7)])
        #expect(throws: DataFlowError.self) { try Column.from([.int64(Int64(Int32.max) + 1)], type: .int32) }
        let decimals = try Column.from([.decimal(unscaled: 15, precision: 3, scale: 1), .int64(2)], type: .decimal(precision: 10, scale: 2))
        #expect(decimals.scalars == [.decimal(unscaled: 150, precision: 10, scale: 2), .decimal(unscaled: 200, precision: 10, scale: 2)])
        // Scaling down would lose a digit; too many digits do not fit the precision.
        #expect(throws: DataFlowError.self) { try Column.from([.decimal(unscaled: 155, precision: 5, scale: 3)], type: .decimal(precision: 10, scale: 2)) }
        #expect(throws: DataFlowError.self) { try Column.from([.decimal(unscaled: 123_456, precision: 6, scale: 0)], type: .decimal(precision: 5, scale: 0)) }
        #expect(throws: DataFlowError.self) { try Column.from([.string("x")], type: .int32) }
    }

    @Test("repeating, reinterpreted and withValidity keep values")
    func derivedColumns() throws {
        let repeated = try Column.repeating(.string("ab"), type: .string, count: 65)
        #expect(repeated.scalars == Array(repeating: .string("ab"), count: 65))
        let micros = try Column.from([.int64(1), .null], type: .int64).reinterpreted(as: .timestamp)
        #expect(micros.scalars == [.timestamp(1), .null])
        // Masking a slice's values with a bitmap whose bits start elsewhere.
        let values = try Column.from((0..<20).map { .int32(Int32($0)) }, type: .int32).slice(5, 10)
        let mask = Buffer(capacity: 8, zeroed: true)
        for bit in [3, 5, 12] { Bitmap.set(mask.typed(UInt8.self), bit) }
        let masked = values.withValidity(mask, offset: 3)
        #expect(masked.scalars == (0..<10).map { index in [0, 2, 9].contains(index) ? .int32(Int32(index + 5)) : .null })
    }

    @Test("record batches check their shape and slice every column")
    func recordBatches() throws {
        let schema = Schema([Field("a", .int32), Field("b", .string)])
        let a = try Column.from([1, 2, 3].map(int32), type: .int32)
        let b = try Column.from(["x", "y", "z"].map(Scalar.string), type: .string)
        #expect(throws: DataFlowError.self) { try RecordBatch(schema: schema, columns: [a]) }
        #expect(throws: DataFlowError.self) { try RecordBatch(schema: schema, columns: [a, b.slice(0, 2)]) }
        let batch = try RecordBatch(schema: schema, columns: [a, b])
        let slice = batch.slice(1, 2)
        #expect(slice.rowCount == 2)
        #expect(slice.columns[0].scalars == [2, 3].map(int32) && slice.columns[1].scalars == ["y", "z"].map(Scalar.string))
    }
}
