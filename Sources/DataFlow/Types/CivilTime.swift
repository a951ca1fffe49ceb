/// Conversions between days since 1970-01-01 and proleptic Gregorian (year, month, day), and the
/// microsecond arithmetic timestamps need. Pure integer arithmetic, valid for every Int32 day.

/// Microseconds in a second, minute, hour and day.
let microsPerSecond: Int64 = 1_000_000
let microsPerMinute: Int64 = 60 * microsPerSecond
let microsPerHour: Int64 = 60 * microsPerMinute
let microsPerDay: Int64 = 24 * microsPerHour

/// The most days from the epoch whose midnight, plus a day of wall-clock time and a zone offset,
/// still fits a timestamp's Int64 microseconds (about 292,000 years either way). Dates further out
/// have no timestamp: converting them yields null instead of overflowing.
let maxTimestampDays = Int(Int64.max / microsPerDay) - 2

/// Days since 1970-01-01 of the civil date (year, month 1...12, day 1...31).
@inlinable
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// The civil date (year, month, day) of days since 1970-01-01.
@inlinable
func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// Whether `year` is a leap year.
@inlinable
func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

/// The number of days in `month` of `year`.
@inlinable
func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Floor division for Int64 (rounds toward negative infinity).
@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Floor modulo for Int64 (result has the sign of `b`).
@inlinable
func floorModulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }

/// `yyyy-MM-dd` of days since the epoch.
func formatDate(days: Int32) -> String {
    let (y, m, d) = civilFromDays(Int(days))
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
}

/// `yyyy-MM-dd HH:mm:ss[.ffffff]` of a timestamp in `timeZone`, trailing zero fractions dropped
/// as Spark does.
func formatTimestamp(micros: Int64, timeZone: SessionTimeZone) -> String {
    let local = micros + Int64(timeZone.offsetSeconds(atUTC: micros)) * microsPerSecond
    let days = floorDivide(local, microsPerDay)
    let timeOfDay = local - days * microsPerDay
    let (y, m, d) = civilFromDays(Int(days))
    let hour = timeOfDay / microsPerHour
    let minute = timeOfDay / microsPerMinute % 60
    let second = timeOfDay / microsPerSecond % 60
    let fraction = timeOfDay % microsPerSecond
    var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(Int(hour), 2)):\(pad(Int(minute), 2)):\(pad(Int(second), 2))"
    if fraction != 0 {
        var digits = pad(Int(fraction), 6)
        while digits.hasSuffix("0") { digits.removeLast() }
        text += "." + digits
    }
    return text
}

/// `value` as decimal digits, left-padded with zeros to `width`.
func pad(_ value: Int, _ width: Int) -> String {
    let text = String(abs(value))
    let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    return value < 0 ? "-" + padded : padded
}
