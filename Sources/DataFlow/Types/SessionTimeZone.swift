import Foundation

/// A time zone as the session uses it: for formatting, for extracting fields and for reading text
/// without an offset. UTC and fixed offsets need no table look-ups; named zones consult Foundation's
/// time zone database and cache offsets per UTC hour, so a column of timestamps costs one look-up per
/// distinct hour, not one per row. An hour that contains a transition (zones with half-hour offsets
/// such as America/St_Johns or Australia/Adelaide change at :30 past a UTC hour) remembers the
/// second at which the offset changes.
public final class SessionTimeZone: @unchecked Sendable, CustomStringConvertible { // the offset cache changes only under `lock`
    /// Coordinated Universal Time.
    public static let utc = SessionTimeZone(fixedOffsetSeconds: 0, identifier: "UTC")

    /// The zone's name, e.g. "UTC" or "America/Los_Angeles".
    public let identifier: String
    private let fixedOffset: Int?
    private let zone: TimeZone?
    private let lock = NSLock()
    private var offsetByHour: [Int64: HourOffsets] = [:]

    /// The offsets in force during one UTC hour: `before` until `transition` (microseconds since the
    /// epoch, `Int64.max` when the hour has none), `after` from then on.
    private struct HourOffsets {
        let before: Int
        let transition: Int64
        let after: Int

        func offset(at micros: Int64) -> Int { micros < transition ? before : after }
    }

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
        if let cached = offsetByHour[hour] { return cached.offset(at: micros) }
        let offsets = hourOffsets(hour)
        if offsetByHour.count > 100_000 { offsetByHour.removeAll(keepingCapacity: true) }
        offsetByHour[hour] = offsets
        return offsets.offset(at: micros)
    }

    /// The offsets during UTC hour `hour` (hours since the epoch), finding a transition inside it by
    /// bisection over its seconds (offsets change on whole seconds).
    private func hourOffsets(_ hour: Int64) -> HourOffsets {
        let first = hour * 3600, last = first + 3599
        let offset = { (second: Int64) in self.zone!.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second))) }
        let before = offset(first), after = offset(last)
        guard before != after else { return HourOffsets(before: before, transition: .max, after: after) }
        var unchanged = first, changed = last
        while changed - unchanged > 1 {
            let middle = (unchanged + changed) / 2
            if offset(middle) == before { unchanged = middle } else { changed = middle }
        }
        return HourOffsets(before: before, transition: changed * microsPerSecond, after: after)
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
