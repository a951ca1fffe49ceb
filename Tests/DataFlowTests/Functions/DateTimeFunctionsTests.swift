@testable import DataFlow
import Foundation
import Testing

// Expected values come from Python's datetime and zoneinfo (tzdata 2025) unless derived by hand in
// a comment. The suite runs under TZ=America/Los_Angeles: UTC sessions prove the machine's zone
// never leaks in, Los Angeles sessions exercise DST (gap 2025-03-09 02:00-03:00, overlap
// 2025-11-02 01:00-02:00).

/// A session in `zone` with two partitions, so that results cross partition boundaries.
private func session(_ zone: String, ansi: Bool = false) throws -> Session {
    try Session(parallelism: 2, timeZone: zone, ansiMode: ansi)
}

/// `values` as column `v` of `type`, through `expression`, collected in order.
private func evaluate(_ session: Session, _ type: DataType, _ values: [Scalar], _ expression: (Expr) -> Expr) throws -> [Scalar] {
    let frame = try session.createDataFrame(rows: values.map { [$0] }, schema: Schema([Field("v", type)]))
    return try frame.select(expression(col("v"))).collect().map { $0[0] }
}

/// Strings through `expression`.
private func evaluate(_ session: Session, strings: [String?], _ expression: (Expr) -> Expr) throws -> [Scalar] {
    try evaluate(session, .string, strings.map { $0.map(Scalar.string) ?? .null }, expression)
}

/// Microseconds since the epoch of a UTC wall time (pure calendar arithmetic, no zones).
private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
                 _ micros: Int = 0) -> Int64 {
    Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000_000
        + Int64(hour * 3600 + minute * 60 + second) * 1_000_000 + Int64(micros)
}

/// Days since the epoch of a date.
private func day(_ year: Int, _ month: Int, _ day: Int) -> Scalar { .date(Int32(daysFromCivil(year: year, month: month, day: day))) }

/// Whether `body` throws a `DataFlowError` of `category` whose description contains every part.
private func throwsError(_ category: DataFlowError.Category, containing parts: [String], _ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as DataFlowError {
        return error.category == category && parts.allSatisfy { error.description.contains($0) }
    } catch {
        return false
    }
}

@Suite("DateTime functions")
struct DateTimeFunctionsTests {
    // MARK: Fields

    /// (UTC instant in microseconds, fields in UTC, fields in Los Angeles); fields are year, quarter,
    /// month, dayofmonth, dayofyear, dayofweek, weekofyear, hour, minute, second.
    static let fieldCases: [(Int64, [Int32], [Int32])] = [
        // 01:59:59 PST, then 03:00:00 PDT one second later (spring forward).
        (1_741_514_399_000_000, [2025, 1, 3, 9, 68, 1, 10, 9, 59, 59], [2025, 1, 3, 9, 68, 1, 10, 1, 59, 59]),
        (1_741_514_400_000_000, [2025, 1, 3, 9, 68, 1, 10, 10, 0, 0], [2025, 1, 3, 9, 68, 1, 10, 3, 0, 0]),
        // 01:30 PDT and 01:30 PST an hour later (fall back).
        (1_762_072_200_000_000, [2025, 4, 11, 2, 306, 1, 44, 8, 30, 0], [2025, 4, 11, 2, 306, 1, 44, 1, 30, 0]),
        (1_762_075_800_000_000, [2025, 4, 11, 2, 306, 1, 44, 9, 30, 0], [2025, 4, 11, 2, 306, 1, 44, 1, 30, 0]),
        // Year ends: 2020-12-31 is ISO week 53, so are 2021-01-01..03; 2021-01-04 is week 1.
        (1_609_457_400_000_000, [2020, 4, 12, 31, 366, 5, 53, 23, 30, 0], [2020, 4, 12, 31, 366, 5, 53, 15, 30, 0]),
        (1_609_477_200_000_000, [2021, 1, 1, 1, 1, 6, 53, 5, 0, 0], [2020, 4, 12, 31, 366, 5, 53, 21, 0, 0]),
        (1_609_675_200_000_000, [2021, 1, 1, 3, 3, 1, 53, 12, 0, 0], [2021, 1, 1, 3, 3, 1, 53, 4, 0, 0]),
        (1_609_747_199_000_000, [2021, 1, 1, 4, 4, 2, 1, 7, 59, 59], [2021, 1, 1, 3, 3, 1, 53, 23, 59, 59]),
        (1_609_747_200_000_000, [2021, 1, 1, 4, 4, 2, 1, 8, 0, 0], [2021, 1, 1, 4, 4, 2, 1, 0, 0, 0]),
        // Leap day; the last microsecond of a leap year (whose Dec 31 is in ISO week 1 of 2025).
        (1_709_208_000_000_000, [2024, 1, 2, 29, 60, 5, 9, 12, 0, 0], [2024, 1, 2, 29, 60, 5, 9, 4, 0, 0]),
        (1_735_689_599_999_999, [2024, 4, 12, 31, 366, 3, 1, 23, 59, 59], [2024, 4, 12, 31, 366, 3, 1, 15, 59, 59]),
        // Before the epoch: half a second before, and 1900 (not a leap year) in both zones.
        (-500_000, [1969, 4, 12, 31, 365, 4, 1, 23, 59, 59], [1969, 4, 12, 31, 365, 4, 1, 15, 59, 59]),
        (-2_203_891_200_000_000, [1900, 1, 3, 1, 60, 5, 9, 0, 0, 0], [1900, 1, 2, 28, 59, 4, 9, 16, 0, 0]),
        // Random instants between 1901 and 2099 (seed 20250309).
        (3_398_649_256_366_030, [2077, 3, 9, 12, 255, 1, 36, 5, 14, 16], [2077, 3, 9, 11, 254, 7, 36, 22, 14, 16]),
        (-1_081_548_476_211_709, [1935, 3, 9, 24, 267, 3, 39, 1, 52, 3], [1935, 3, 9, 23, 266, 2, 39, 17, 52, 3]),
        (3_913_727_622_647_808, [2094, 1, 1, 7, 7, 5, 1, 18, 33, 42], [2094, 1, 1, 7, 7, 5, 1, 10, 33, 42]),
        (2_241_306_694_600_127, [2041, 1, 1, 9, 9, 4, 2, 1, 11, 34], [2041, 1, 1, 8, 8, 3, 2, 17, 11, 34]),
        (2_603_999_241_422_989, [2052, 3, 7, 7, 189, 1, 27, 21, 7, 21], [2052, 3, 7, 7, 189, 1, 27, 14, 7, 21]),
        (89_969_912_666_201, [1972, 4, 11, 7, 312, 3, 45, 7, 38, 32], [1972, 4, 11, 6, 311, 2, 45, 23, 38, 32]),
        (-141_998_745_505_898, [1965, 3, 7, 2, 183, 6, 26, 11, 54, 14], [1965, 3, 7, 2, 183, 6, 26, 4, 54, 14]),
        (2_639_272_991_867_344, [2053, 3, 8, 20, 232, 4, 34, 3, 23, 11], [2053, 3, 8, 19, 231, 3, 34, 20, 23, 11]),
        (3_112_795_757_443_757, [2068, 3, 8, 21, 234, 3, 34, 17, 29, 17], [2068, 3, 8, 21, 234, 3, 34, 10, 29, 17]),
        (-300_113_631_250_677, [1960, 2, 6, 28, 180, 3, 26, 11, 6, 8], [1960, 2, 6, 28, 180, 3, 26, 4, 6, 8]),
        (2_352_327_638_103_780, [2044, 3, 7, 17, 199, 1, 28, 0, 20, 38], [2044, 3, 7, 16, 198, 7, 28, 17, 20, 38]),
        (-1_758_919_286_128_431, [1914, 2, 4, 7, 97, 3, 15, 3, 18, 33], [1914, 2, 4, 6, 96, 2, 15, 19, 18, 33]),
        (-581_383_402_922_750, [1951, 3, 7, 31, 212, 3, 31, 0, 36, 37], [1951, 3, 7, 30, 211, 2, 31, 17, 36, 37]),
        (-180_369_839_224_605, [1964, 2, 4, 14, 105, 3, 16, 9, 16, 0], [1964, 2, 4, 14, 105, 3, 16, 1, 16, 0]),
        (196_164_479_256_827, [1976, 1, 3, 20, 80, 7, 12, 10, 7, 59], [1976, 1, 3, 20, 80, 7, 12, 2, 7, 59]),
        (928_094_453_532_317, [1999, 2, 5, 30, 150, 1, 21, 20, 0, 53], [1999, 2, 5, 30, 150, 1, 21, 13, 0, 53]),
        (3_881_505_794_119_569, [2092, 4, 12, 30, 365, 3, 1, 20, 3, 14], [2092, 4, 12, 30, 365, 3, 1, 12, 3, 14]),
        (3_121_340_108_662_250, [2068, 4, 11, 28, 333, 4, 48, 14, 55, 8], [2068, 4, 11, 28, 333, 4, 48, 6, 55, 8]),
        (-2_037_788_596_320_151, [1905, 2, 6, 5, 156, 2, 23, 11, 36, 43], [1905, 2, 6, 5, 156, 2, 23, 3, 36, 43]),
        (1_330_189_095_185_257, [2012, 1, 2, 25, 56, 7, 8, 16, 58, 15], [2012, 1, 2, 25, 56, 7, 8, 8, 58, 15]),
        (-376_964_458_761_783, [1958, 1, 1, 20, 20, 2, 4, 23, 39, 1], [1958, 1, 1, 20, 20, 2, 4, 15, 39, 1]),
        (-1_057_240_776_676_385, [1936, 3, 7, 1, 183, 4, 27, 10, 0, 23], [1936, 3, 7, 1, 183, 4, 27, 2, 0, 23]),
        (2_313_056_760_115_363, [2043, 2, 4, 19, 109, 1, 16, 11, 46, 0], [2043, 2, 4, 19, 109, 1, 16, 4, 46, 0]),
        (3_455_660_014_468_417, [2079, 3, 7, 4, 185, 3, 27, 1, 33, 34], [2079, 3, 7, 3, 184, 2, 27, 18, 33, 34]),
    ]

    static let fieldFunctions: [(String, @Sendable (Expr) -> Expr)] = [
        ("year", Expr.year), ("quarter", Expr.quarter), ("month", Expr.month), ("dayofmonth", Expr.dayOfMonth),
        ("dayofyear", Expr.dayOfYear), ("dayofweek", Expr.dayOfWeek), ("weekofyear", Expr.weekOfYear),
        ("hour", Expr.hour), ("minute", Expr.minute), ("second", Expr.second),
    ]

    @Test("every field of timestamps, in UTC and in Los Angeles, through the DataFrame API", arguments: ["UTC", "America/Los_Angeles"])
    func timestampFields(zone: String) throws {
        let frame = try session(zone).createDataFrame(rows: Self.fieldCases.map { [.timestamp($0.0)] } + [[.null]],
                                                      schema: Schema([Field("ts", .timestamp)]))
        let result = try frame.select(Self.fieldFunctions.map { $0.1(col("ts")) })
        #expect(result.columns == Self.fieldFunctions.map { "\($0.0)(ts)" })
        #expect(result.schema.fields.allSatisfy { $0.type == .int32 })
        let rows = try result.collect()
        #expect(rows.count == Self.fieldCases.count + 1)
        for (row, (micros, utcFields, laFields)) in zip(rows, Self.fieldCases) {
            let expected = (zone == "UTC" ? utcFields : laFields).map(Scalar.int32)
            #expect(row.values == expected, "\(zone) \(micros)")
        }
        #expect(rows.last?.values == Array(repeating: .null, count: Self.fieldFunctions.count))
    }

    /// (date, [year, quarter, month, dayofmonth, dayofyear, dayofweek, weekofyear]).
    static let dateCases: [(Scalar, [Int32])] = [
        (day(2020, 12, 31), [2020, 4, 12, 31, 366, 5, 53]),
        (day(2021, 1, 3), [2021, 1, 1, 3, 3, 1, 53]),
        (day(2021, 1, 4), [2021, 1, 1, 4, 4, 2, 1]),
        (day(2019, 12, 30), [2019, 4, 12, 30, 364, 2, 1]),
        (day(2026, 12, 31), [2026, 4, 12, 31, 365, 5, 53]),
        (day(2027, 1, 3), [2027, 1, 1, 3, 3, 1, 53]),
        (day(2024, 2, 29), [2024, 1, 2, 29, 60, 5, 9]),
        (day(2000, 2, 29), [2000, 1, 2, 29, 60, 3, 9]),
        (day(1900, 2, 28), [1900, 1, 2, 28, 59, 4, 9]),
        (day(1900, 3, 1), [1900, 1, 3, 1, 60, 5, 9]),
        (day(1969, 12, 31), [1969, 4, 12, 31, 365, 4, 1]),
        (day(1583, 1, 1), [1583, 1, 1, 1, 1, 7, 52]),
        (day(1, 1, 1), [1, 1, 1, 1, 1, 2, 1]),
    ]

    @Test("date fields: leap years, ISO week year boundaries, days before 1970")
    func dateFields() throws {
        let functions = Array(Self.fieldFunctions.prefix(7))
        for zone in ["UTC", "America/Los_Angeles"] {
            let frame = try session(zone).createDataFrame(rows: Self.dateCases.map { [$0.0] } + [[.null]],
                                                          schema: Schema([Field("d", .date)]))
            let rows = try frame.select(functions.map { $0.1(col("d")) }).collect()
            for (row, (date, expected)) in zip(rows, Self.dateCases) {
                #expect(row.values == expected.map(Scalar.int32), "\(zone) \(date)")
            }
            #expect(rows.last?.values == Array(repeating: .null, count: functions.count))
        }
        // A date's hour, minute and second are those of its midnight.
        #expect(try evaluate(session("America/Los_Angeles"), .date, [day(2025, 3, 9)]) { Expr.hour($0) } == [.int32(0)])
    }

    @Test("date fields of every day from 1800 to 2200 agree with a day-by-day count")
    func dateFieldsAgainstReference() throws {
        // Reference: walk the calendar one day at a time from 1800-01-01, a Wednesday.
        var year = 1800, month = 1, dayOfMonth = 1, dayOfYear = 1, weekday = 3 // ISO: Monday = 1
        var dates: [Scalar] = []
        var expected: [[Int32]] = []
        let first = daysFromCivil(year: 1800, month: 1, day: 1), last = daysFromCivil(year: 2200, month: 12, day: 31)
        /// The Monday of ISO week 1 of `year`: the Monday on or before January 4.
        func weekOneMonday(_ year: Int) -> Int {
            let january4 = daysFromCivil(year: year, month: 1, day: 4)
            let offset = ((january4 - first) % 7 + 7) % 7
            let weekdayOfJanuary4 = (offset + 2) % 7 + 1 // 1800-01-01 was a Wednesday
            return january4 - (weekdayOfJanuary4 - 1)
        }
        for days in first...last {
            let start = weekOneMonday(year), next = weekOneMonday(year + 1)
            let week = days < start ? (days - weekOneMonday(year - 1)) / 7 + 1 : (days >= next ? 1 : (days - start) / 7 + 1)
            dates.append(.date(Int32(days)))
            expected.append([Int32(year), Int32((month - 1) / 3 + 1), Int32(month), Int32(dayOfMonth), Int32(dayOfYear),
                             Int32(weekday % 7 + 1), Int32(week)])
            weekday = weekday % 7 + 1
            dayOfYear += 1
            dayOfMonth += 1
            let length = month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            if dayOfMonth > length {
                dayOfMonth = 1
                month += 1
                if month > 12 { month = 1; year += 1; dayOfYear = 1 }
            }
        }
        let frame = try session("UTC").createDataFrame(rows: dates.map { [$0] }, schema: Schema([Field("d", .date)]))
        let rows = try frame.select(Self.fieldFunctions.prefix(7).map { $0.1(col("d")) }).collect()
        #expect(rows.count == expected.count)
        var mismatches = 0
        for (index, row) in rows.enumerated() where row.values != expected[index].map(Scalar.int32) {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(dates[index]): \(row.values) != \(expected[index])") }
        }
        #expect(mismatches == 0)
    }

    @Test("field functions read strings by the cast rules; invalid text is null, or an error in ANSI mode")
    func fieldsOfStrings() throws {
        let losAngeles = try session("America/Los_Angeles")
        let texts: [String?] = ["2024-02-29", "2025-03-09 02:30:00", "2025-11-02 01:30:00", "2025-03-09T23:59:59Z", "garbage", nil]
        #expect(try evaluate(losAngeles, strings: texts) { Expr.year($0) } == [.int32(2024), .int32(2025), .int32(2025), .int32(2025), .null, .null])
        // 02:30 does not exist on 2025-03-09 in Los Angeles: it reads as 03:30 PDT.
        #expect(try evaluate(losAngeles, strings: texts) { Expr.hour($0) } == [.int32(0), .int32(3), .int32(1), .int32(16), .null, .null])
        #expect(try evaluate(session("UTC"), strings: texts) { Expr.hour($0) } == [.int32(0), .int32(2), .int32(1), .int32(23), .null, .null])
        #expect(throwsError(.execution, containing: ["garbage"]) {
            _ = try evaluate(try session("UTC", ansi: true), strings: ["2024-01-01", "garbage"]) { Expr.dayOfMonth($0) }
        })
        #expect(throwsError(.analysis, containing: ["year", "must be a date, timestamp or string"]) {
            _ = try evaluate(try session("UTC"), .int64, [.int64(2024)]) { Expr.year($0) }
        })
    }

    // MARK: Parsing

    /// (text, pattern, instant in a UTC session, instant in a Los Angeles session).
    static let parseCases: [(String, String, Int64?, Int64?)] = [
        ("2025-03-09 10:30:00", "yyyy-MM-dd HH:mm:ss", utc(2025, 3, 9, 10, 30), 1_741_541_400_000_000),
        // DST gap: 02:30 moves forward to 03:30 PDT; overlap: 01:30 is the earlier (PDT) instant.
        ("2025-03-09 02:30:00", "yyyy-MM-dd HH:mm:ss", utc(2025, 3, 9, 2, 30), 1_741_516_200_000_000),
        ("2025-11-02 01:30:00", "yyyy-MM-dd HH:mm:ss", utc(2025, 11, 2, 1, 30), 1_762_072_200_000_000),
        ("09/03/2025 14:05", "dd/MM/yyyy HH:mm", utc(2025, 3, 9, 14, 5), 1_741_554_300_000_000),
        ("20250309101112", "yyyyMMddHHmmss", utc(2025, 3, 9, 10, 11, 12), 1_741_540_272_000_000),
        ("2025-3-9", "y-M-d", utc(2025, 3, 9), 1_741_507_200_000_000),
        ("25-03-09", "yy-MM-dd", utc(2025, 3, 9), 1_741_507_200_000_000),
        ("60 2024", "D yyyy", utc(2024, 2, 29), 1_709_193_600_000_000),
        ("2024-02-29 060", "yyyy-MM-dd DDD", utc(2024, 2, 29), 1_709_193_600_000_000),
        ("Mar 9, 2025 2:05 PM", "MMM d, yyyy h:mm a", utc(2025, 3, 9, 14, 5), 1_741_554_300_000_000),
        ("mar 9, 2025 2:05 pm", "MMM d, yyyy h:mm a", utc(2025, 3, 9, 14, 5), 1_741_554_300_000_000),
        ("September 01 2025", "MMMM dd yyyy", utc(2025, 9, 1), 1_756_710_000_000_000),
        ("12:30 AM", "hh:mm a", utc(1970, 1, 1, 0, 30), 30_600_000_000),
        ("12:30 PM", "hh:mm a", utc(1970, 1, 1, 12, 30), 73_800_000_000),
        ("12:30", "hh:mm", utc(1970, 1, 1, 0, 30), 30_600_000_000), // no a: AM, as Spark assumes
        ("12:30", "HH:mm", utc(1970, 1, 1, 12, 30), 73_800_000_000),
        ("24:00", "kk:mm", utc(1970, 1, 1), 28_800_000_000),
        ("2025-02", "yyyy-MM", utc(2025, 2, 1), 1_738_396_800_000_000),
        ("2025-03-09 10:30:00.1", "yyyy-MM-dd HH:mm:ss.SSSSSS", utc(2025, 3, 9, 10, 30, 0, 100_000), 1_741_541_400_100_000),
        ("2025-03-09 10:30:00.123456789", "yyyy-MM-dd HH:mm:ss.SSSSSSSSS", utc(2025, 3, 9, 10, 30, 0, 123_456), 1_741_541_400_123_456),
        ("2025-03-09", "yyyy-MM-dd[ HH:mm:ss]", utc(2025, 3, 9), 1_741_507_200_000_000),
        ("2025-03-09 10:11:12", "yyyy-MM-dd[ HH:mm:ss]", utc(2025, 3, 9, 10, 11, 12), 1_741_540_272_000_000),
        ("Date: 2025-03-09 at 10h", "'Date:' yyyy-MM-dd 'at' HH'h'", utc(2025, 3, 9, 10), 1_741_539_600_000_000),
        ("2025-03-09'10", "yyyy-MM-dd''HH", utc(2025, 3, 9, 10), 1_741_539_600_000_000),
        ("2025年03月09日", "yyyy年MM月dd日", utc(2025, 3, 9), 1_741_507_200_000_000),
        ("+12345-01-01", "yyyy-MM-dd", Int64(3_789_391) * 86_400_000_000, Int64(3_789_391) * 86_400_000_000 + 28_800_000_000),
        // Offsets and zones in the text win over the session zone.
        ("2025-03-09T10:30:00.123+01:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 1_741_512_600_123_000, 1_741_512_600_123_000),
        ("2025-03-09T10:30:00.123Z", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", utc(2025, 3, 9, 10, 30, 0, 123_000), utc(2025, 3, 9, 10, 30, 0, 123_000)),
        ("2025-03-09 10:30 -0800", "yyyy-MM-dd HH:mm XX", 1_741_545_000_000_000, 1_741_545_000_000_000),
        ("2025-03-09 10:30 -08", "yyyy-MM-dd HH:mm X", 1_741_545_000_000_000, 1_741_545_000_000_000),
        ("2025-07-01 12:00:00 +0530", "yyyy-MM-dd HH:mm:ss Z", 1_751_351_400_000_000, 1_751_351_400_000_000),
        ("2025-07-01 12:00:00 GMT+05:30", "yyyy-MM-dd HH:mm:ss ZZZZ", 1_751_351_400_000_000, 1_751_351_400_000_000),
        ("2025-07-01 12:00:00 +00:00", "yyyy-MM-dd HH:mm:ss xxx", utc(2025, 7, 1, 12), utc(2025, 7, 1, 12)),
        ("2025-07-01 12:00:00 Europe/Paris", "yyyy-MM-dd HH:mm:ss VV", 1_751_364_000_000_000, 1_751_364_000_000_000),
        ("2025-03-09 02:30:00 America/New_York", "yyyy-MM-dd HH:mm:ss VV", 1_741_505_400_000_000, 1_741_505_400_000_000),
        ("2025-07-01 12:00:00 UTC", "yyyy-MM-dd HH:mm:ss VV", utc(2025, 7, 1, 12), utc(2025, 7, 1, 12)),
        ("2025-07-01 12:00:00 +05:30", "yyyy-MM-dd HH:mm:ss VV", 1_751_351_400_000_000, 1_751_351_400_000_000),
        // Text that does not match, or names a date or time that does not exist: null.
        ("2025-02-30", "yyyy-MM-dd", nil, nil),
        ("2023-02-29", "yyyy-MM-dd", nil, nil),
        ("2025-13-01", "yyyy-MM-dd", nil, nil),
        ("2025-3-9", "yyyy-MM-dd", nil, nil),
        ("12345-01-01", "yyyy-MM-dd", nil, nil),
        (" 2025-03-09", "yyyy-MM-dd", nil, nil),
        ("2025-03-09x", "yyyy-MM-dd", nil, nil),
        ("2025-03-09 24:00:00", "yyyy-MM-dd HH:mm:ss", nil, nil),
        ("2025-03-09 10:60", "yyyy-MM-dd HH:mm", nil, nil),
        ("13:00 AM", "HH:mm a", nil, nil),
        ("13:00", "hh:mm", nil, nil),
        ("366 2025", "D yyyy", nil, nil),
        ("2025-03-09 10:30 +19:00", "yyyy-MM-dd HH:mm XXX", nil, nil),
        ("2025-03-09 10:30 Mars/Olympus", "yyyy-MM-dd HH:mm VV", nil, nil),
        ("2025-03-09 10:30 Z", "yyyy-MM-dd HH:mm Z", nil, nil),
        ("", "yyyy", nil, nil),
    ]

    @Test("to_timestamp with patterns, in UTC and in Los Angeles", arguments: ["UTC", "America/Los_Angeles"])
    func toTimestampWithPatterns(zone: String) throws {
        let session = try session(zone)
        for (text, pattern, inUTC, inLosAngeles) in Self.parseCases {
            let expected = (zone == "UTC" ? inUTC : inLosAngeles).map(Scalar.timestamp) ?? .null
            let result = try evaluate(session, strings: [text, nil]) { Expr.toTimestamp($0, pattern) }
            #expect(result == [expected, .null], "\(zone): to_timestamp('\(text)', '\(pattern)')")
        }
    }

    @Test("to_timestamp without a pattern casts; dates and timestamps ignore the pattern")
    func toTimestampCasts() throws {
        let losAngeles = try session("America/Los_Angeles")
        #expect(try evaluate(losAngeles, strings: ["2025-03-09 02:30:00", "2025-03-09T10:30:00Z", "2025-03-09", " 2025-03-09 10:30 ", "nope", nil]) {
            Expr.toTimestamp($0)
        } == [.timestamp(1_741_516_200_000_000), .timestamp(utc(2025, 3, 9, 10, 30)), .timestamp(1_741_507_200_000_000),
              .timestamp(1_741_541_400_000_000), .null, .null])
        #expect(try evaluate(losAngeles, .int64, [.int64(1_741_516_200), .null]) { Expr.toTimestamp($0) }
            == [.timestamp(1_741_516_200_000_000), .null])
        #expect(try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.toTimestamp($0, "dd/MM/yyyy") } == [.timestamp(1_741_507_200_000_000)])
        #expect(try evaluate(losAngeles, .timestamp, [.timestamp(7)]) { Expr.toTimestamp($0, "dd/MM/yyyy") } == [.timestamp(7)])
        // Numbers are read as their text, as Spark's implicit cast to string does.
        #expect(try evaluate(session("UTC"), .int64, [.int64(20_250_309)]) { Expr.toTimestamp($0, "yyyyMMdd") } == [.timestamp(utc(2025, 3, 9))])
        // A null pattern gives null.
        #expect(try evaluate(losAngeles, strings: ["2025-03-09"]) { Expr(.function(name: "to_timestamp", arguments: [$0, nullLiteral(.string)])) } == [.null])
    }

    @Test("unparseable text is an error naming the value and the pattern in ANSI mode")
    func parseErrorsInANSIMode() throws {
        let ansi = try Session(parallelism: 1, timeZone: "America/Los_Angeles", ansiMode: true)
        #expect(try evaluate(ansi, strings: ["2025-03-09 02:30", nil]) { Expr.toTimestamp($0, "yyyy-MM-dd HH:mm") }
            == [.timestamp(1_741_516_200_000_000), .null])
        #expect(throwsError(.execution, containing: ["to_timestamp", "'2025-02-30'", "'yyyy-MM-dd'"]) {
            _ = try evaluate(ansi, strings: ["2025-02-28", "2025-02-30"]) { Expr.toTimestamp($0, "yyyy-MM-dd") }
        })
        #expect(throwsError(.execution, containing: ["to_date", "'09.03.2025'", "'dd/MM/yyyy'"]) {
            _ = try evaluate(ansi, strings: ["09.03.2025"]) { Expr.toDate($0, "dd/MM/yyyy") }
        })
        #expect(throwsError(.execution, containing: ["unix_timestamp", "'2025-03-09'", "'yyyy-MM-dd HH:mm:ss'"]) {
            _ = try evaluate(ansi, strings: ["2025-03-09"]) { Expr.unixTimestamp($0) }
        })
        // Without a pattern the cast rules apply, and so does the cast's ANSI error.
        #expect(throwsError(.execution, containing: ["'2025-02-30'", "date"]) {
            _ = try evaluate(ansi, strings: ["2025-02-30"]) { Expr.toDate($0) }
        })
        // The same inputs are null outside ANSI mode.
        #expect(try evaluate(session("America/Los_Angeles"), strings: ["2025-02-30", "09.03.2025"]) { Expr.toDate($0, "dd/MM/yyyy") } == [.null, .null])
    }

    /// (pattern, category, words the message contains).
    static let invalidPatterns: [(String, DataFlowError.Category, String)] = [
        ("yyyy-MM-dd YYYY", .invalidArgument, "week-based"),
        ("yyyy-ww", .invalidArgument, "week-based"),
        ("EEE yyyy-MM-dd", .invalidArgument, "only be used for formatting"),
        ("yyyy QQ", .invalidArgument, "only be used for formatting"),
        ("yyyy-MM-dd 'unterminated", .invalidArgument, "not closed"),
        ("yyyyyyy", .invalidArgument, "too many pattern letters: y"),
        ("MMMMM yyyy", .invalidArgument, "too many pattern letters: M"),
        ("HHH", .invalidArgument, "too many pattern letters: H"),
        ("SSSSSSSSSS", .invalidArgument, "too many pattern letters: S"),
        ("V", .invalidArgument, "count must be 2"),
        ("yyyy bb", .invalidArgument, "unknown pattern letter 'b'"),
        ("yyyy-MM-dd'T'HH:mm:ss[.SSS", .invalidArgument, "'['"),
        ("yyyy]", .invalidArgument, "']'"),
        ("yyyy{MM}", .invalidArgument, "reserved"),
        ("yyyy-MM-dd G", .notImplemented, "'G'"),
        ("yyyy-MM-dd HH:mm z", .notImplemented, "'z'"),
    ]

    @Test("an invalid pattern is an error when the expression is bound, before any row is read")
    func invalidPatterns() throws {
        let frame = try session("UTC").createDataFrame(rows: [["2025-03-09"]], schema: Schema([Field("s", .string)]))
        for (pattern, category, words) in Self.invalidPatterns {
            #expect(throwsError(category, containing: ["to_timestamp", "'\(pattern)'", words]) {
                _ = try frame.select(Expr.toTimestamp(col("s"), pattern))
            }, "\(pattern)")
        }
        #expect(throwsError(.invalidArgument, containing: ["date_format", "week-based"]) {
            _ = try frame.select(Expr.dateFormat(col("s"), "YYYY-ww"))
        })
        #expect(throwsError(.analysis, containing: ["to_date", "must be a constant"]) {
            _ = try frame.select(Expr(.function(name: "to_date", arguments: [col("s"), col("s")])))
        })
    }

    // MARK: to_date

    @Test("to_date: the cast rules without a pattern, the session zone's date of to_timestamp with one")
    func toDate() throws {
        let utcSession = try session("UTC"), losAngeles = try session("America/Los_Angeles")
        let texts: [String?] = ["2025-03-09", "2025-03-09 23:59:59", "2025-03-09T10:00", " 2025-3-9 ", "2025-02-30", "garbage", nil]
        let expected: [Scalar] = [day(2025, 3, 9), day(2025, 3, 9), day(2025, 3, 9), day(2025, 3, 9), .null, .null, .null]
        #expect(try evaluate(utcSession, strings: texts) { Expr.toDate($0) } == expected)
        #expect(try evaluate(losAngeles, strings: texts) { Expr.toDate($0) } == expected)
        // A timestamp's date is its wall-clock date in the session zone: 07:00 UTC is 23:00 the day before in Los Angeles.
        let morning = Scalar.timestamp(utc(2025, 3, 9, 7))
        #expect(try evaluate(utcSession, .timestamp, [morning]) { Expr.toDate($0) } == [day(2025, 3, 9)])
        #expect(try evaluate(losAngeles, .timestamp, [morning]) { Expr.toDate($0) } == [day(2025, 3, 8)])
        #expect(try evaluate(losAngeles, .date, [day(1969, 12, 31), .null]) { Expr.toDate($0, "yyyy") } == [day(1969, 12, 31), .null])
        // With a pattern: an offset in the text fixes the instant, whose date depends on the session zone.
        // 22:00 -08:00 is 06:00 UTC on the 10th and 23:00 PDT on the 9th; 06:30 UTC is 22:30 PST on the 8th.
        let withOffset: [String?] = ["2025-03-09 22:00 -08:00", "09/03/2025", "2025-03-09 06:30 +00:00", "31/02/2025"]
        #expect(try evaluate(utcSession, strings: withOffset) { Expr.toDate($0, "[dd/MM/yyyy][yyyy-MM-dd HH:mm XXX]") }
            == [day(2025, 3, 10), day(2025, 3, 9), day(2025, 3, 9), .null])
        #expect(try evaluate(losAngeles, strings: withOffset) { Expr.toDate($0, "[dd/MM/yyyy][yyyy-MM-dd HH:mm XXX]") }
            == [day(2025, 3, 9), day(2025, 3, 9), day(2025, 3, 8), .null])
        #expect(try evaluate(losAngeles, strings: ["1969-12-31", "0001-01-01"]) { Expr.toDate($0, "yyyy-MM-dd") } == [day(1969, 12, 31), day(1, 1, 1)])
    }

    // MARK: date_format

    /// (pattern, text in a UTC session, text in a Los Angeles session) for 2025-03-09 10:30:15.123456 UTC
    /// (03:30:15.123456 PDT).
    static let formatCases: [(String, String, String)] = [
        ("yyyy-MM-dd HH:mm:ss", "2025-03-09 10:30:15", "2025-03-09 03:30:15"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2025-03-09T10:30:15.123Z", "2025-03-09T03:30:15.123-07:00"),
        ("EEE, d MMM yyyy h:mm a", "Sun, 9 Mar 2025 10:30 AM", "Sun, 9 Mar 2025 3:30 AM"),
        ("EEEE MMMM E EE", "Sunday March Sun Sun", "Sunday March Sun Sun"),
        ("y yy yyy yyyy yyyyy M MM L d dd D DD DDD", "2025 25 2025 2025 02025 3 03 3 9 09 68 68 068", "2025 25 2025 2025 02025 3 03 3 9 09 68 68 068"),
        ("Q QQ QQQ QQQQ q", "1 01 Q1 1st quarter 1", "1 01 Q1 1st quarter 1"),
        ("H HH h hh k kk K KK m mm s ss a", "10 10 10 10 10 10 10 10 30 30 15 15 AM", "3 03 3 03 3 03 3 03 30 30 15 15 AM"),
        ("S SS SSS SSSSSS SSSSSSSSS", "1 12 123 123456 123456000", "1 12 123 123456 123456000"),
        ("X XX XXX XXXX XXXXX", "Z Z Z Z Z", "-07 -0700 -07:00 -0700 -07:00"),
        ("x xx xxx xxxx xxxxx", "+00 +0000 +00:00 +0000 +00:00", "-07 -0700 -07:00 -0700 -07:00"),
        ("Z ZZ ZZZ ZZZZ ZZZZZ", "+0000 +0000 +0000 GMT Z", "-0700 -0700 -0700 GMT-07:00 -07:00"),
        ("VV", "UTC", "America/Los_Angeles"),
        ("'quoted ''text''' yyyy '' [MM]", "quoted 'text' 2025 ' 03", "quoted 'text' 2025 ' 03"),
        ("yyyy年MM月dd日", "2025年03月09日", "2025年03月09日"),
    ]

    @Test("date_format writes every pattern letter, in UTC and in Los Angeles")
    func dateFormat() throws {
        let instant = Scalar.timestamp(1_741_516_215_123_456)
        for (pattern, inUTC, inLosAngeles) in Self.formatCases {
            #expect(try evaluate(session("UTC"), .timestamp, [instant, .null]) { Expr.dateFormat($0, pattern) } == [.string(inUTC), .null])
            #expect(try evaluate(session("America/Los_Angeles"), .timestamp, [instant, .null]) { Expr.dateFormat($0, pattern) }
                == [.string(inLosAngeles), .null])
        }
    }

    @Test("date_format: hours around midnight and noon, DST, years outside 0-9999, dates and strings")
    func dateFormatEdges() throws {
        let utcSession = try session("UTC"), losAngeles = try session("America/Los_Angeles")
        let clocks: [Scalar] = [.timestamp(utc(2025, 1, 1, 0, 15)), .timestamp(utc(2025, 1, 1, 12, 15)), .timestamp(utc(2025, 1, 1, 23, 15))]
        #expect(try evaluate(utcSession, .timestamp, clocks) { Expr.dateFormat($0, "H k K h a") }
            == ["0 24 0 12 AM", "12 12 0 12 PM", "23 23 11 11 PM"].map(Scalar.string))
        // The same wall-clock text on both sides of the fall-back overlap, told apart by the offset.
        #expect(try evaluate(losAngeles, .timestamp, [.timestamp(1_762_072_200_000_000), .timestamp(1_762_075_800_000_000)]) {
            Expr.dateFormat($0, "yyyy-MM-dd HH:mm XXX")
        } == [.string("2025-11-02 01:30 -07:00"), .string("2025-11-02 01:30 -08:00")])
        // Years past 9999 get a '+' with yyyy; years before 1 count down through 0 (proleptic ISO).
        let farDays: [Scalar] = [.date(2_932_897), .date(-735_525), .date(-719_528)] // 10000-01-01, -0044-03-15, 0000-01-01
        let farFormatted = try evaluate(utcSession, .date, farDays) { Expr.dateFormat($0, "yyyy|y|yy|MM-dd") }
        #expect(farFormatted == ["+10000|10000|00|01-01", "-0044|-44|44|03-15", "0000|0|00|01-01"].map(Scalar.string))
        // Dates are formatted at midnight in the session zone; strings are cast first.
        #expect(try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.dateFormat($0, "yyyy-MM-dd HH:mm XXX") } == [.string("2025-03-09 00:00 -08:00")])
        #expect(try evaluate(losAngeles, strings: ["2025-03-09 02:30", "bad", nil]) { Expr.dateFormat($0, "HH:mm") } == [.string("03:30"), .null, .null])
        // Before 1970, microseconds still count forward within the second.
        #expect(try evaluate(utcSession, .timestamp, [.timestamp(-1)]) { Expr.dateFormat($0, "yyyy-MM-dd HH:mm:ss.SSSSSS") } == [.string("1969-12-31 23:59:59.999999")])
        // A half-hour zone and a zone whose offset has seconds (Los Angeles' local mean time before 1883).
        #expect(try evaluate(session("Asia/Kolkata"), .timestamp, [.timestamp(utc(2025, 3, 9, 10, 50))]) { Expr.dateFormat($0, "HH:mm X XX ZZZZ") }
            == [.string("16:20 +0530 +0530 GMT+05:30")])
        #expect(try evaluate(losAngeles, .timestamp, [.timestamp(utc(1850, 6, 1))]) { Expr.dateFormat($0, "HH:mm:ss XXX XXXXX ZZZZ") }
            == [.string("16:07:02 -07:52 -07:52:58 GMT-07:52:58")])
        // A null pattern gives null.
        #expect(try evaluate(utcSession, .timestamp, [.timestamp(0)]) { Expr(.function(name: "date_format", arguments: [$0, nullLiteral(.string)])) } == [.null])
    }

    @Test("formatting then parsing with an offset gives the instant back, across DST, in both directions of 1970")
    func formatParseRoundTrip() throws {
        var generator = SeededRandom(seed: 0xDA7E_7133)
        let range = utc(1901, 1, 1)...utc(2099, 12, 31)
        var instants = (0..<2_000).map { _ in Scalar.timestamp(Int64(generator.next() % UInt64(range.count)) + range.lowerBound) }
        instants += [1_741_514_399_999_999, 1_741_514_400_000_000, 1_762_072_200_000_000, 1_762_075_800_000_000, -1, 0].map(Scalar.timestamp)
        for zone in ["UTC", "America/Los_Angeles", "Australia/Lord_Howe"] {
            let pattern = "yyyy-MM-dd HH:mm:ss.SSSSSSXXXXX"
            let result = try evaluate(session(zone), .timestamp, instants) { Expr.toTimestamp(Expr.dateFormat($0, pattern), pattern) }
            #expect(result == instants, "\(zone)")
        }
    }

    // MARK: Truncation

    @Test("date_trunc in Los Angeles, across the DST gap and overlap")
    func dateTruncLosAngeles() throws {
        let losAngeles = try session("America/Los_Angeles")
        let instant = Scalar.timestamp(1_741_516_215_123_456) // 2025-03-09 03:30:15.123456 PDT, the morning of the gap
        let cases: [(String, Int64)] = [
            ("microsecond", 1_741_516_215_123_456), ("millisecond", 1_741_516_215_123_000),
            ("second", 1_741_516_215_000_000), ("MINUTE", 1_741_516_200_000_000), ("hour", 1_741_514_400_000_000),
            ("day", 1_741_507_200_000_000), ("DD", 1_741_507_200_000_000), // 00:00 PST
            ("week", 1_740_988_800_000_000), // Monday 2025-03-03
            ("month", 1_740_816_000_000_000), ("mon", 1_740_816_000_000_000), ("MM", 1_740_816_000_000_000),
            ("quarter", 1_735_718_400_000_000), ("year", 1_735_718_400_000_000), ("yyyy", 1_735_718_400_000_000), ("YY", 1_735_718_400_000_000),
        ]
        for (unit, expected) in cases {
            #expect(try evaluate(losAngeles, .timestamp, [instant, .null]) { Expr.dateTrunc(unit, $0) } == [.timestamp(expected), .null], "\(unit)")
        }
        // 01:30 PDT and 01:30 PST truncate to 01:00 with their own offsets; their day starts at 00:00 PDT.
        let overlap: [Scalar] = [.timestamp(1_762_072_200_000_000), .timestamp(1_762_075_800_000_000)]
        #expect(try evaluate(losAngeles, .timestamp, overlap) { Expr.dateTrunc("hour", $0) }
            == [.timestamp(1_762_070_400_000_000), .timestamp(1_762_074_000_000_000)])
        #expect(try evaluate(losAngeles, .timestamp, overlap) { Expr.dateTrunc("day", $0) }
            == [.timestamp(1_762_066_800_000_000), .timestamp(1_762_066_800_000_000)])
        // An unknown unit gives null, as in Spark; strings and dates convert.
        #expect(try evaluate(losAngeles, .timestamp, [instant]) { Expr.dateTrunc("fortnight", $0) } == [.null])
        #expect(try evaluate(losAngeles, strings: ["2025-03-09 02:30:00"]) { Expr.dateTrunc("hour", $0) } == [.timestamp(1_741_514_400_000_000)])
        #expect(try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.dateTrunc("month", $0) } == [.timestamp(1_740_816_000_000_000)])
    }

    @Test("date_trunc in UTC (before 1970 too) and in a half-hour zone")
    func dateTruncOtherZones() throws {
        let utcSession = try session("UTC")
        let instant = Scalar.timestamp(1_741_516_215_123_456) // 2025-03-09 10:30:15.123456 UTC
        let cases: [(String, Int64)] = [
            ("hour", utc(2025, 3, 9, 10)), ("day", utc(2025, 3, 9)), ("week", utc(2025, 3, 3)),
            ("month", utc(2025, 3, 1)), ("quarter", utc(2025, 1, 1)), ("year", utc(2025, 1, 1)),
        ]
        for (unit, expected) in cases {
            #expect(try evaluate(utcSession, .timestamp, [instant]) { Expr.dateTrunc(unit, $0) } == [.timestamp(expected)], "\(unit)")
        }
        let beforeEpoch: [Scalar] = [.timestamp(-500_000), .timestamp(-1)]
        #expect(try evaluate(utcSession, .timestamp, beforeEpoch) { Expr.dateTrunc("second", $0) } == [.timestamp(-1_000_000), .timestamp(-1_000_000)])
        #expect(try evaluate(utcSession, .timestamp, beforeEpoch) { Expr.dateTrunc("millisecond", $0) } == [.timestamp(-500_000), .timestamp(-1_000)])
        #expect(try evaluate(utcSession, .timestamp, beforeEpoch) { Expr.dateTrunc("day", $0) } == [.timestamp(-86_400_000_000), .timestamp(-86_400_000_000)])
        #expect(try evaluate(utcSession, .timestamp, beforeEpoch) { Expr.dateTrunc("week", $0) } == [.timestamp(utc(1969, 12, 29)), .timestamp(utc(1969, 12, 29))])
        // 10:50 UTC is 16:20 in Kolkata (+05:30): its hour starts at 16:00 IST, 10:30 UTC.
        let kolkata = try session("Asia/Kolkata")
        #expect(try evaluate(kolkata, .timestamp, [.timestamp(1_741_517_400_000_000)]) { Expr.dateTrunc("hour", $0) } == [.timestamp(1_741_516_200_000_000)])
        #expect(try evaluate(kolkata, .timestamp, [.timestamp(1_741_517_400_000_000)]) { Expr.dateTrunc("day", $0) } == [.timestamp(1_741_458_600_000_000)])
    }

    @Test("trunc truncates dates to weeks, months, quarters and years; finer units give null")
    func truncDates() throws {
        let dates: [Scalar] = [day(2025, 3, 9), day(1969, 12, 31), day(2024, 2, 29), .null]
        let cases: [(String, [Scalar])] = [
            ("year", [day(2025, 1, 1), day(1969, 1, 1), day(2024, 1, 1), .null]),
            ("yyyy", [day(2025, 1, 1), day(1969, 1, 1), day(2024, 1, 1), .null]),
            ("quarter", [day(2025, 1, 1), day(1969, 10, 1), day(2024, 1, 1), .null]),
            ("month", [day(2025, 3, 1), day(1969, 12, 1), day(2024, 2, 1), .null]),
            ("MON", [day(2025, 3, 1), day(1969, 12, 1), day(2024, 2, 1), .null]),
            ("week", [day(2025, 3, 3), day(1969, 12, 29), day(2024, 2, 26), .null]),
            ("day", [.null, .null, .null, .null]),
            ("hour", [.null, .null, .null, .null]),
        ]
        for (unit, expected) in cases {
            #expect(try evaluate(session("UTC"), .date, dates) { Expr.trunc($0, unit) } == expected, "\(unit)")
        }
        // A timestamp's date in the session zone: 2025-03-01 05:00 UTC is still February in Los Angeles.
        #expect(try evaluate(session("America/Los_Angeles"), .timestamp, [.timestamp(utc(2025, 3, 1, 5))]) { Expr.trunc($0, "month") } == [day(2025, 2, 1)])
        #expect(try evaluate(session("UTC"), .timestamp, [.timestamp(utc(2025, 3, 1, 5))]) { Expr.trunc($0, "month") } == [day(2025, 3, 1)])
    }

    // MARK: Arithmetic

    @Test("date_add, date_sub and datediff, with constants, columns and nulls")
    func dateArithmetic() throws {
        let frame = try session("America/Los_Angeles").createDataFrame(rows: [
            [day(2024, 2, 28), .int32(1), day(2024, 3, 1)],
            [day(1970, 1, 1), .int32(-1), day(1969, 12, 31)],
            [day(2025, 3, 9), .int32(365), day(2024, 3, 9)],
            [.null, .int32(1), day(2025, 1, 1)],
            [day(2025, 3, 9), .null, .null],
        ], schema: Schema([Field("d", .date), Field("n", .int32), Field("e", .date)]))
        let rows = try frame.select(Expr.dateAdd(col("d"), 1), Expr.dateAdd(col("d"), col("n")), Expr.dateSub(col("d"), 1),
                                    Expr.dateSub(col("d"), col("n")), Expr.dateDiff(col("d"), col("e")), Expr.dateDiff(col("e"), col("d")))
        #expect(rows.columns == ["date_add(d, 1)", "date_add(d, n)", "date_sub(d, 1)", "date_sub(d, n)", "datediff(d, e)", "datediff(e, d)"])
        #expect(try rows.collect().map(\.values) == [
            [day(2024, 2, 29), day(2024, 2, 29), day(2024, 2, 27), day(2024, 2, 27), .int32(-2), .int32(2)],
            [day(1970, 1, 2), day(1969, 12, 31), day(1969, 12, 31), day(1970, 1, 2), .int32(1), .int32(-1)],
            [day(2025, 3, 10), day(2026, 3, 9), day(2025, 3, 8), day(2024, 3, 9), .int32(365), .int32(-365)],
            [.null, .null, .null, .null, .null, .null],
            [day(2025, 3, 10), .null, day(2025, 3, 8), .null, .null, .null],
        ])
        // Strings and timestamps are dates first (timestamps in the session zone).
        let losAngeles = try session("America/Los_Angeles")
        #expect(try evaluate(losAngeles, strings: ["2025-03-09", "2025-03-09 23:00:00", "junk"]) { Expr.dateAdd($0, 1) } == [day(2025, 3, 10), day(2025, 3, 10), .null])
        #expect(try evaluate(losAngeles, .timestamp, [.timestamp(utc(2025, 3, 9, 7))]) { Expr.dateSub($0, 0) } == [day(2025, 3, 8)])
        #expect(try evaluate(losAngeles, .timestamp, [.timestamp(utc(2025, 3, 9, 7))]) { Expr.dateDiff($0, lit("2025-01-01")) } == [.int32(66)])
        #expect(try evaluate(session("UTC"), .timestamp, [.timestamp(utc(2025, 3, 9, 7))]) { Expr.dateDiff($0, lit("2025-01-01")) } == [.int32(67)])
        // A long count of days is narrowed like Spark's cast; a double is an analysis error.
        #expect(try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.dateAdd($0, lit(2)) } == [day(2025, 3, 11)])
        #expect(throwsError(.analysis, containing: ["date_add", "must be an integer"]) {
            _ = try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.dateAdd($0, lit(1.5)) }
        })
    }

    @Test("add_months clamps to the end of shorter months, as Spark 3 does")
    func addMonths() throws {
        let cases: [(Scalar, Int32, Scalar)] = [
            (day(2024, 1, 31), 1, day(2024, 2, 29)), (day(2023, 1, 31), 1, day(2023, 2, 28)),
            (day(2024, 2, 29), 12, day(2025, 2, 28)), (day(2024, 2, 29), -12, day(2023, 2, 28)),
            (day(2025, 3, 31), -1, day(2025, 2, 28)), (day(2024, 2, 28), 1, day(2024, 3, 28)),
            (day(1969, 12, 31), 2, day(1970, 2, 28)), (day(2025, 1, 15), -13, day(2023, 12, 15)),
            (day(2025, 3, 9), 0, day(2025, 3, 9)), (day(1, 1, 1), -1, day(0, 12, 1)),
        ]
        let frame = try session("UTC").createDataFrame(rows: cases.map { [$0.0, .int32($0.1)] } + [[.null, .int32(1)], [day(2025, 1, 1), .null]],
                                                       schema: Schema([Field("d", .date), Field("n", .int32)]))
        #expect(try frame.select(Expr.addMonths(col("d"), col("n"))).collect().map { $0[0] } == cases.map(\.2) + [.null, .null])
        #expect(try evaluate(session("UTC"), .date, [day(2024, 1, 31)]) { Expr.addMonths($0, 1) } == [day(2024, 2, 29)])
        // Results beyond the date range are null rather than wrapped.
        #expect(try evaluate(session("UTC"), .date, [.date(Int32.max)]) { Expr.addMonths($0, 1_000_000_000) } == [.null])
        #expect(try evaluate(session("America/Los_Angeles"), strings: ["2024-01-31 23:30:00"]) { Expr.addMonths($0, 1) } == [day(2024, 2, 29)])
    }

    // MARK: Zones

    @Test("from_utc_timestamp and to_utc_timestamp with IANA names, offsets and short names")
    func zoneShifts() throws {
        let utcSession = try session("UTC")
        // 09:30 UTC is 01:30 PST; 10:30 UTC is 03:30 PDT.
        #expect(try evaluate(utcSession, .timestamp, [.timestamp(1_741_512_600_000_000), .timestamp(1_741_516_200_000_000), .null]) {
            Expr.fromUTCTimestamp($0, "America/Los_Angeles")
        } == [.timestamp(1_741_483_800_000_000), .timestamp(1_741_491_000_000_000), .null])
        // 02:30 does not exist in Los Angeles on 2025-03-09 (03:30 PDT); 01:30 on 2025-11-02 is the earlier, PDT, one.
        #expect(try evaluate(utcSession, .timestamp, [.timestamp(utc(2025, 3, 9, 2, 30)), .timestamp(utc(2025, 11, 2, 1, 30))]) {
            Expr.toUTCTimestamp($0, "America/Los_Angeles")
        } == [.timestamp(1_741_516_200_000_000), .timestamp(1_762_072_200_000_000)])
        // Spark's documented examples (session in UTC).
        #expect(try evaluate(utcSession, strings: ["2016-08-31"]) { Expr.fromUTCTimestamp($0, "Asia/Seoul") } == [.timestamp(utc(2016, 8, 31, 9))])
        #expect(try evaluate(utcSession, strings: ["2016-08-31"]) { Expr.toUTCTimestamp($0, "Asia/Seoul") } == [.timestamp(utc(2016, 8, 30, 15))])
        let july = Scalar.timestamp(utc(2025, 7, 1, 12))
        let zones: [(String, Int64)] = [
            ("+08:00", utc(2025, 7, 1, 20)), ("-0530", utc(2025, 7, 1, 6, 30)), ("GMT+1", utc(2025, 7, 1, 13)),
            ("Asia/Kolkata", utc(2025, 7, 1, 17, 30)), ("PST", utc(2025, 7, 1, 5)), ("EST", utc(2025, 7, 1, 7)), ("UTC", utc(2025, 7, 1, 12)),
        ]
        for (zone, expected) in zones {
            #expect(try evaluate(utcSession, .timestamp, [july]) { Expr.fromUTCTimestamp($0, zone) } == [.timestamp(expected)], "\(zone)")
            #expect(try evaluate(utcSession, .timestamp, [.timestamp(expected)]) { Expr.toUTCTimestamp($0, zone) } == [july], "\(zone)")
        }
        // The session zone only reads the string: 02:40 PDT is 09:40 UTC, which shifts to 10:40 UTC (03:40 PDT).
        #expect(try evaluate(session("America/Los_Angeles"), strings: ["2017-07-14 02:40:00.0"]) { Expr.fromUTCTimestamp($0, "GMT+1") }
            == [.timestamp(1_500_028_800_000_000)])
        #expect(throwsError(.invalidArgument, containing: ["from_utc_timestamp", "Mars/Olympus"]) {
            _ = try evaluate(utcSession, .timestamp, [july]) { Expr.fromUTCTimestamp($0, "Mars/Olympus") }
        })
        #expect(try evaluate(utcSession, .timestamp, [july]) { Expr(.function(name: "to_utc_timestamp", arguments: [$0, nullLiteral(.string)])) } == [.null])
    }

    // MARK: Unix time and now

    @Test("unix_timestamp parses with yyyy-MM-dd HH:mm:ss by default; from_unixtime formats in the session zone")
    func unixTime() throws {
        let utcSession = try session("UTC"), losAngeles = try session("America/Los_Angeles")
        let texts: [String?] = ["2025-03-09 02:30:00", "2025-03-09", nil]
        #expect(try evaluate(utcSession, strings: texts) { Expr.unixTimestamp($0) } == [.int64(1_741_487_400), .null, .null])
        #expect(try evaluate(losAngeles, strings: texts) { Expr.unixTimestamp($0) } == [.int64(1_741_516_200), .null, .null])
        #expect(try evaluate(losAngeles, strings: texts) { Expr.unixTimestamp($0, "yyyy-MM-dd[ HH:mm:ss]") }
            == [.int64(1_741_516_200), .int64(1_741_507_200), .null])
        // Dates count from midnight in the session zone; timestamps truncate toward zero, as Spark divides.
        #expect(try evaluate(losAngeles, .date, [day(2025, 3, 9)]) { Expr.unixTimestamp($0) } == [.int64(1_741_507_200)])
        #expect(try evaluate(utcSession, .timestamp, [.timestamp(1_741_516_200_999_999), .timestamp(-500_000), .timestamp(-1_500_000)]) {
            Expr.unixTimestamp($0)
        } == [.int64(1_741_516_200), .int64(0), .int64(-1)])
        #expect(try evaluate(utcSession, .int64, [.int64(0), .int64(1_741_516_200), .int64(-1), .null, .int64(.max)]) { Expr.fromUnixTime($0) }
            == [.string("1970-01-01 00:00:00"), .string("2025-03-09 10:30:00"), .string("1969-12-31 23:59:59"), .null, .null])
        #expect(try evaluate(losAngeles, .int64, [.int64(0), .int64(1_741_516_200)]) { Expr.fromUnixTime($0, "yyyy-MM-dd HH:mm XXX") }
            == [.string("1969-12-31 16:00 -08:00"), .string("2025-03-09 03:30 -07:00")])
        #expect(try evaluate(losAngeles, .int32, [.int32(86_400)]) { Expr.fromUnixTime($0) } == [.string("1970-01-01 16:00:00")])
        #expect(try evaluate(losAngeles, strings: ["0"]) { Expr.fromUnixTime($0, "yyyy") } == [.string("1969")])
        let frame = try losAngeles.createDataFrame(rows: [[.string("2025-03-09 02:30:00")]], schema: Schema([Field("s", .string)]))
        #expect(try frame.select(Expr.unixTimestamp(col("s")), Expr.fromUnixTime(Expr.unixTimestamp(col("s")))).columns
            == ["unix_timestamp(s, yyyy-MM-dd HH:mm:ss)", "from_unixtime(unix_timestamp(s, yyyy-MM-dd HH:mm:ss), yyyy-MM-dd HH:mm:ss)"])
        #expect(try frame.select(Expr.fromUnixTime(Expr.unixTimestamp(col("s")))).collect().map { $0[0] } == [.string("2025-03-09 03:30:00")])
    }

    @Test("current_timestamp and current_date: one value for every row, today in the session zone")
    func currentTime() throws {
        for zone in ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"] {
            let session = try Session(parallelism: 4, timeZone: zone, batchSize: 100)
            let frame = try session.range(0, 1_000)
            let before = Int64(Date().timeIntervalSince1970 * 1_000_000) - 1
            let rows = try frame.select(Expr.currentTimestamp(), Expr.currentDate(), Expr.unixTimestamp()).collect()
            let after = Int64(Date().timeIntervalSince1970 * 1_000_000) + 1
            #expect(rows.count == 1_000)
            #expect(Set(rows.map(\.values)).count == 1, "\(zone)")
            guard case let .timestamp(now)? = rows.first?[0], case let .date(today)? = rows.first?[1], case let .int64(seconds)? = rows.first?[2] else {
                Issue.record("unexpected types \(rows.first?.values ?? [])")
                continue
            }
            #expect((before...after).contains(now))
            #expect((before / 1_000_000...after / 1_000_000).contains(seconds))
            // Today's date as Foundation sees it in that zone, at either end of the query.
            let calendar = { (micros: Int64) -> Int32 in
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
                let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(micros) / 1e6))
                return Int32(daysFromCivil(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
            }
            #expect([calendar(before), calendar(after)].contains(today), "\(zone)")
        }
        #expect(Expr.currentTimestamp().description == "current_timestamp()")
        #expect(Expr.currentDate().description == "current_date()")
    }

    // MARK: Through the DataFrame API

    @Test("a pipeline: parse, filter on an hour, group by week, format")
    func dataFramePipeline() throws {
        struct Event: Codable { var id: Int64; var at: String? }
        let losAngeles = try session("America/Los_Angeles")
        let events = try losAngeles.createDataFrame([
            Event(id: 1, at: "2025-03-08 23:30"), Event(id: 2, at: "2025-03-09 01:59"), Event(id: 3, at: "2025-03-09 02:30"),
            Event(id: 4, at: "2025-03-10 09:00"), Event(id: 5, at: "not a time"), Event(id: 6, at: nil),
        ])
        let parsed = try events.withColumn("ts", Expr.toTimestamp(col("at"), "yyyy-MM-dd HH:mm"))
        let rows = try parsed
            .filter(Expr.hour(col("ts")) < 3)
            .select(col("id"), Expr.dateFormat(col("ts"), "EEE HH:mm XXX").alias("local"), Expr.weekOfYear(col("ts")).alias("week"),
                    Expr.dateFormat(Expr.dateTrunc("week", col("ts")), "yyyy-MM-dd").alias("monday"))
            .orderBy(col("id"))
            .collect()
        #expect(rows.map(\.values) == [
            [.int64(2), .string("Sun 01:59 -08:00"), .int32(10), .string("2025-03-03")],
        ])
        let counts = try parsed.groupBy(Expr.weekOfYear(col("ts")).alias("week")).agg(.count().alias("n")).orderBy(col("week")).collect()
        #expect(counts.map(\.values) == [[.null, .int64(2)], [.int32(10), .int64(3)], [.int32(11), .int64(1)]])
        #expect(try parsed.select(Expr.toDate(col("ts")).alias("d")).schema.fields.map(\.type) == [.date])
    }
}


@Suite("The query's instant")
struct QueryInstantTests {
    @Test("every current_timestamp() of one query sees the same instant; the next query a later one")
    func oneInstantPerQuery() throws {
        let frame = try Session(parallelism: 2).range(0, 50_000)
            .select(Expr.currentTimestamp().alias("a"), Expr.currentTimestamp().alias("b"), Expr.unixTimestamp().alias("u"))
        let rows = try frame.collect()
        let first = rows[0]
        #expect(rows.allSatisfy { $0.values == first.values })
        #expect(first["a"] == first["b"])
        guard case let .timestamp(micros)? = first["a"], case let .int64(seconds)? = first["u"] else {
            Issue.record("unexpected types \(first)")
            return
        }
        #expect(seconds == micros / 1_000_000)
        let later = try frame.collect()[0]
        guard case let .timestamp(laterMicros)? = later["a"] else { return }
        #expect(laterMicros >= micros)
    }

    @Test("dates beyond the timestamp range cast to null, not a crash")
    func farDates() throws {
        let frame = try Session().createDataFrame(rows: [[.date(400_000_000)], [.date(-400_000_000)], [.date(0)]], schema: Schema([Field("d", .date)]))
        #expect(try frame.select(col("d").cast(.timestamp)).collect().map { $0[0] } == [.null, .null, .timestamp(0)])
        let extreme = try Session(timeZone: "+01:00").createDataFrame(rows: [[.timestamp(Int64.max)]], schema: Schema([Field("t", .timestamp)]))
        #expect(try extreme.select(col("t").cast(.date)).collect().map { $0[0] } == [.null])
    }
}
