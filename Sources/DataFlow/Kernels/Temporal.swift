/// Vectorized date and time kernels: field extraction, truncation, month arithmetic, zone shifts,
/// parsing and formatting with `DateTimePattern`. Dates are Int32 days since 1970-01-01,
/// timestamps Int64 microseconds since the epoch (UTC); wall-clock fields are those of a
/// `SessionTimeZone`. Nulls stay null.

/// The ISO 8601 day of the week of days since the epoch: 1 = Monday … 7 = Sunday.
@inline(__always)
func isoDayOfWeek(_ epochDay: Int) -> Int {
    // 1970-01-01 was a Thursday.
    Int(floorModulo(Int64(epochDay) + 3, 7)) + 1
}

/// The ISO 8601 week number (1...53) of days since the epoch: weeks start on Monday and week 1 is
/// the one holding the year's first Thursday.
@inline(__always)
func isoWeekOfYear(_ epochDay: Int) -> Int {
    // The week's Thursday decides its year; count Thursdays from that year's first day.
    let thursday = epochDay - isoDayOfWeek(epochDay) + 4
    let year = civilFromDays(thursday).year
    return (thursday - daysFromCivil(year: year, month: 1, day: 1)) / 7 + 1
}

// MARK: - Zone offsets along a column

/// The offsets of a zone along a column. It remembers the UTC hour of the previous value: when an
/// hour repeats and holds no transition, its offset is reused, so timestamps clustered in time cost
/// a few `SessionTimeZone` look-ups per hour instead of a lock and a dictionary probe per row, and
/// scattered ones cost one look-up per row.
struct ZoneOffsets {
    private let zone: SessionTimeZone
    private var hour: Int64 = .min
    private var offset = 0
    /// Whether the hour's offset is the same from its first microsecond to its last.
    private var uniform = false
    /// Whether `uniform` has been worked out for the hour.
    private var checked = false

    /// Offsets of `zone`.
    init(_ zone: SessionTimeZone) { self.zone = zone }

    /// The zone's offset from UTC, in seconds, at instant `micros`.
    @inline(__always)
    mutating func seconds(atUTC micros: Int64) -> Int {
        let hour = floorDivide(micros, microsPerHour)
        guard hour == self.hour else {
            self.hour = hour
            checked = false
            uniform = false
            return zone.offsetSeconds(atUTC: micros)
        }
        if uniform { return offset }
        if !checked {
            checked = true
            let start = hour &* microsPerHour
            offset = zone.offsetSeconds(atUTC: start)
            uniform = offset == zone.offsetSeconds(atUTC: start &+ (microsPerHour - 1))
            if uniform { return offset }
        }
        return zone.offsetSeconds(atUTC: micros)
    }

    /// The wall-clock time (microseconds as if the zone were UTC) at instant `micros`.
    @inline(__always)
    mutating func local(atUTC micros: Int64) -> Int64 {
        micros &+ Int64(seconds(atUTC: micros)) &* microsPerSecond
    }
}

/// Whether a wall-clock time is far enough from the ends of Int64 for zone conversions, which look
/// a day either side.
@inline(__always)
private func isConvertible(_ local: Int64) -> Bool {
    local.magnitude <= UInt64(maxTimestampDays) * UInt64(microsPerDay)
}

// MARK: - Column maps

/// `transform` applied to every value of a fixed-width column, nulls included (their slots hold
/// arbitrary values, so `transform` must not trap on any input); the nulls are kept.
@inline(__always)
private func mapValues<Input, Output>(_ column: Column, to type: DataType, _ transform: (Input) -> Output) -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * MemoryLayout<Output>.stride)
    let out = buffer.typed(Output.self)
    column.withValues(Input.self) { values, _ in
        for i in 0..<count { out[i] = transform(values[i]) }
    }
    return Column(type: type, count: count, values: buffer,
                  validity: column.hasNulls ? Bitmap.copy(column.validityView, count: count) : nil)
}

/// `transform` applied to the non-null values of a fixed-width column; nil results are null.
@inline(__always)
private func mapNonNull<Input, Output>(_ column: Column, to type: DataType, _ transform: (Input) -> Output?) -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * MemoryLayout<Output>.stride, zeroed: true)
    let out = buffer.typed(Output.self)
    let validity = Bitmap.copy(column.validityView, count: count)
    let bits = validity.typed(UInt8.self)
    column.withValues(Input.self) { values, valid in
        for i in 0..<count where valid[i] {
            if let value = transform(values[i]) { out[i] = value } else { Bitmap.clear(bits, i) }
        }
    }
    return Column(type: type, count: count, values: buffer, validity: validity)
}

/// `transform` applied row by row to two fixed-width datums (a constant stands for every row);
/// null where either input is null or `transform` returns nil.
@inline(__always)
private func mapPairs<Left, Right, Output>(_ lhs: Datum, _ rhs: Datum, count: Int, to type: DataType,
                                           _ transform: (Left, Right) -> Output?) -> Column {
    let inputs = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = inputs { return Column.nulls(type: type, count: count) }
    let validity = inputs.buffer ?? Buffer(capacity: Bitmap.byteCount(count))
    let bits = validity.typed(UInt8.self)
    if inputs.buffer == nil { bits.initialize(repeating: 0xFF, count: Bitmap.byteCount(count)) }
    let buffer = Buffer(capacity: count * MemoryLayout<Output>.stride, zeroed: true)
    let out = buffer.typed(Output.self)
    let valid = BitView(bytes: UnsafePointer(bits), offset: 0)
    lhs.column.withValues(Left.self) { left, _ in
        rhs.column.withValues(Right.self) { right, _ in
            for i in 0..<count where valid[i] {
                if let value = transform(left[lhs.isConstant ? 0 : i], right[rhs.isConstant ? 0 : i]) {
                    out[i] = value
                } else {
                    Bitmap.clear(bits, i)
                }
            }
        }
    }
    return Column(type: type, count: count, values: buffer, validity: validity)
}

// MARK: - Fields

/// The calendar fields `year`, `quarter`, `month`, `dayofmonth`, `dayofyear`, `dayofweek` and
/// `weekofyear` read from a date.
enum DateField: Sendable {
    case year, quarter, month, dayOfMonth, dayOfYear
    /// 1 = Sunday … 7 = Saturday, as Spark's `dayofweek`.
    case dayOfWeek
    /// The ISO 8601 week number.
    case weekOfYear
    /// 0 = Monday … 6 = Sunday, as Spark's `weekday`.
    case weekday
}

/// `field` of each date of `column` (int32).
/// - Complexity: O(n), integer arithmetic only.
func extractDateField(_ column: Column, _ field: DateField) -> Column {
    switch field {
    case .year: return mapValues(column, to: .int32) { (days: Int32) in Int32(truncatingIfNeeded: civilFromDays(Int(days)).year) }
    case .quarter: return mapValues(column, to: .int32) { (days: Int32) in Int32((civilFromDays(Int(days)).month - 1) / 3 + 1) }
    case .month: return mapValues(column, to: .int32) { (days: Int32) in Int32(civilFromDays(Int(days)).month) }
    case .dayOfMonth: return mapValues(column, to: .int32) { (days: Int32) in Int32(civilFromDays(Int(days)).day) }
    case .dayOfYear:
        return mapValues(column, to: .int32) { (days: Int32) in
            let year = civilFromDays(Int(days)).year
            return Int32(Int(days) - daysFromCivil(year: year, month: 1, day: 1) + 1)
        }
    case .dayOfWeek: return mapValues(column, to: .int32) { (days: Int32) in Int32(isoDayOfWeek(Int(days)) % 7 + 1) }
    case .weekOfYear: return mapValues(column, to: .int32) { (days: Int32) in Int32(isoWeekOfYear(Int(days))) }
    case .weekday: return mapValues(column, to: .int32) { (days: Int32) in Int32(isoDayOfWeek(Int(days)) - 1) }
    }
}

/// The last day of each date's month.
func lastDaysOfMonth(_ column: Column) -> Column {
    mapValues(column, to: .date) { (days: Int32) -> Int32 in
        let (year, month, _) = civilFromDays(Int(days))
        return Int32(truncatingIfNeeded: daysFromCivil(year: year, month: month, day: daysInMonth(year: year, month: month)))
    }
}

/// The first date after each date that falls on ISO weekday `weekday` (1 = Monday … 7 = Sunday).
func nextDays(_ column: Column, weekday: Int) -> Column {
    mapValues(column, to: .date) { (days: Int32) -> Int32 in
        let ahead = (weekday - isoDayOfWeek(Int(days)) + 7) % 7
        return days &+ Int32(ahead == 0 ? 7 : ahead)
    }
}

/// The date of each (year, month, day), null where they name no date.
func makeDates(_ year: Datum, _ month: Datum, _ day: Datum, count: Int) -> Column {
    let columns = [year, month, day].map { $0.materialize(count) }
    var builder = ColumnBuilder(type: .date, capacity: count)
    columns[0].withValues(Int32.self) { years, yearsValid in
        columns[1].withValues(Int32.self) { months, monthsValid in
            columns[2].withValues(Int32.self) { dayValues, daysValid in
                for row in 0..<count {
                    let y = Int(years[row]), m = Int(months[row]), d = Int(dayValues[row])
                    guard yearsValid[row], monthsValid[row], daysValid[row], (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m),
                          let days = Int32(exactly: daysFromCivil(year: y, month: m, day: d)) else {
                        builder.appendNull()
                        continue
                    }
                    builder.appendFixed(days)
                }
            }
        }
    }
    return builder.finish()
}

/// The clock fields `hour`, `minute` and `second` read from a timestamp.
enum TimeField: Sendable {
    case hour, minute, second

    fileprivate var unitAndRange: (unit: Int64, range: Int64) {
        switch self {
        case .hour: return (microsPerHour, 24)
        case .minute: return (microsPerMinute, 60)
        case .second: return (microsPerSecond, 60)
        }
    }
}

/// `field` of each timestamp of `column` (int32) on the wall clock of `timeZone`.
func extractTimeField(_ column: Column, _ field: TimeField, timeZone: SessionTimeZone) -> Column {
    var offsets = ZoneOffsets(timeZone)
    let (unit, range) = field.unitAndRange
    return mapNonNull(column, to: .int32) { (micros: Int64) -> Int32? in
        Int32(floorModulo(floorDivide(offsets.local(atUTC: micros), unit), range))
    }
}

// MARK: - Truncation

/// The units `date_trunc` and `trunc` truncate to.
enum TruncationUnit: Sendable {
    case microsecond, millisecond, second, minute, hour, day, week, month, quarter, year

    /// The unit Spark names `name` (case-insensitive): `year`/`yyyy`/`yy`, `quarter`,
    /// `month`/`mon`/`mm`, `week`, `day`/`dd`, `hour`, `minute`, `second`, `millisecond`,
    /// `microsecond`; nil for any other name.
    init?(sparkName name: String) {
        switch name.uppercased() {
        case "YEAR", "YYYY", "YY": self = .year
        case "QUARTER": self = .quarter
        case "MONTH", "MON", "MM": self = .month
        case "WEEK": self = .week
        case "DAY", "DD": self = .day
        case "HOUR": self = .hour
        case "MINUTE": self = .minute
        case "SECOND": self = .second
        case "MILLISECOND": self = .millisecond
        case "MICROSECOND": self = .microsecond
        default: return nil
        }
    }

    /// Whether the unit is a week or longer: the units `trunc` takes for dates.
    var isDateUnit: Bool {
        switch self {
        case .week, .month, .quarter, .year: return true
        default: return false
        }
    }
}

/// Days since the epoch truncated to the first day of their week (Monday), month, quarter or year;
/// other units leave the day as it is.
@inline(__always)
private func truncateDay(_ days: Int, to unit: TruncationUnit) -> Int {
    switch unit {
    case .week: return days - isoDayOfWeek(days) + 1
    case .month:
        let (year, month, _) = civilFromDays(days)
        return daysFromCivil(year: year, month: month, day: 1)
    case .quarter:
        let (year, month, _) = civilFromDays(days)
        return daysFromCivil(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)
    case .year: return daysFromCivil(year: civilFromDays(days).year, month: 1, day: 1)
    default: return days
    }
}

/// Each date of `column` truncated to `unit` (a week or longer).
func truncateDates(_ column: Column, to unit: TruncationUnit) -> Column {
    mapValues(column, to: .date) { (days: Int32) in Int32(truncatingIfNeeded: truncateDay(Int(days), to: unit)) }
}

/// Each timestamp of `column` truncated to `unit` on the wall clock of `timeZone`, as Spark does:
/// seconds and finer ignore the zone; minutes, hours and days keep the offset the value had when
/// the truncated wall time is ambiguous (so truncating 01:30 PST on a fall-back night gives 01:00
/// PST, not PDT); weeks and longer start at the zone's first instant of that day. A truncated wall
/// time skipped by a DST gap moves forward by the gap.
func truncateTimestamps(_ column: Column, to unit: TruncationUnit, timeZone: SessionTimeZone) -> Column {
    switch unit {
    case .microsecond: return column
    case .millisecond: return mapValues(column, to: .timestamp) { (micros: Int64) in micros &- floorModulo(micros, 1000) }
    case .second: return mapValues(column, to: .timestamp) { (micros: Int64) in micros &- floorModulo(micros, microsPerSecond) }
    case .minute, .hour, .day:
        let size = unit == .minute ? microsPerMinute : (unit == .hour ? microsPerHour : microsPerDay)
        var offsets = ZoneOffsets(timeZone), truncatedOffsets = ZoneOffsets(timeZone)
        return mapNonNull(column, to: .timestamp) { (micros: Int64) -> Int64? in
            let offset = Int64(offsets.seconds(atUTC: micros)) * microsPerSecond
            let local = micros &+ offset
            guard isConvertible(local) else { return nil }
            let truncated = local - floorModulo(local, size)
            let sameOffset = truncated - offset
            if Int64(truncatedOffsets.seconds(atUTC: sameOffset)) * microsPerSecond == offset { return sameOffset }
            return timeZone.utcMicros(fromLocal: truncated)
        }
    case .week, .month, .quarter, .year:
        var offsets = ZoneOffsets(timeZone)
        // Consecutive values often share their period: convert each period's first day once.
        var lastDay = Int.min, lastStart: Int64 = 0
        return mapNonNull(column, to: .timestamp) { (micros: Int64) -> Int64? in
            let local = offsets.local(atUTC: micros)
            guard isConvertible(local) else { return nil }
            let day = truncateDay(Int(floorDivide(local, microsPerDay)), to: unit)
            if day != lastDay {
                lastDay = day
                lastStart = timeZone.utcMicros(fromLocal: Int64(day) * microsPerDay)
            }
            return lastStart
        }
    }
}

// MARK: - Arithmetic

/// `months` added to each date, the day clamped to the end of a shorter month (2024-01-31 plus one
/// month is 2024-02-29), as Spark 3's `add_months`; null beyond the date range.
func addMonths(_ dates: Datum, _ months: Datum, count: Int) -> Column {
    mapPairs(dates, months, count: count, to: .date) { (days: Int32, months: Int32) -> Int32? in
        let (year, month, day) = civilFromDays(Int(days))
        let total = Int64(year) * 12 + Int64(month - 1) + Int64(months)
        let newYear = Int(floorDivide(total, 12)), newMonth = Int(floorModulo(total, 12)) + 1
        return Int32(exactly: daysFromCivil(year: newYear, month: newMonth, day: min(day, daysInMonth(year: newYear, month: newMonth))))
    }
}

/// Each timestamp moved by the offset of `zone` at that instant (`from_utc_timestamp`: the UTC
/// wall time becomes `zone`'s wall time).
func shiftFromUTC(_ column: Column, to zone: SessionTimeZone) -> Column {
    var offsets = ZoneOffsets(zone)
    return mapNonNull(column, to: .timestamp) { (micros: Int64) -> Int64? in
        let (shifted, overflow) = micros.addingReportingOverflow(Int64(offsets.seconds(atUTC: micros)) * microsPerSecond)
        return overflow ? nil : shifted
    }
}

/// Each timestamp's UTC wall time read as a wall time in `zone` (`to_utc_timestamp`): a time skipped
/// by a DST gap moves forward by the gap, an ambiguous one takes the earlier instant.
func shiftToUTC(_ column: Column, from zone: SessionTimeZone) -> Column {
    mapNonNull(column, to: .timestamp) { (micros: Int64) -> Int64? in
        isConvertible(micros) ? zone.utcMicros(fromLocal: micros) : nil
    }
}

/// Whole seconds since the epoch of each timestamp, truncated toward zero as Spark's
/// `unix_timestamp` divides (1969-12-31 23:59:59.5 UTC is 0).
func unixSeconds(_ column: Column) -> Column {
    mapValues(column, to: .int64) { (micros: Int64) in micros / microsPerSecond }
}

/// Whole units (of `microsPerUnit` microseconds) since the epoch of each timestamp, rounded down.
func unitsSinceEpoch(_ column: Column, microsPerUnit: Int64) -> Column {
    mapValues(column, to: .int64) { (micros: Int64) in floorDivide(micros, microsPerUnit) }
}

/// The timestamp of each count of units (of `microsPerUnit` microseconds) since the epoch; null
/// beyond the timestamp range.
func timestampsFromUnits(_ column: Column, microsPerUnit: Int64) -> Column {
    mapNonNull(column, to: .timestamp) { (units: Int64) -> Int64? in
        let (micros, overflow) = units.multipliedReportingOverflow(by: microsPerUnit)
        return overflow ? nil : micros
    }
}

/// Days since the epoch of each date, as an integer.
func daysSinceEpoch(_ column: Column) -> Column { column.reinterpreted(as: .int32) }

// MARK: - Text

/// Each timestamp written with `pattern` as wall-clock time in `timeZone` (`VV` writes its ID).
/// - Complexity: O(n); one reused scratch buffer, no `String` per value.
func formatTimestamps(_ column: Column, with pattern: DateTimePattern, timeZone: SessionTimeZone) -> Column {
    var builder = ColumnBuilder(type: .string, capacity: column.count)
    var offsets = ZoneOffsets(timeZone)
    let zoneID = Array(timeZone.identifier.utf8)
    var scratch = [UInt8](repeating: 0, count: pattern.maxLength(zoneIDLength: zoneID.count))
    zoneID.withUnsafeBufferPointer { zoneID in
        scratch.withUnsafeMutableBufferPointer { scratch in
            guard let output = scratch.baseAddress else { return }
            column.withValues(Int64.self) { micros, validity in
                for i in 0..<column.count {
                    guard validity[i] else { builder.appendNull(); continue }
                    let clock = WallClock(utc: micros[i], offsetSeconds: offsets.seconds(atUTC: micros[i]))
                    let length = pattern.format(clock, zoneID: zoneID, into: output)
                    builder.appendBytes(UnsafeRawBufferPointer(start: output, count: length))
                }
            }
        }
    }
    return builder.finish()
}

/// Each string of `column` parsed with `pattern` into a timestamp, text without an offset or zone
/// read in `timeZone`; text that does not match is null.
/// - Throws: `DataFlowError` (`.execution`) when `strict` (ANSI mode) and a value does not match,
///   naming `function`, the value, the pattern and the row within the batch.
func parseTimestamps(_ column: Column, with pattern: DateTimePattern, timeZone: SessionTimeZone, strict: Bool,
                     function: String) throws -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * MemoryLayout<Int64>.stride, zeroed: true)
    let out = buffer.typed(Int64.self)
    let validity = Bitmap.copy(column.validityView, count: count)
    let bits = validity.typed(UInt8.self)
    var zones = ZoneNameCache()
    try column.withBytes { offsets, data, valid in
        for i in 0..<count where valid[i] {
            let text = stringBytes(offsets, data, i)
            if let micros = pattern.parse(text, timeZone: timeZone, zones: &zones) {
                out[i] = micros
            } else {
                if strict {
                    throw DataFlowError(.execution, "\(function): cannot parse '\(String(decoding: text, as: UTF8.self))' with pattern '\(pattern.text)'",
                                        location: ErrorLocation(operatorName: function))
                }
                Bitmap.clear(bits, i)
            }
        }
    }
    return Column(type: .timestamp, count: count, values: buffer, validity: validity)
}
