@testable import DataFlow
import Testing

@Suite("Execution: group tables")
struct GroupTableTests {
    enum Kind: CaseIterable { case fixed, row }

    static let fixedTypes: [DataType] = [.int32, .int64, .float64, .date, .timestamp, .decimal(precision: 10, scale: 2)]

    /// Feeds `columns` (all of `length` rows) to a table in random batches and checks the group
    /// ids (dense, first-seen order, nulls and NaNs as one key, -0.0 as 0.0) and the key columns.
    static func check(_ table: any GroupTable, _ values: [[Scalar]], types: [DataType], context: String,
                      _ random: inout SeededRandom) throws
    {
        let length = values.first?.count ?? 0
        var reference: [GroupingKey: Int32] = [:]
        var firstKeys: [[Scalar]] = []
        var start = 0
        while start < length || (start == 0 && length == 0) {
            let size = length == 0 ? 0 : min(length - start, 1 + random.below(700))
            let offset = random.pick([0, 3, 69])
            let columns = try zip(values, types).map { column, type in
                try Fixtures.column(Array(column[start..<(start + size)]), type: type, offset: offset, &random)
            }
            var ids: [Int32] = []
            table.findOrInsert(columns, groupIds: &ids)
            #expect(ids.count == size, "\(context): \(ids.count) ids for \(size) rows")
            for row in 0..<min(size, ids.count) {
                let key = values.map { $0[start + row] }
                let expected = reference[GroupingKey(key)] ?? {
                    let id = Int32(firstKeys.count)
                    reference[GroupingKey(key)] = id
                    firstKeys.append(key.map(GroupingKey.normalized))
                    return id
                }()
                if ids[row] != expected {
                    Issue.record("\(context): row \(start + row) (\(key)) got group \(ids[row]), expected \(expected)")
                    return
                }
            }
            start += size
            if length == 0 { break }
        }
        #expect(table.groupCount == firstKeys.count, "\(context)")
        let keys = table.keyColumns()
        #expect(keys.count == types.count, "\(context)")
        for (index, column) in keys.enumerated() {
            let expected = firstKeys.map { $0[index] }
            #expect(identical(column.scalars, expected), "\(context): key column \(index): \(firstDifference(column.scalars, expected))")
        }
    }

    @Test("fixed-width keys: dense ids in first-seen order, nulls, NaN and -0.0", arguments: fixedTypes)
    func fixedKeys(type: DataType) throws {
        for kind in Kind.allCases {
            for (length, distinct) in [(0, 1), (1, 1), (65, 5), (3000, 40), (5000, 2500)] {
                for nullDensity in [0.0, 0.1, 1.0] {
                    var random = SeededRandom(seed: UInt64(length * 31 + distinct) &+ (kind == .fixed ? 0 : 99))
                    let values = repeatedScalars(type, length: length, distinct: distinct, nullDensity: nullDensity, &random)
                    let table: any GroupTable = kind == .fixed ? FixedKeyGroupTable(type: type) : RowKeyGroupTable(types: [type])
                    try Self.check(table, [values], types: [type], context: "\(kind) \(type), length \(length), \(distinct) distinct, nulls \(nullDensity)", &random)
                }
            }
        }
        #expect(FixedKeyGroupTable.supports(type))
    }

    @Test("row-encoded keys of every type and of several columns")
    func rowKeys() throws {
        for type in Fixtures.types {
            var random = SeededRandom(seed: 81)
            let values = repeatedScalars(type, length: 2000, distinct: 300, nullDensity: 0.1, &random)
            try Self.check(RowKeyGroupTable(types: [type]), [values], types: [type], context: "row \(type)", &random)
        }
        let types: [DataType] = [.string, .float64, .boolean, .decimal(precision: 30, scale: 4)]
        for nullDensity in [0.0, 0.3, 1.0] {
            var random = SeededRandom(seed: 82)
            let values = types.map { repeatedScalars($0, length: 3000, distinct: 6, nullDensity: nullDensity, &random) }
            try Self.check(RowKeyGroupTable(types: types), values, types: types, context: "row \(types), nulls \(nullDensity)", &random)
        }
        #expect(makeGroupTable(for: [.int64]) is FixedKeyGroupTable)
        #expect(makeGroupTable(for: [.string]) is BytesKeyGroupTable)
        #expect(makeGroupTable(for: [.binary]) is BytesKeyGroupTable)
        #expect(makeGroupTable(for: [.int64, .int64]) is RowKeyGroupTable)
    }

    @Test("a null string is one key whatever bytes its slot holds")
    func nullStringSlots() throws {
        // Arrow leaves the bytes of a null slot unspecified: mask out values that have bytes.
        let values = try Column.from(["abc", "", "xyz", "q"].map(Scalar.string), type: .string)
        let mask = Buffer(capacity: 1, zeroed: true)
        Bitmap.set(mask.typed(UInt8.self), 3)
        let masked = values.withValidity(mask)
        #expect(masked.scalars == [.null, .null, .null, .string("q")])
        let table = RowKeyGroupTable(types: [.string, .int32])
        var ids: [Int32] = []
        table.findOrInsert([masked, try Column.from([1, 1, 1, 1].map(int32), type: .int32)], groupIds: &ids)
        #expect(ids == [0, 0, 0, 1])
        #expect(table.keyColumns()[0].scalars == [.null, .string("q")])
        let bytesTable = BytesKeyGroupTable(type: .string)
        bytesTable.findOrInsert([masked], groupIds: &ids)
        #expect(ids == [0, 0, 0, 1])
        #expect(bytesTable.keyColumns()[0].scalars == [.null, .string("q")])
    }

    @Test("single string keys: distinct values, nulls as one group, keys round-trip", arguments: [0.0, 0.3, 1.0])
    func bytesKeys(nullDensity: Double) throws {
        var random = SeededRandom(seed: 83)
        let values = repeatedScalars(.string, length: 3000, distinct: 40, nullDensity: nullDensity, &random)
        try Self.check(BytesKeyGroupTable(type: .string), [values], types: [.string], context: "bytes, nulls \(nullDensity)", &random)
    }
}
