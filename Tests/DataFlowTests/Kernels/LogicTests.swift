@testable import DataFlow
import Testing

@Suite("Kernels: three-valued logic")
struct LogicTests {
    static let truthValues: [Bool?] = [true, false, nil]

    /// SQL's AND / OR / NOT over true, false and unknown.
    static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        if a == nil || b == nil { return nil }
        return true
    }

    static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        if a == nil || b == nil { return nil }
        return false
    }

    @Test("AND and OR truth tables, for columns and constants on either side")
    func truthTables() throws {
        let pairs = Self.truthValues.flatMap { a in Self.truthValues.map { b in (a, b) } }
        let left = try Column.from(pairs.map { boolean($0.0) }, type: .boolean)
        let right = try Column.from(pairs.map { boolean($0.1) }, type: .boolean)
        #expect(logical(.and, Datum(left), Datum(right), count: 9).scalars == pairs.map { boolean(Self.and($0, $1)) })
        #expect(logical(.or, Datum(left), Datum(right), count: 9).scalars == pairs.map { boolean(Self.or($0, $1)) })
        for constant in Self.truthValues {
            let datum = try Datum.constant(boolean(constant), type: .boolean)
            let column = try Column.from(Self.truthValues.map(boolean), type: .boolean)
            for (op, reference) in [(BinaryOperator.and, Self.and), (.or, Self.or)] {
                let expected = Self.truthValues.map { boolean(reference(constant, $0)) }
                #expect(logical(op, datum, Datum(column), count: 3).scalars == expected, "\(constant as Any) \(op.rawValue) column")
                #expect(logical(op, Datum(column), datum, count: 3).scalars == expected, "column \(op.rawValue) \(constant as Any)")
            }
        }
    }

    @Test("AND, OR and NOT over random sliced columns")
    func randomColumns() throws {
        try Fixtures.everyCase(seed: 61) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            let a = Fixtures.scalars(.boolean, length: testCase.length, nullDensity: testCase.nullDensity, &random)
            let b = Fixtures.scalars(.boolean, length: testCase.length, nullDensity: testCase.nullDensity, &random)
            let left = try Fixtures.column(a, type: .boolean, offset: testCase.offset, &random)
            let right = try Fixtures.column(b, type: .boolean, offset: 0, &random)
            func flag(_ value: Scalar) -> Bool? { if case let .boolean(x) = value { return x } else { return nil } }
            let n = testCase.length
            #expect(logical(.and, Datum(left), Datum(right), count: n).scalars == zip(a, b).map { boolean(Self.and(flag($0), flag($1))) }, "\(testCase)")
            #expect(logical(.or, Datum(left), Datum(right), count: n).scalars == zip(a, b).map { boolean(Self.or(flag($0), flag($1))) }, "\(testCase)")
            #expect(logicalNot(left).scalars == a.map { boolean(flag($0).map { !$0 }) }, "NOT, \(testCase)")
            #expect(nullTest(left, negated: false).scalars == a.map { .boolean($0.isNull) }, "IS NULL, \(testCase)")
            #expect(nullTest(left, negated: true).scalars == a.map { .boolean(!$0.isNull) }, "IS NOT NULL, \(testCase)")
        }
    }

    @Test("constant booleans cover every bit")
    func constants() {
        for count in [0, 1, 8, 9, 64, 65] {
            #expect(constantBooleans(true, count: count).scalars == Array(repeating: .boolean(true), count: count))
            #expect(constantBooleans(false, count: count).scalars == Array(repeating: .boolean(false), count: count))
        }
    }
}
