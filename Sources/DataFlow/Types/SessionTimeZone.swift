import Foundation

/// A time zone as the session uses it: for formatting, for extracting fields and for reading text
/// without an offset. UTC and fixed offsets need no table look-ups; named zones consult Foundation's
/// time zone database and cache offsets per hour, so a column of timestamps costs one look-up per
/// distinct hour, not one per row.
public final class SessionTimeZone: @unchecked Sendable, CustomStringConvertible {
    /// Coordinated Universal Time.
    public static let utc = SessionTimeZone(fixedOffsetSeconds: 0, identifier: "UTC")

    /// The zone's name, e.g. "UTC" or "America/Los_Angeles".
    public let identifier: String
    private let fixedOffset: Int?
    private let zone: TimeZone?
    private let lock = NSLock()
    private var offsetByHour: [Int64: Int] = [:]

    private init(fixedOffsetSeconds: Int, identifier: String) {
        self.identifier = identifier
        self.fixedOffset = fixedOffsetSeconds
        self.zone = nil
    }

    /// The zone named `identifier`: an IANA name ("Europe/Paris"), "UTC"/"Z", or an offset such as
    /// "+02:00" or "-0800".
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an unknown zone.
    public init(_ identifier: String) throws {
        self.identifier = identifier
        if ["UTC", "Z", "GMT", "Etc/UTC"].contains(identifier.uppercased() == "Z" ? "Z" : identifier) {
            fixedOffset = 0
            zone = nil
        } else if let offset = parseOffset(identifier) {
            fixedOffset = offset
            zone = nil
        } else if let zone = TimeZone(identifier: identifier) {
            fixedOffset = nil
            self.zone = zone
        } else {
            throw DataFlowError.invalidArgument("timeZone", "unknown time zone '\(identifier)'")
        }
    }

    public var description: String { identifier }

    /// Whether the zone is UTC (offset always zero).
    public var isUTC: Bool { fixedOffset == 0 }

    /// The zone's offset from UTC, in seconds, at the instant `micros` (microseconds since the epoch).
    public func offsetSeconds(atUTC micros: Int64) -> Int {
        if let fixedOffset { return fixedOffset }
        let hour = floorDivide(micros, microsPerHour)
        lock.lock()
        defer { lock.unlock() }
        if let cached = offsetByHour[hour] { return cached }
        let offset = zone!.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600)))
        if offsetByHour.count > 100_000 { offsetByHour.removeAll(keepingCapacity: true) }
        offsetByHour[hour] = offset
        return offset
    }

    /// The UTC instant of a local wall-clock time (microseconds since the epoch as if local were UTC).
    /// Wall times that do not exist (spring forward) move forward by the gap; ambiguous ones (fall
    /// back) take the earlier instant, as Java's `ZonedDateTime` does.
    public func utcMicros(fromLocal local: Int64) -> Int64 {
        if let fixedOffset { return local - Int64(fixedOffset) * microsPerSecond }
        // Try the offsets in force a day either side; the first that maps back to `local` wins.
        let before = offsetSeconds(atUTC: local - microsPerDay)
        let after = offsetSeconds(atUTC: local + microsPerDay)
        for offset in [before, after] {
            let candidate = local - Int64(offset) * microsPerSecond
            if offsetSeconds(atUTC: candidate) == offset { return candidate }
        }
        return local - Int64(before) * microsPerSecond
    }
}

/// Seconds east of UTC for "+hh:mm", "-hhmm", "+hh", "UTC+hh:mm"; nil when not an offset.
func parseOffset(_ text: String) -> Int? {
    var body = Substring(text)
    for prefix in ["UTC", "GMT"] where body.hasPrefix(prefix) { body = body.dropFirst(prefix.count) }
    guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
    let digits = body.dropFirst().filter { $0 != ":" }
    guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
    let (hours, minutes) = digits.count <= 2 ? (number, 0) : (number / 100, number % 100)
    guard hours <= 18, minutes < 60 else { return nil }
    let seconds = hours * 3600 + minutes * 60
    return sign == "-" ? -seconds : seconds
}
