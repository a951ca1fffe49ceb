@testable import DataFlow
import Testing

/// Differences from Spark found by the tests and left for a design decision. Each is a known issue:
/// the test passes while the difference stays, and fails (asking to drop `withKnownIssue`) once it
/// is fixed.
@Suite("API: known differences from Spark")
struct KnownIssueTests {
    @Test("integer literals in decimal arithmetic take their narrowest decimal type, as in Spark")
    func integerLiteralsInDecimalArithmetic() throws {
        let frame = try Session(parallelism: 1).createDataFrame(
            rows: [[.decimal(unscaled: 100, precision: 12, scale: 2)]], schema: Schema([Field("d", .decimal(precision: 12, scale: 2))]))
        // Spark types the literals 3 and 2 as decimal(1,0) (literalPickMinimumPrecision, on by
        // default), so d / 3 is decimal(16,6) = 0.333333 and d * 2 is decimal(14,2). DataFlow types
        // every int literal as decimal(10,0): decimal(23,13) = 0.3333333333333 and decimal(23,2).
        withKnownIssue("int literals in decimal arithmetic are typed as decimal(10,0)") { () throws in
            let divided = try frame.select((col("d") / 3).alias("q"), (col("d") * 2).alias("p"))
            #expect(divided.schema.fields.map(\.type) == [.decimal(precision: 16, scale: 6), .decimal(precision: 14, scale: 2)])
            #expect(try divided.collect()[0].values == [.decimal(unscaled: 333_333, precision: 16, scale: 6), .decimal(unscaled: 200, precision: 14, scale: 2)])
        }
    }

    @Test("'.' casts to 0 as an integer, as in Spark")
    func lonePointAsInteger() throws {
        let column = try Column.from([".", "-.", "+."].map(Scalar.string), type: .string)
        // Spark's UTF8String.toLong accepts a sign and a point without digits (the fraction is
        // only validated): all three are 0. DataFlow requires a digit.
        withKnownIssue("'.' and '-.' cast to null instead of 0") { () throws in
            #expect(try cast(column, to: .int64, options: CastOptions(strict: false, timeZone: .utc)).scalars == [0, 0, 0].map(int64))
        }
    }

    @Test("show measures East Asian wide characters as two columns, as Spark does")
    func wideCharactersInShow() throws {
        let frame = try Session(parallelism: 1).createDataFrame(rows: [[.string("日本")]], schema: Schema([Field("t", .string)]))
        // Spark pads by Utils.stringHalfWidth (full-width characters count 2), DataFlow by characters.
        withKnownIssue("show pads by character count") { () throws in
            #expect(try frame.showString() == "+----+\n|   t|\n+----+\n|日本|\n+----+\n")
        }
    }
}
