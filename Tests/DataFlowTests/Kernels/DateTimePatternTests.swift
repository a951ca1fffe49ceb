@testable import DataFlow
import Testing

/// The pattern compiler, parser and formatter on their own, and the temporal kernels' zone offsets.
@Suite("DateTimePattern and temporal kernels")
struct DateTimePatternTests {
    private func parse(_ text: String, _ pattern: String, in zone: SessionTimeZone = .utc) throws -> Int64? {
        let compiled = try DateTimePattern(pattern, for: .parsing, function: "test")
        var zones = ZoneNameCache()
        var text = text
        return text.withUTF8 { compiled.parse($0, timeZone: zone, zones: &zones) }
    }

    private func format(_ micros: Int64, _ pattern: String, in zone: SessionTimeZone = .utc) throws -> String {
        let compiled = try DateTimePattern(pattern, for: .formatting, function: "test")
        let zoneID = Array(zone.identifier.utf8)
        var output = [UInt8](repeating: 0, count: compiled.maxLength(zoneIDLength: zoneID.count))
        let clock = WallClock(utc: micros, offsetSeconds: zone.offsetSeconds(atUTC: micros))
        let length = zoneID.withUnsafeBufferPointer { zoneID in
            output.withUnsafeMutableBufferPointer { compiled.format(clock, zoneID: zoneID, into: $0.baseAddress!) }
        }
        return String(decoding: output.prefix(length), as: UTF8.self)
    }

    /// Microseconds of a UTC wall time.
    private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000_000 + Int64(hour * 3600 + minute * 60 + second) * 1_000_000
    }

    @Test("a variable-width year leaves following fixed-width fields their digits")
    func adjacentValueParsing() throws {
        #expect(try parse("20250309", "yyyyMMdd") == utc(2025, 3, 9))
        #expect(try parse("2025030910", "yyyyMMddHH") == utc(2025, 3, 9, 10))
        #expect(try parse("250309", "yyMMdd") == utc(2025, 3, 9))
        #expect(try parse("2025309", "yyyyMMdd") == nil) // one digit short
        #expect(try parse("903/2025", "dMM/yyyy") == utc(2025, 3, 9))
        #expect(try parse("1903/2025", "dMM/yyyy") == utc(2025, 3, 19))
        #expect(try parse("20250309", "yMMdd") == utc(2025, 3, 9))
        #expect(try parse("202503091", "yyyyMMddS") == utc(2025, 3, 9) + 100_000)
        // A variable-width number after the fixed ones cancels the reservation, as in java.time.
        #expect(try parse("9032025", "dMMyyyy") == nil)
        // Separated fields are not constrained by each other.
        #expect(try parse("2025-3-19", "yyyy-M-d") == utc(2025, 3, 19))
        #expect(try parse("2025-003-19", "yyyy-M-d") == utc(2025, 3, 19))
    }

    @Test("year signs follow java.time's strict rules")
    func yearSigns() throws {
        #expect(try parse("+10000-01-01", "yyyy-MM-dd") == Int64(2_932_897) * 86_400_000_000)
        #expect(try parse("+2025-01-01", "yyyy-MM-dd") == nil) // '+' only when wider than the pattern
        #expect(try parse("10000-01-01", "yyyy-MM-dd") == nil)
        #expect(try parse("-0044-03-15", "yyyy-MM-dd") == Int64(-735_525) * 86_400_000_000)
        #expect(try parse("-44-03-15", "y-MM-dd") == Int64(-735_525) * 86_400_000_000)
        #expect(try parse("+44-03-15", "y-MM-dd") == nil) // NORMAL sign style: no '+'
        #expect(try parse("-0-01-01", "y-MM-dd") == nil) // no negative zero
        #expect(try parse("300000-01-01", "y-MM-dd") == nil) // beyond the timestamp range
        #expect(try parse("99999999999999999999-01-01", "y-MM-dd") == nil) // overflows Int
    }

    @Test("optional sections, quotes, case-insensitive text and conflicting fields")
    func parsingDetails() throws {
        let pattern = "yyyy-MM-dd['T'HH:mm[:ss][.SSS]][XXX]"
        #expect(try parse("2025-03-09", pattern) == utc(2025, 3, 9))
        #expect(try parse("2025-03-09T10:30", pattern) == utc(2025, 3, 9, 10, 30))
        #expect(try parse("2025-03-09T10:30:15.5Z", pattern) == utc(2025, 3, 9, 10, 30, 15) + 500_000)
        #expect(try parse("2025-03-09T10:30+01:00", pattern) == utc(2025, 3, 9, 9, 30))
        #expect(try parse("2025-03-09T", pattern) == nil) // a failed optional section is skipped, leaving text
        #expect(try parse("2025-03-09 day", "yyyy-MM-dd 'DAY'") == utc(2025, 3, 9))
        #expect(try parse("JANUARY 5 2025 10 pM", "MMMM d yyyy h a") == utc(2025, 1, 5, 22))
        #expect(try parse("2025 2025", "yyyy yyyy") == utc(2025, 1, 1))
        #expect(try parse("2025 2026", "yyyy yyyy") == nil)
        #expect(try parse("060 2024 02 29", "DDD yyyy MM dd") == utc(2024, 2, 29))
        #expect(try parse("060 2024 03 01", "DDD yyyy MM dd") == nil) // day of year contradicts the date
        #expect(try parse("13 PM", "HH a") == utc(1970, 1, 1, 13))
        #expect(try parse("PM", "a") == utc(1970, 1, 1, 12))
        #expect(try parse("11 01", "KK hh") == nil) // hour-of-am-pm 11 contradicts clock hour 1
    }

    @Test("zones in text: offsets in every layout, GMT forms and cached region names")
    func parsingZones() throws {
        let noon = utc(2025, 7, 1, 12)
        let cases: [(String, String, Int64?)] = [
            ("+0530", "X", noon - 19_800_000_000), ("+05", "X", noon - 18_000_000_000), ("Z", "X", noon), ("z", "XXX", noon),
            ("+05:30", "XXX", noon - 19_800_000_000), ("+0530", "XXX", nil), ("+05", "XX", nil),
            ("+05:30:15", "XXXXX", noon - 19_815_000_000), ("+05:30", "XXXXX", noon - 19_800_000_000),
            ("+0000", "xx", noon), ("Z", "xx", nil), ("-0800", "Z", noon + 28_800_000_000),
            ("GMT", "ZZZZ", noon), ("GMT-08:00", "ZZZZ", noon + 28_800_000_000), ("GMT+8", "ZZZZ", nil),
            ("UTC+01:00", "VV", noon - 3_600_000_000), ("GMT", "VV", noon), ("Asia/Kolkata", "VV", noon - 19_800_000_000),
            ("Z", "VV", noon), ("-03:00", "VV", noon + 10_800_000_000), ("Nowhere/Land", "VV", nil),
        ]
        for (zone, letters, expected) in cases {
            #expect(try parse("2025-07-01 12:00 \(zone)", "yyyy-MM-dd HH:mm \(letters)") == expected, "\(zone) with \(letters)")
        }
        // A zone name followed by more pattern: the longest name that is a zone wins.
        #expect(try parse("Europe/Paris|2025-07-01 12:00", "VV'|'yyyy-MM-dd HH:mm") == utc(2025, 7, 1, 10))
        // Region names are looked up once per cache, whatever the number of values.
        let compiled = try DateTimePattern("yyyy-MM-dd HH:mm VV", for: .parsing, function: "test")
        var zones = ZoneNameCache()
        for _ in 0..<3 {
            var text = "2025-01-01 12:00 America/Los_Angeles"
            #expect(text.withUTF8 { compiled.parse($0, timeZone: .utc, zones: &zones) } == utc(2025, 1, 1, 20))
        }
    }

    @Test("offsets with seconds and the zero text when what a layout shows is zero")
    func offsetFormatting() throws {
        let zone = try SessionTimeZone("+05:30")
        #expect(try format(utc(2025, 7, 1, 12), "X|XX|XXX|XXXX|XXXXX|x|xxx|Z|ZZZZ|ZZZZZ", in: zone)
            == "+0530|+0530|+05:30|+0530|+05:30|+0530|+05:30|+0530|GMT+05:30|+05:30")
        let minus = try SessionTimeZone("-00:30")
        #expect(try format(utc(2025, 7, 1, 12), "X|XXX|x|ZZZZ", in: minus) == "-0030|-00:30|-0030|GMT-00:30")
        // Local mean time in Los Angeles: -07:52:58; layouts without seconds drop them.
        let losAngeles = try SessionTimeZone("America/Los_Angeles")
        #expect(try format(utc(1850, 6, 1), "X|XX|XXX|XXXX|XXXXX|ZZZZZ", in: losAngeles) == "-0752|-0752|-07:52|-075258|-07:52:58|-07:52:58")
    }

    @Test("formatting-only letters, text fields and quarters")
    func formatting() throws {
        let instant = utc(2024, 12, 30, 23, 59, 59) + 999_999 // a Monday
        #expect(try format(instant, "EEEE EEE E QQQQ QQQ QQ Q MMMM MMM LLL a") == "Monday Mon Mon 4th quarter Q4 04 4 December Dec Dec PM")
        #expect(try format(instant, "yyyy-MM-dd HH:mm:ss.SSSSSSSSS") == "2024-12-30 23:59:59.999999000")
        #expect(try format(utc(2025, 4, 1), "QQQ QQQQ") == "Q2 2nd quarter")
        #expect(try format(utc(2025, 7, 1), "QQQQ") == "3rd quarter")
    }

    @Test("formatting stays within maxLength, even for the extreme instants")
    func formattingStaysInBounds() throws {
        let pattern = "yyyyyy-yyyy-yyy-yy-y MMMM MMM MM M dd d DDD DD D EEEE E QQQQ QQQ QQ Q HH H hh h kk k KK K mm m ss s "
            + "SSSSSSSSS SSS a XXXXX XXX X xxxxx xx Z ZZZZ ZZZZZ VV 'quoted' [VV]"
        let compiled = try DateTimePattern(pattern, for: .formatting, function: "test")
        for zoneName in ["UTC", "America/Los_Angeles", "-18:00", "+18:00"] {
            let zone = try SessionTimeZone(zoneName)
            let zoneID = Array(zone.identifier.utf8)
            let limit = compiled.maxLength(zoneIDLength: zoneID.count)
            for micros in [Int64.min, .min + 1, -1, 0, .max - 1, .max] {
                var output = [UInt8](repeating: 0xAA, count: limit + 64)
                let clock = WallClock(utc: micros, offsetSeconds: zone.offsetSeconds(atUTC: micros))
                let length = zoneID.withUnsafeBufferPointer { zoneID in
                    output.withUnsafeMutableBufferPointer { compiled.format(clock, zoneID: zoneID, into: $0.baseAddress!) }
                }
                #expect(length <= limit, "\(zoneName) \(micros)")
                #expect(output[limit...].allSatisfy { $0 == 0xAA }, "\(zoneName) \(micros)")
            }
        }
    }

    @Test("hour fields at a transition that falls half past a UTC hour (St. John's)")
    func zoneOffsetsInsideAnHour() throws {
        // 2025-03-09 05:29:59 UTC is 01:59:59 NST (-03:30); one second later is 03:00:00 NDT (-02:30).
        let before = Int64(1_741_498_199) * 1_000_000, after = before + 1_000_000
        let column = try Column.from([.timestamp(before - 1_800_000_000), .timestamp(before), .timestamp(after), .timestamp(after + 1_500_000_000)], type: .timestamp)
        let zone = try SessionTimeZone("America/St_Johns")
        #expect(extractTimeField(column, .hour, timeZone: zone).scalars == [.int32(1), .int32(1), .int32(3), .int32(3)])
        #expect(extractTimeField(column, .minute, timeZone: zone).scalars == [.int32(29), .int32(59), .int32(0), .int32(25)])
        let hours = truncateTimestamps(column, to: .hour, timeZone: zone)
        // 03:00 NDT is 05:30 UTC; 01:00 NST is 04:30 UTC.
        #expect(hours.scalars == [.timestamp(1_741_494_600_000_000), .timestamp(1_741_494_600_000_000), .timestamp(after), .timestamp(after)])
    }

    @Test("kernels keep nulls and handle slices and constants")
    func kernelsOnSlicesAndConstants() throws {
        let dates = try Column.from([.date(0), .null, .date(-1), .date(19_782), .null], type: .date).slice(1, 4)
        #expect(extractDateField(dates, .year).scalars == [.null, .int32(1969), .int32(2024), .null])
        #expect(truncateDates(dates, to: .month).scalars == [.null, .date(-31), .date(19_754), .null])
        let months = Datum(constant: try Column.from([.int32(1)], type: .int32))
        #expect(addMonths(Datum(dates), months, count: 4).scalars == [.null, .date(30), .date(19_811), .null])
        let seconds = try Column.from([.int64(0), .null, .int64(.min)], type: .int64)
        #expect(timestampsFromUnits(seconds, microsPerUnit: microsPerSecond).scalars == [.timestamp(0), .null, .null])
        #expect(unitsSinceEpoch(try Column.from([.timestamp(-1), .timestamp(1_999)], type: .timestamp), microsPerUnit: 1000).scalars == [.int64(-1), .int64(1)])
        #expect(shiftFromUTC(try Column.from([.timestamp(.max)], type: .timestamp), to: try SessionTimeZone("+01:00")).scalars == [.null])
        #expect(shiftToUTC(try Column.from([.timestamp(.min)], type: .timestamp), from: try SessionTimeZone("Europe/Paris")).scalars == [.null])
    }
}
