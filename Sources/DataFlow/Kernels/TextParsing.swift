import Foundation

/// Parsers from UTF-8 bytes to values, shared by casts and text readers. Each returns nil for text
/// that is not a valid value. Leading and trailing ASCII white space is ignored, as Spark does.
enum TextParsing {
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// The bytes without surrounding white space.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// An integer; a fractional part of digits is truncated (`"1.9"` is 1), as Spark's cast does.
    static func int64(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        let bytes = trimmed(raw)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let digit = Int64(bytes[index] - 0x30)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = next
            digits += 1
            index += 1
        }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            var fractionDigits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1; fractionDigits += 1 }
            guard index == bytes.count, digits + fractionDigits > 0 else { return nil }
        }
        return digits > 0 || index > 1 ? value : nil
    }

    /// A double as Java's `Double.parseDouble` reads it (Spark's cast): decimal or scientific
    /// notation with an optional `d`/`f` suffix, and the case-insensitive literals NaN, Inf and
    /// Infinity with an optional sign.
    static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var bytes = trimmed(raw)
        guard !bytes.isEmpty, bytes.count < 400 else { return nil }
        let signed = bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")
        let bodyStart = signed ? 1 : 0
        guard bodyStart < bytes.count else { return nil }
        if (bytes[bodyStart] | 0x20) >= UInt8(ascii: "a") && (bytes[bodyStart] | 0x20) <= UInt8(ascii: "z") {
            let word = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
            let negative = bytes[0] == UInt8(ascii: "-")
            if equalsIgnoringCase(word, "inf") || equalsIgnoringCase(word, "infinity") { return negative ? -.infinity : .infinity }
            // Java takes a signed NaN only written "NaN".
            if word.elementsEqual("NaN".utf8) { return .nan }
            if equalsIgnoringCase(word, "nan") { return signed ? nil : .nan }
            return nil
        }
        // Java's float type suffixes, after a number.
        let last = bytes[bytes.count - 1] | 0x20
        if last == UInt8(ascii: "d") || last == UInt8(ascii: "f"), bytes.count > bodyStart + 1 {
            bytes = UnsafeBufferPointer(rebasing: bytes.dropLast())
        }
        // Only digits, one point, and an exponent: strtod would also take hex and other forms.
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"): continue
            default: return nil
            }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text -> Double? in
            for i in 0..<bytes.count { text[i] = CChar(bitPattern: bytes[i]) }
            text[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            guard let end, end - text.baseAddress! == bytes.count else { return nil }
            return value
        }
    }

    /// Whether ASCII `bytes` equal lower-case `word`, ignoring case.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for i in 0..<bytes.count where bytes[i] | 0x20 != expected[i] { return false }
        return true
    }

    /// A decimal with `scale` fraction digits (rounded half up) and at most `precision` digits, as
    /// Java's `BigDecimal` reads it: an optional sign, digits with at most one point, and an optional
    /// exponent (`1.234e1` is 12.34).
    static func decimal(_ raw: UnsafeBufferPointer<UInt8>, precision: Int, scale: Int) -> Int128? {
        let bytes = trimmed(raw)
        guard !bytes.isEmpty else { return nil }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { index = 1 }
        // First pass: the mantissa's extent, its significant digits (leading zeros aside), how many
        // digits follow the point, and the exponent.
        let mantissaStart = index
        var significant = 0, fractionDigits = 0
        var sawDigit = false, sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                if byte != 0x30 || significant > 0 { significant += 1 }
                if sawPoint { fractionDigits += 1 }
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        let mantissaEnd = index
        guard sawDigit else { return nil }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, bytes.count - index <= 9 else { return nil }
            while index < bytes.count {
                guard isDigit(bytes[index]) else { return nil }
                exponent = exponent * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if significant == 0 { return 0 }
        // The value is <significant digits> × 10^(exponent - fractionDigits); scaled to `scale`, the
        // first `kept` significant digits are whole and the next one rounds.
        let kept = significant + exponent - fractionDigits + scale
        // More than 38 whole digits fit no decimal (and would overflow Int128).
        guard kept <= DataType.maxDecimalPrecision else { return nil }
        if kept < 0 { return 0 }
        // Second pass: accumulate the kept digits; the one after them rounds.
        var unscaled: Int128 = 0
        var seen = 0
        var roundUp = false
        for position in mantissaStart..<mantissaEnd {
            let byte = bytes[position]
            guard isDigit(byte), byte != 0x30 || seen > 0 else { continue }
            if seen == kept {
                roundUp = byte >= 0x35
                break
            }
            unscaled = unscaled * 10 + Int128(byte - 0x30)
            seen += 1
        }
        if kept > significant { unscaled *= powerOfTen(kept - significant) }
        if roundUp { unscaled += 1 }
        guard decimalFits(unscaled, precision: precision) else { return nil }
        return negative ? -unscaled : unscaled
    }

    /// A boolean: t, true, y, yes, 1 / f, false, n, no, 0 (case-insensitive).
    static func boolean(_ raw: UnsafeBufferPointer<UInt8>) -> Bool? {
        let bytes = trimmed(raw)
        for word: StaticString in ["t", "true", "y", "yes", "1"] where equalsIgnoringCase(bytes, word) { return true }
        for word: StaticString in ["f", "false", "n", "no", "0"] where equalsIgnoringCase(bytes, word) { return false }
        return nil
    }

    /// Reads up to `maxDigits` digits from `index`; nil when fewer than `minDigits`.
    @inline(__always)
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, min minDigits: Int, max maxDigits: Int) -> Int? {
        var value = 0, count = 0
        while index < bytes.count, count < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
            count += 1
        }
        return count >= minDigits ? value : nil
    }

    /// Days since the epoch of `[+-]yyyy`, `[+-]yyyy-[m]m`, `[+-]yyyy-[m]m-[d]d` (years of 4 to 7
    /// digits), the last optionally followed by `T` or a space and anything (Spark's date cast).
    static func date(_ raw: UnsafeBufferPointer<UInt8>) -> Int32? {
        let bytes = trimmed(raw)
        var index = 0
        guard let (days, hasDay) = dateParts(bytes, &index) else { return nil }
        // Only a full date may be followed by more text.
        if index < bytes.count && (!hasDay || (bytes[index] != UInt8(ascii: " ") && bytes[index] != UInt8(ascii: "T"))) { return nil }
        return Int32(exactly: days)
    }

    /// Parses the date part; returns days and whether a day was given.
    private static func dateParts(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (Int, Bool)? {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard var year = digits(bytes, &index, min: 4, max: 7) else { return nil }
        if negative { year = -year }
        var month = 1, day = 1
        var hasDay = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard let m = digits(bytes, &index, min: 1, max: 2) else { return nil }
            month = m
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                index += 1
                guard let d = digits(bytes, &index, min: 1, max: 2) else { return nil }
                day = d
                hasDay = true
            }
        }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return (daysFromCivil(year: year, month: month, day: day), hasDay)
    }

    /// Microseconds since the epoch (UTC) of `yyyy-mm-dd[( |T)hh:mm[:ss[.ffffff]]][zone]`; text with no
    /// zone is read as wall-clock time in `timeZone`. Zones: `Z`, `+hh:mm`, `-hhmm`, `UTC`, region names.
    /// Dates beyond the timestamp range (about 292,000 years either side of 1970) are nil.
    static func timestamp(_ raw: UnsafeBufferPointer<UInt8>, timeZone: SessionTimeZone) -> Int64? {
        let bytes = trimmed(raw)
        var index = 0
        guard let (days, _) = dateParts(bytes, &index), Int64(days).magnitude <= maxTimestampDays else { return nil }
        var micros = Int64(days) * microsPerDay
        if index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "T") {
            index += 1
            guard let hour = digits(bytes, &index, min: 1, max: 2), hour < 24 else { return nil }
            var minute = 0, second = 0, fraction: Int64 = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                guard let m = digits(bytes, &index, min: 1, max: 2), m < 60 else { return nil }
                minute = m
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    guard let s = digits(bytes, &index, min: 1, max: 2), s < 60 else { return nil }
                    second = s
                    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                        index += 1
                        var scale: Int64 = 100_000
                        var count = 0
                        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                            if count < 6 { fraction += Int64(bytes[index] - 0x30) * scale; scale /= 10 }
                            count += 1
                            index += 1
                        }
                        guard count > 0 else { return nil }
                    }
                }
            }
            micros += Int64(hour) * microsPerHour + Int64(minute) * microsPerMinute + Int64(second) * microsPerSecond + fraction
        }
        // Zone suffix.
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        if index == bytes.count { return timeZone.utcMicros(fromLocal: micros) }
        let zoneText = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
        if zoneText == "Z" || zoneText == "UTC" || zoneText == "GMT" { return micros }
        if let offset = parseOffset(zoneText) { return micros - Int64(offset) * microsPerSecond }
        guard let zone = try? SessionTimeZone(zoneText) else { return nil }
        return zone.utcMicros(fromLocal: micros)
    }
}
