@testable import DataFlow
import Testing

@Suite("Kernels: cast")
struct CastTests {
    static let options = CastOptions(strict: false, timeZone: .utc)

    static func cast(_ values: [Scalar], _ from: DataType, to: DataType) throws -> [Scalar] {
        try DataFlow.cast(try Column.from(values, type: from), to: to, options: options).scalars
    }

    static func castStrings(_ texts: [String?], to type: DataType) throws -> [Scalar] {
        try cast(texts.map { $0.map(Scalar.string) ?? .null }, .string, to: type)
    }

    @Test("every type survives a round trip through string",
          arguments: [DataType.boolean, .int32, .int64, .float64, .decimal(precision: 10, scale: 2),
                      .decimal(precision: 30, scale: 4), .date, .timestamp])
    func roundTripThroughString(type: DataType) throws {
        try Fixtures.everyColumn(type, seed: 11) { testCase, values, column, random in
            let text = try DataFlow.cast(column, to: .string, options: Self.options)
            let back = try DataFlow.cast(text, to: type, options: Self.options).scalars
            #expect(identical(back, values), "\(type), \(testCase): \(firstDifference(back, values))")
        }
    }

    @Test("integers and decimals survive widening and narrowing back")
    func numericRoundTrips() throws {
        try Fixtures.everyCase(seed: 12) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            let ints = Fixtures.scalars(.int32, length: testCase.length, nullDensity: testCase.nullDensity, &random)
            let column = try Fixtures.column(ints, type: .int32, offset: testCase.offset, &random)
            for wide in [DataType.int64, .float64, .decimal(precision: 12, scale: 2), .decimal(precision: 38, scale: 10)] {
                let there = try DataFlow.cast(column, to: wide, options: Self.options)
                let back = try DataFlow.cast(there, to: .int32, options: Self.options).scalars
                #expect(identical(back, ints), "int32 → \(wide) → int32, \(testCase): \(firstDifference(back, ints))")
            }
        }
    }

    @Test("decimals widen to types that hold every value (more integer and fraction digits) exactly, at any offset")
    func decimalWidening() throws {
        try Fixtures.everyCase(seed: 13) { testCase in
            var random = SeededRandom(seed: testCase.seed)
            for (from, to) in [(DataType.decimal(precision: 10, scale: 2), DataType.decimal(precision: 12, scale: 4)),
                               (.decimal(precision: 18, scale: 2), .decimal(precision: 28, scale: 2)),
                               (.decimal(precision: 30, scale: 4), .decimal(precision: 38, scale: 8))] {
                let values = Fixtures.scalars(from, length: testCase.length, nullDensity: testCase.nullDensity, &random)
                let column = try Fixtures.column(values, type: from, offset: testCase.offset, &random)
                let widened = try DataFlow.cast(column, to: to, options: Self.options).scalars
                guard case let .decimal(precision, scale) = to, case let .decimal(_, fromScale) = from else { continue }
                var factor: Int128 = 1
                for _ in 0..<(scale - fromScale) { factor *= 10 }
                let expected = values.map { value -> Scalar in
                    guard case let .decimal(unscaled, _, _) = value else { return value }
                    return .decimal(unscaled: unscaled * factor, precision: precision, scale: scale)
                }
                #expect(identical(widened, expected), "\(from) → \(to), \(testCase): \(firstDifference(widened, expected))")
            }
        }
    }

    @Test("doubles print as Java's Double.toString does")
    func doubleToString() throws {
        let cases: [(Double, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (100, "100.0"), (0.001, "0.001"), (9_999_999, "9999999.0"),
            (1.5, "1.5"), (-2.25, "-2.25"), (0.0001, "1.0E-4"), (-0.0001, "-1.0E-4"), (1.5e-5, "1.5E-5"),
            (1e7, "1.0E7"), (123_456_789, "1.23456789E8"), (1e16, "1.0E16"), (1.25e22, "1.25E22"),
            (.greatestFiniteMagnitude, "1.7976931348623157E308"), (.nan, "NaN"), (.infinity, "Infinity"),
            (-.infinity, "-Infinity"), (12_345_678.9, "1.23456789E7"), (0.00123, "0.00123"),
        ]
        let texts = try Self.cast(cases.map { .float64($0.0) }, .float64, to: .string)
        for ((value, expected), text) in zip(cases, texts) {
            #expect(text == .string(expected), "cast(\(value) as string)")
        }
    }

    @Test("strings to numbers follow Spark's rules")
    func stringsToNumbers() throws {
        let texts: [String?] = [" 42 ", "+5", "-17", "1.9", "-1.9", "5.", ".5", "1e3", "abc", "", "2147483648", nil]
        #expect(try Self.castStrings(texts, to: .int32) == [42, 5, -17, 1, -1, 5, 0, nil, nil, nil, nil, nil].map(int32))
        #expect(try Self.castStrings(["9223372036854775807", "9223372036854775808", "-9223372036854775808"], to: .int64)
            == [.int64(.max), .null, .int64(.min)])
        let doubles = try Self.castStrings(["1.5", " 2 ", "1e3", "-2.5e-1", "NaN", "Infinity", "-Infinity", "+Infinity"], to: .float64)
        #expect(identical(doubles, [1.5, 2, 1000, -0.25, .nan, .infinity, -.infinity, .infinity].map(Scalar.float64)))
        // Java's Double.parseDouble takes "[+-]NaN", "[+-]Infinity" and d/f suffixes; Spark then
        // accepts "inf", "infinity" (signed) and "nan" in any case, and nothing else.
        let words = try Self.castStrings(["inf", "-inf", "+INF", "nan", "NAN", "-nan", "-NaN", "+NaN", "infinity", "-Infinity",
                                          "0x10", "1.5d", "2F", "1e", "i", "-", "nana", "1e5x"], to: .float64)
        let expected: [Double?] = [.infinity, -.infinity, .infinity, .nan, .nan, nil, .nan, .nan, .infinity, -.infinity,
                                   nil, 1.5, 2, nil, nil, nil, nil, nil]
        #expect(identical(words, expected.map(float64)), "\(words)")
    }

    @Test("strings to decimals round half up, exponents included")
    func stringsToDecimals() throws {
        let type = DataType.decimal(precision: 12, scale: 2)
        let texts: [String?] = ["1.005", "-1.005", "2.675", "0.125", " 3.5 ", "1e3", "1.234e1", "-1.2345E2", "12345e-4",
                                "5.", ".5", "99999999.99", "99999999999.99", "1.2.3", "e5", "+"]
        let expected: [Int128?] = [101, -101, 268, 13, 350, 100_000, 1234, -12_345, 123, 500, 50, 9_999_999_999, nil, nil, nil, nil]
        #expect(try Self.castStrings(texts, to: type) == expected.map { $0.map { .decimal(unscaled: $0, precision: 12, scale: 2) } ?? .null })
        // Exponents far out of range: too large is null, too small rounds to zero (no overflow trap).
        let wide = DataType.decimal(precision: 38, scale: 0)
        let extremes = try Self.castStrings(["1e37", "1e38", "1e50", "1e999999999", "1e-99999", "0e5", "-0.4", "9.5e37", "1e1.5", "1e+2"], to: wide)
        let extremeValues: [Int128?] = [powerOfTen(37), nil, nil, nil, 0, 0, 0, 95 * powerOfTen(36), nil, 100]
        #expect(extremes == extremeValues.map { $0.map { .decimal(unscaled: $0, precision: 38, scale: 0) } ?? .null }, "\(extremes)")
    }

    @Test("strings to dates and timestamps")
    func stringsToDatesAndTimestamps() throws {
        let dates = try Self.castStrings(["2024-02-29", "2023-02-29", "2024-1-5", "2024-01-15 10:20:30", "2024-01-15Tx", "2024", "2024-03",
                                          " 1970-01-01 ", "2024-13-01", "x", "+1970-01-02", "-0001-12-31", "2024 01", "2024-03T1", "123", "12345678"], to: .date)
        #expect(dates == [19_782, nil, 19_727, 19_737, 19_737, 19_723, 19_783, 0, nil, nil, 1, -719_529, nil, nil, nil, nil]
            .map { $0.map { Scalar.date(Int32($0)) } ?? .null }, "\(dates)")
        let timestamps = try Self.castStrings(["1970-01-01 00:00:01", "1970-01-01T00:00:00.5", "1970-01-02", "1970-01-01 01:00:00+01:00",
                                               "1970-01-01T00:00:00Z", "1970-01-01 24:00:00", "1969-12-31 23:59:59.999999"], to: .timestamp)
        #expect(timestamps == [1_000_000, 500_000, 86_400_000_000, 0, 0, nil, -1].map { $0.map { Scalar.timestamp(Int64($0)) } ?? .null })
        // Spark reads years of up to 7 digits; those beyond Int64 microseconds are null, not a trap.
        #expect(try Self.castStrings(["2147483648", "9999999-12-31 00:00:00", "-9999999-01-01", "294247-01-01"], to: .timestamp)
            == [.null, .null, .null, .timestamp(Int64(daysFromCivil(year: 294_247, month: 1, day: 1)) * microsPerDay)])
        let farDates = try Self.castStrings(["2147483", "-2147483", "1970-01-02"], to: .date)
        #expect(try DataFlow.cast(try Column.from(farDates, type: .date), to: .timestamp, options: Self.options).scalars
            == [.null, .null, .timestamp(86_400_000_000)])
    }

    @Test("timestamps to numbers: whole seconds (floored) for integers, fractions for doubles and decimals")
    func timestampsToNumbers() throws {
        let micros: [Scalar] = [.timestamp(1_500_000), .timestamp(-1_500_000), .timestamp(500), .timestamp(0), .null]
        #expect(try Self.cast(micros, .timestamp, to: .int64) == [1, -2, 0, 0, nil].map(int64))
        #expect(try Self.cast(micros, .timestamp, to: .int32) == [1, -2, 0, 0, nil].map(int32))
        #expect(try Self.cast(micros, .timestamp, to: .float64) == [1.5, -1.5, 0.0005, 0, nil].map(float64))
        let decimals = try Self.cast(micros, .timestamp, to: .decimal(precision: 10, scale: 3))
        let expected: [Int128?] = [1500, -1500, 1, 0, nil]
        #expect(decimals == expected.map { $0.map { Scalar.decimal(unscaled: $0, precision: 10, scale: 3) } ?? .null })
        // Spark tests the microseconds: any instant but the epoch is true.
        #expect(try Self.cast(micros, .timestamp, to: .boolean) == [true, true, true, false, nil].map(boolean))
    }

    @Test("booleans to timestamps are 1 or 0 microseconds, as in Spark")
    func booleansToTimestamps() throws {
        #expect(try Self.cast([true, false, nil].map(boolean), .boolean, to: .timestamp) == [.timestamp(1), .timestamp(0), .null])
    }

    @Test("doubles to decimals round the shortest decimal text half up, as Spark's Decimal(Double) does")
    func doublesToDecimals() throws {
        let values: [Double] = [1.005, -1.005, 2.675, 0.125, 1e-5, 12345.675, 1e20, .nan, .infinity]
        let expected: [Int128?] = [101, -101, 268, 13, 0, 1_234_568, nil, nil, nil]
        let decimals = try Self.cast(values.map(Scalar.float64), .float64, to: .decimal(precision: 12, scale: 2))
        #expect(decimals == expected.map { $0.map { .decimal(unscaled: $0, precision: 12, scale: 2) } ?? .null })
        // The fast path (no text) agrees with rounding the shortest text, ties included.
        var random = SeededRandom(seed: 13)
        for round in 0..<20_000 {
            let scale = random.below(6)
            let value = Double(random.int(in: -10_000_000...10_000_000)) / Double(powerOfTen(random.below(7))) + (random.chance(0.3) ? 5e-4 : 0)
            var text = "\(value)"
            let reference = text.withUTF8 { TextParsing.decimal($0, precision: 38, scale: scale) }
            #expect(decimalFromDouble(value, scale: scale) == reference, "round \(round): \(value) at scale \(scale)")
        }
    }

    @Test("integer narrowing wraps, doubles truncate and saturate")
    func numericConversions() throws {
        #expect(try Self.cast([.int64(4_294_967_297), .int64(-2_147_483_649), .null], .int64, to: .int32) == [1, 2_147_483_647, nil].map(int32))
        #expect(try Self.cast([2.9, -2.9, .nan, 1e20, -1e20].map(Scalar.float64), .float64, to: .int32)
            == [2, -2, 0, Int32.max, Int32.min].map { .int32($0) })
        #expect(try Self.cast([.decimal(unscaled: -299, precision: 10, scale: 2)], .decimal(precision: 10, scale: 2), to: .int64) == [.int64(-2)])
        #expect(try Self.cast([.decimal(unscaled: 125, precision: 10, scale: 2), .decimal(unscaled: -125, precision: 10, scale: 2)],
                              .decimal(precision: 10, scale: 2), to: .decimal(precision: 5, scale: 1))
            == [.decimal(unscaled: 13, precision: 5, scale: 1), .decimal(unscaled: -13, precision: 5, scale: 1)])
    }

    @Test("numbers to booleans: zero is false")
    func numbersToBooleans() throws {
        #expect(try Self.cast([0.0, -0.0, 2.5, .nan].map(Scalar.float64), .float64, to: .boolean) == [false, false, true, true].map(boolean))
        #expect(try Self.cast([0, 7, nil].map(int64), .int64, to: .boolean) == [false, true, nil].map(boolean))
        #expect(try Self.cast([0, -3, nil].map(int32), .int32, to: .boolean) == [false, true, nil].map(boolean))
        #expect(try Self.cast([.decimal(unscaled: 0, precision: 10, scale: 2), .decimal(unscaled: 1, precision: 10, scale: 2)],
                              .decimal(precision: 10, scale: 2), to: .boolean) == [false, true].map(boolean))
    }

    // Kernels see one batch, so the value (not a row number within the batch) identifies the input.
    @Test("strict casts throw naming the value and the target type")
    func strictCast() throws {
        let column = try Column.from(["1", "x"].map(Scalar.string), type: .string)
        #expect {
            try DataFlow.cast(column, to: .int32, options: CastOptions(strict: true, timeZone: .utc))
        } throws: { error in
            let text = "\(error)"
            return text.contains("'x'") && text.contains("integer")
        }
    }
}

func int32(_ value: Int?) -> Scalar { value.map { .int32(Int32($0)) } ?? .null }
func int64(_ value: Int?) -> Scalar { value.map { .int64(Int64($0)) } ?? .null }
func float64(_ value: Double?) -> Scalar { value.map(Scalar.float64) ?? .null }
func boolean(_ value: Bool?) -> Scalar { value.map(Scalar.boolean) ?? .null }
