@testable import DataFlow

/// Inputs of the property tests: random values of every type with nulls, as `[Scalar]` (the
/// reference side) and as columns (the side under test), optionally sliced out of a longer column
/// so that offsets are not zero.
enum Fixtures {
    /// Lengths around the 64-bit word and byte boundaries of bitmaps, and a larger one.
    static let lengths = [0, 1, 7, 8, 63, 64, 65, 130, 1000]
    /// Fractions of nulls.
    static let nullDensities = [0.0, 0.1, 1.0]
    /// Offsets of slices within their parent column (0: not a slice).
    static let offsets = [0, 3, 69]

    /// Types with every physical layout: bits, 32-, 64- and 128-bit values, doubles and bytes.
    static let types: [DataType] = [
        .boolean, .int32, .int64, .float64, .decimal(precision: 10, scale: 2), .decimal(precision: 30, scale: 4),
        .string, .binary, .date, .timestamp,
    ]

    /// Every combination of length, null density and offset, with a seed derived from them, for
    /// `body`. Failure messages should print the `Case`.
    struct Case: CustomStringConvertible {
        let length: Int
        let nullDensity: Double
        let offset: Int
        let seed: UInt64
        var description: String { "length \(length), null density \(nullDensity), offset \(offset), seed \(seed)" }
    }

    static func everyCase(seed base: UInt64 = 1, _ body: (Case) throws -> Void) rethrows {
        var index: UInt64 = 0
        for length in lengths {
            for nullDensity in nullDensities {
                for offset in offsets {
                    index += 1
                    try body(Case(length: length, nullDensity: nullDensity, offset: offset, seed: base &* 1_000_003 &+ index))
                }
            }
        }
    }

    /// `everyCase` with each case's random values of `type` and their column (sliced at the
    /// case's offset); `body` draws what else it needs from the same `random`.
    static func everyColumn(_ type: DataType, seed: UInt64, _ body: (Case, [Scalar], Column, inout SeededRandom) throws -> Void) throws {
        try everyCase(seed: seed) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            let values = scalars(type, length: testCase.length, nullDensity: testCase.nullDensity, &random)
            let column = try Fixtures.column(values, type: type, offset: testCase.offset, &random)
            try body(testCase, values, column, &random)
        }
    }

    /// A random non-null value of `type`, with edge values (extremes, NaN, -0.0, empty strings,
    /// strings sharing 8-byte prefixes) now and then.
    static func value(_ type: DataType, _ random: inout SeededRandom) -> Scalar {
        let edge = random.chance(0.15)
        switch type {
        case .boolean: return .boolean(random.chance(0.5))
        case .int32:
            if edge { return .int32(random.pick([Int32.min, Int32.max, 0, -1, 1])) }
            return .int32(Int32(random.int(in: -1000...1000)))
        case .int64:
            if edge { return .int64(random.pick([Int64.min, Int64.max, 0, -1, 1])) }
            return .int64(random.int(in: -1_000_000...1_000_000))
        case .float64:
            if edge { return .float64(random.pick([Double.nan, .infinity, -.infinity, -0.0, 0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude])) }
            return .float64(Double(random.int(in: -100_000...100_000)) / 8)
        case let .decimal(p, s):
            let bound = p <= 18 ? Int64(powerOfTen(p)) - 1 : Int64.max
            if edge { return .decimal(unscaled: Int128(random.pick([bound, -bound, 0])), precision: p, scale: s) }
            var unscaled = Int128(random.int(in: -100_000_000...100_000_000))
            if p > 18 && random.chance(0.5) { unscaled = unscaled * powerOfTen(18) + Int128(random.int(in: 0...999)) }
            return .decimal(unscaled: unscaled, precision: p, scale: s)
        case .string:
            if edge { return .string(random.pick(["", "prefix00", "prefix00a", "prefix00b", "prefix0", "é", "日本"])) }
            return .string(randomText(&random, maxLength: 12))
        case .binary:
            return .binary((0..<random.below(10)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case .date:
            return .date(Int32(random.int(in: -100_000...100_000)))
        case .timestamp:
            return .timestamp(random.int(in: -4_000_000_000_000_000...4_000_000_000_000_000))
        case .null:
            return .null
        case let .array(element):
            return .array((0..<random.below(4)).map { _ in random.chance(0.2) ? .null : value(element, &random) })
        case let .map(key, entry):
            var keys: [Scalar] = []
            for _ in 0..<random.below(4) {
                let candidate = value(key, &random)
                if !keys.contains(candidate) { keys.append(candidate) }
            }
            return .map(keys: keys, values: keys.map { _ in random.chance(0.2) ? .null : value(entry, &random) })
        case let .struct(fields):
            return .struct(names: fields.map(\.name), values: fields.map { random.chance(0.2) ? .null : value($0.type, &random) })
        }
    }

    /// Random text of ASCII and multi-byte characters.
    static func randomText(_ random: inout SeededRandom, maxLength: Int) -> String {
        let pool: [Character] = Array("abcXYZ019 _%-éü日€")
        return String((0..<random.below(maxLength + 1)).map { _ in random.pick(pool) })
    }

    /// `length` random values of `type`, each null with probability `nullDensity`.
    static func scalars(_ type: DataType, length: Int, nullDensity: Double, _ random: inout SeededRandom) -> [Scalar] {
        (0..<length).map { _ in random.chance(nullDensity) ? .null : value(type, &random) }
    }

    /// A column holding `values`: when `offset` > 0, a slice starting at `offset` of a longer
    /// column padded with other random values on both sides.
    static func column(_ values: [Scalar], type: DataType, offset: Int, _ random: inout SeededRandom) throws -> Column {
        guard offset > 0 else { return try Column.from(values, type: type) }
        let before = scalars(type, length: offset, nullDensity: 0.3, &random)
        let after = scalars(type, length: 5, nullDensity: 0.3, &random)
        return try Column.from(before + values + after, type: type).slice(offset, values.count)
    }
}

/// Whether two scalars are the same value: doubles by bit pattern (any NaN equals any NaN), all
/// else by `==`. Use it where a kernel must move values unchanged.
func identical(_ a: Scalar, _ b: Scalar) -> Bool {
    if case let .float64(x) = a, case let .float64(y) = b {
        return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
    }
    return a == b
}

/// Whether two scalar arrays are element-wise `identical`.
func identical(_ a: [Scalar], _ b: [Scalar]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { identical($0, $1) }
}

/// The first index where two arrays differ, with both values, for failure messages.
func firstDifference(_ a: [Scalar], _ b: [Scalar]) -> String {
    if a.count != b.count { return "lengths \(a.count) vs \(b.count)" }
    guard let index = a.indices.first(where: { !identical(a[$0], b[$0]) }) else { return "none" }
    return "index \(index): \(a[index]) vs \(b[index])"
}

/// SQL ordering of two non-null scalars of one type: doubles put NaN above everything and treat
/// -0.0 as 0.0; strings and binary compare bytes; booleans false < true.
func sqlOrder(_ a: Scalar, _ b: Scalar) -> Int {
    func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
    switch (a, b) {
    case let (.boolean(x), .boolean(y)): return sign(x ? 1 : 0, y ? 1 : 0)
    case let (.int32(x), .int32(y)), let (.date(x), .date(y)): return sign(x, y)
    case let (.int64(x), .int64(y)), let (.timestamp(x), .timestamp(y)): return sign(x, y)
    case let (.decimal(x, _, _), .decimal(y, _, _)): return sign(x, y)
    case let (.float64(x), .float64(y)):
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return sign(x, y)
    case let (.string(x), .string(y)): return byteOrder(Array(x.utf8), Array(y.utf8))
    case let (.binary(x), .binary(y)): return byteOrder(x, y)
    default: fatalError("sqlOrder of \(a) and \(b)")
    }
}

private func byteOrder(_ x: [UInt8], _ y: [UInt8]) -> Int {
    for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
}
