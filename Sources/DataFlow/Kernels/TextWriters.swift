// Writers of values as text into byte buffers, for casts to string: each writes at the start of
// the buffer (or at a position) and returns the length or the next position.

/// Writes ASCII `text` into `buffer`, returning the length.
@inline(__always)
func writeASCII(_ text: StaticString, into buffer: inout [UInt8]) -> Int {
    for k in 0..<text.utf8CodeUnitCount { buffer[k] = text.utf8Start[k] }
    return text.utf8CodeUnitCount
}

/// Writes `value` as `width` zero-padded digits at `position`, returning the position after them.
@inline(__always)
private func writePadded(_ value: Int, width: Int, into buffer: inout [UInt8], at position: Int) -> Int {
    var remaining = value
    for k in stride(from: width - 1, through: 0, by: -1) {
        buffer[position + k] = UInt8(remaining % 10) + 0x30
        remaining /= 10
    }
    return position + width
}

/// Writes `yyyy-MM-dd HH:mm:ss[.ffffff]` of a timestamp in `timeZone` (trailing fraction zeros
/// dropped, as Spark prints them), returning the length.
func writeTimestamp(_ micros: Int64, timeZone: SessionTimeZone, into buffer: inout [UInt8]) -> Int {
    let local = micros + Int64(timeZone.offsetSeconds(atUTC: micros)) * microsPerSecond
    let days = floorDivide(local, microsPerDay)
    let timeOfDay = local - days * microsPerDay
    guard let day = Int32(exactly: days) else { return writeASCII("NULL", into: &buffer) }
    var position = writeDate(day, into: &buffer)
    buffer[position] = UInt8(ascii: " ")
    position = writePadded(Int(timeOfDay / microsPerHour), width: 2, into: &buffer, at: position + 1)
    buffer[position] = UInt8(ascii: ":")
    position = writePadded(Int(timeOfDay / microsPerMinute % 60), width: 2, into: &buffer, at: position + 1)
    buffer[position] = UInt8(ascii: ":")
    position = writePadded(Int(timeOfDay / microsPerSecond % 60), width: 2, into: &buffer, at: position + 1)
    var fraction = Int(timeOfDay % microsPerSecond)
    if fraction != 0 {
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        buffer[position] = UInt8(ascii: ".")
        position = writePadded(fraction, width: digits, into: &buffer, at: position + 1)
    }
    return position
}

/// Writes an unscaled decimal with `scale` fraction digits, returning the length.
func writeDecimal(_ unscaled: Int128, scale: Int, into buffer: inout [UInt8]) -> Int {
    var digits = [UInt8]()
    var magnitude = unscaled.magnitude
    repeat {
        digits.append(UInt8(magnitude % 10) + 0x30)
        magnitude /= 10
    } while magnitude > 0
    while digits.count <= scale { digits.append(0x30) }
    var position = 0
    if unscaled < 0 { buffer[0] = UInt8(ascii: "-"); position = 1 }
    for (index, digit) in digits.reversed().enumerated() {
        if index == digits.count - scale { buffer[position] = UInt8(ascii: "."); position += 1 }
        buffer[position] = digit
        position += 1
    }
    return position
}

/// Writes the decimal digits of `value` into `buffer`, returning the length.
@inline(__always)
func writeDecimalDigits(_ value: Int64, into buffer: inout [UInt8]) -> Int {
    var magnitude = value.magnitude
    var reversed = [UInt8](repeating: 0, count: 20)
    var count = 0
    repeat {
        reversed[count] = UInt8(magnitude % 10) + 0x30
        magnitude /= 10
        count += 1
    } while magnitude > 0
    var length = 0
    if value < 0 { buffer[0] = UInt8(ascii: "-"); length = 1 }
    for j in stride(from: count - 1, through: 0, by: -1) {
        buffer[length] = reversed[j]
        length += 1
    }
    return length
}

/// Writes `yyyy-MM-dd` of days since the epoch into `buffer`, returning the length.
@inline(__always)
func writeDate(_ days: Int32, into buffer: inout [UInt8]) -> Int {
    let (year, month, day) = civilFromDays(Int(days))
    var length = 0
    if year < 0 || year > 9999 {
        let text = Array(formatDate(days: days).utf8)
        for byte in text { buffer[length] = byte; length += 1 }
        return length
    }
    for value in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] { buffer[length] = UInt8(value) + 0x30; length += 1 }
    buffer[length] = UInt8(ascii: "-")
    buffer[length + 1] = UInt8(month / 10) + 0x30
    buffer[length + 2] = UInt8(month % 10) + 0x30
    buffer[length + 3] = UInt8(ascii: "-")
    buffer[length + 4] = UInt8(day / 10) + 0x30
    buffer[length + 5] = UInt8(day % 10) + 0x30
    return length + 6
}
