import DataFlow

/// The hours and weeks of a time zone as intervals of instants, for joining events against them.
/// Hours are the zone's wall-clock hours: around a DST change a day has 23 or 25 of them (the
/// repeated hour of a fall-back is two buckets), and in zones offset by half or quarter hours they
/// start at :30 or :45 UTC. Weeks start on Monday at 00:00 local time and last 167 to 169 hours
/// around DST changes.
enum CalendarBuckets {
    static let minute: Int64 = 60_000_000, hour: Int64 = 3_600_000_000, day: Int64 = 86_400_000_000

    /// The zone's hours that overlap [from, to), each as [start, end) in microseconds since the epoch.
    static func hours(from: Int64, to: Int64, zone: SessionTimeZone) -> [(start: Int64, end: Int64)] {
        guard from < to else { return [] }
        // Every wall-clock hour starts on a quarter hour of UTC: test each one for a local minute of zero.
        var starts: [Int64] = []
        var instant = floorDiv(from, 15 * minute) * 15 * minute - 2 * hour
        while starts.count < 2 || starts[starts.count - 1] < to {
            let local = instant + Int64(zone.offsetSeconds(atUTC: instant)) * 1_000_000
            if local - floorDiv(local, hour) * hour == 0 { starts.append(instant) }
            instant += 15 * minute
        }
        return zip(starts, starts.dropFirst()).filter { $0.1 > from && $0.0 < to }.map { (start: $0.0, end: $0.1) }
    }

    /// The zone's weeks that overlap [from, to): each Monday's date and the instants of that
    /// Monday's and the next Monday's local midnight.
    static func weeks(from: Int64, to: Int64, zone: SessionTimeZone) -> [(monday: CalendarDate, start: Int64, end: Int64)] {
        guard from < to else { return [] }
        let localDay = Int(floorDiv(from + Int64(zone.offsetSeconds(atUTC: from)) * 1_000_000, day))
        // 1970-01-05, day 4, was a Monday.
        var monday = localDay - ((localDay - 4) % 7 + 7) % 7
        var weeks: [(monday: CalendarDate, start: Int64, end: Int64)] = []
        while true {
            let start = zone.utcMicros(fromLocal: Int64(monday) * day)
            guard start < to else { break }
            let end = zone.utcMicros(fromLocal: Int64(monday + 7) * day)
            if end > from { weeks.append((CalendarDate(daysSinceEpoch: monday), start, end)) }
            monday += 7
        }
        return weeks
    }

    /// Floor division.
    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
