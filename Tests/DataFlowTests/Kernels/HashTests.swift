@testable import DataFlow
import Testing

@Suite("Kernels: hashing")
struct HashTests {
    static func hashes(_ columns: [Column], count: Int) -> [UInt64] {
        var out: [UInt64] = []
        Hashing.hashRows(columns, count: count, into: &out)
        return out
    }

    @Test("equal keys hash equally, in slices too; distinct keys rarely collide", arguments: Fixtures.types)
    func equalKeysEqualHashes(type: DataType) throws {
        try Fixtures.everyCase(seed: 71) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            let values = repeatedScalars(type, length: testCase.length, distinct: 12, nullDensity: testCase.nullDensity, &random)
            let column = try Fixtures.column(values, type: type, offset: testCase.offset, &random)
            let hashes = Self.hashes([column], count: values.count)
            var byKey: [GroupingKey: UInt64] = [:]
            var keysByHash: [UInt64: GroupingKey] = [:]
            for (index, value) in values.enumerated() {
                let key = GroupingKey([value])
                if let seen = byKey[key], seen != hashes[index] {
                    Issue.record("\(type), \(testCase): \(value) hashes differently at row \(index)")
                }
                byKey[key] = hashes[index]
                if let other = keysByHash[hashes[index]], other != key {
                    Issue.record("\(type), \(testCase): \(value) collides with another key")
                }
                keysByHash[hashes[index]] = key
            }
            // The same values in an unsliced column hash the same.
            #expect(Self.hashes([try Column.from(values, type: type)], count: values.count) == hashes, "\(type), \(testCase)")
        }
    }

    @Test("rows of several columns hash equally exactly when every part is equal")
    func multiColumnRows() throws {
        var random = SeededRandom(seed: 72)
        for length in [0, 1, 65, 500] {
            let a = repeatedScalars(.string, length: length, distinct: 4, nullDensity: 0.2, &random)
            let b = repeatedScalars(.float64, length: length, distinct: 3, nullDensity: 0.2, &random)
            let c = repeatedScalars(.int32, length: length, distinct: 3, nullDensity: 0.2, &random)
            let columns = [try Column.from(a, type: .string), try Column.from(b, type: .float64), try Column.from(c, type: .int32)]
            let hashes = Self.hashes(columns, count: length)
            var byKey: [GroupingKey: UInt64] = [:]
            var keyByHash: [UInt64: GroupingKey] = [:]
            for row in 0..<length {
                let key = GroupingKey([a[row], b[row], c[row]])
                if let seen = byKey[key] { #expect(seen == hashes[row], "length \(length), row \(row)") }
                if let other = keyByHash[hashes[row]] { #expect(other == key, "length \(length), row \(row) collides") }
                byKey[key] = hashes[row]
                keyByHash[hashes[row]] = key
            }
        }
        // Column order matters: (x, y) and (y, x) differ.
        let x = try Column.from([1, 2].map(int64), type: .int64), y = try Column.from([2, 1].map(int64), type: .int64)
        #expect(Self.hashes([x, y], count: 2)[0] != Self.hashes([y, x], count: 2)[0])
    }

    @Test("byte hashing reads every byte, whatever the length")
    func byteHashing() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }
            let base = bytes.withUnsafeBufferPointer { Hashing.hashBytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, length) }
            for position in 0..<length {
                var changed = bytes
                changed[position] ^= 0x20
                let other = changed.withUnsafeBufferPointer { Hashing.hashBytes($0.baseAddress!, length) }
                #expect(other != base, "length \(length): byte \(position) does not change the hash")
            }
            if length > 0 {
                // A shorter prefix hashes differently (the length takes part).
                let prefix = bytes.withUnsafeBufferPointer { Hashing.hashBytes($0.baseAddress!, length - 1) }
                #expect(prefix != base, "length \(length)")
            }
        }
    }
}
