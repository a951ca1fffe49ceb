import Foundation

/// A day of the proleptic Gregorian calendar, with no time zone: what a `DATE` value or a
/// `YYYY-MM-DD` argument names. Converts to and from `DATE`'s days since 1970-01-01.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The year.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// The date `daysSinceEpoch` days after 1970-01-01 (negative: before).
    public init(daysSinceEpoch: Int) {
        (year, month, day) = civilFromDays(daysSinceEpoch)
    }

    /// The date of `text` in the form `YYYY-MM-DD`, or nil when it is not a valid date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The date `year`-`month`-`day`.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when there is no such day.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day) else {
            throw DataFlowError.invalidArgument("date", "\(year)-\(month)-\(day) is not a day of the calendar")
        }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The UTC date of `instant`.
    public init(utc instant: Date) {
        self.init(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Days since 1970-01-01, as a `DATE` column holds them.
    public var daysSinceEpoch: Int { daysFromCivil(year: year, month: month, day: day) }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// `YYYY-MM-DD`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
