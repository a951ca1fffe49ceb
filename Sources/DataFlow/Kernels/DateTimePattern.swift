/// A datetime pattern in the notation Spark 3.5 takes from `java.time.format.DateTimeFormatter`
/// (`yyyy-MM-dd HH:mm:ss.SSS XXX`), compiled once into tokens that write wall-clock times as UTF-8
/// bytes and read UTF-8 bytes back into instants: no Foundation and no `String` per value.
///
/// Letters (the count is how many times a letter repeats):
/// - `y` year: `yy` two digits (read as 2000–2099), `y` and `yyy` at least that many digits,
///   `yyyy` and more padded to the count, with a `+` when the year is longer; at most 6 letters.
/// - `M` or `L` month: `M`, `MM`, `MMM` (Jan), `MMMM` (January). `d` day of month, `D` day of year.
/// - `H` hour 0–23, `k` 1–24, `K` 0–11, `h` 1–12 with `a` (AM/PM); `m` minute; `s` second.
/// - `S` to `SSSSSSSSS` fraction of a second: formatting writes exactly that many digits, parsing
///   reads one up to that many (digits past the microsecond are dropped).
/// - `E` day of week (`E` to `EEE` Mon, `EEEE` Monday) and `Q`/`q` quarter (1, 01, Q1, 1st quarter):
///   formatting only, as in Spark.
/// - Offsets: `X` to `XXXXX` (`Z` for zero), `x` to `xxxxx`, `Z` to `ZZZ` (+0000), `ZZZZ`
///   (GMT+08:00), `ZZZZZ`; `VV` a zone ID such as America/Los_Angeles.
/// - `'text'` quoted literals (`''` is a quote), `[...]` optional sections, other non-letters as
///   themselves. Week-based letters (`Y w W u e c`) are rejected, as Spark 3 does.
///
/// Parsing follows `DateTimeFormatter` in strict mode with Spark's defaults: letters of text fields
/// and literals match in any case, the whole text must match, missing fields default to
/// 1970-01-01 00:00:00, `h` without `a` reads as AM, and dates that do not exist (February 30) fail.
/// A variable-width number directly followed by fixed-width numbers leaves them their digits
/// (`yyyyMMdd` reads `20250309`).
struct DateTimePattern: Sendable, CustomStringConvertible {
    /// What a pattern is compiled for: Spark accepts `E`, `Q` and `q` only for formatting.
    enum Purpose: Sendable { case formatting, parsing }

    /// The pattern as written.
    let text: String
    /// The compiled pattern: plain values, so that going through them costs no reference counting.
    private let tokens: [Token]
    /// The bytes of every literal and offset zero text, which tokens refer to by range.
    private let literals: [UInt8]

    /// Compiles `text` for `purpose`.
    /// - Throws: `DataFlowError` (`.invalidArgument`) naming `function` for a pattern Spark rejects,
    ///   (`.notImplemented`) for letters Spark accepts that DataFlow does not support yet.
    init(_ text: String, for purpose: Purpose, function: String) throws {
        self.text = text
        do {
            (tokens, literals) = try Self.compile(Array(text.utf8), purpose: purpose)
        } catch let problem as PatternProblem {
            switch problem {
            case let .invalid(reason):
                throw DataFlowError(.invalidArgument, "\(function): invalid datetime pattern '\(text)': \(reason)",
                                    location: ErrorLocation(operatorName: function))
            case let .unsupported(letter):
                throw DataFlowError(.notImplemented, "\(function): pattern letter '\(letter)' in '\(text)' is not supported yet",
                                    location: ErrorLocation(operatorName: function))
            }
        }
    }

    var description: String { text }

    /// The most bytes `format` writes when the zone ID is `zoneIDLength` bytes long.
    func maxLength(zoneIDLength: Int) -> Int {
        tokens.reduce(0) { total, token in
            switch token {
            case let .literal(range): return total + range.count
            case let .number(format): return total + max(format.minWidth, 20) // a sign and 19 digits
            case .twoDigitYear: return total + 2
            case let .fraction(digits): return total + digits
            case .text: return total + 11 // "1st quarter", "September"
            case let .offset(format): return total + max(9, format.zeroText.count) // "+HH:MM:SS"
            case .gmtOffset: return total + 12 // "GMT+HH:MM:SS"
            case .zoneID: return total + zoneIDLength
            case .optional: return total
            }
        }
    }

    /// Writes `clock` with the pattern at `output`, which has room for
    /// `maxLength(zoneIDLength: zoneID.count)` bytes; `VV` writes `zoneID`. Returns the number of
    /// bytes written.
    func format(_ clock: WallClock, zoneID: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var output = ByteWriter(output)
        literals.withUnsafeBufferPointer { pool in
            for token in tokens {
                switch token {
                case let .literal(range): output.append(contentsOf: UnsafeBufferPointer(rebasing: pool[range]))
                case let .number(format): Self.appendNumber(Self.value(of: format.field, clock), format, &output)
                case .twoDigitYear: Self.appendDigits(Int(clock.year.magnitude % 100), width: 2, &output)
                case let .fraction(digits): Self.appendFraction(clock.microsecond, digits: digits, &output)
                case let .text(field): Self.appendText(field, clock, &output)
                case let .offset(format): Self.appendOffset(clock.offsetSeconds, format, pool, &output)
                case .gmtOffset: Self.appendGMTOffset(clock.offsetSeconds, &output)
                case .zoneID: output.append(contentsOf: zoneID)
                case .optional: break // the section's tokens follow; formatting writes them all
                }
            }
        }
        return output.count
    }

    /// The instant (microseconds since the epoch) that `text` denotes, or nil when it does not match
    /// the pattern or names a date or time that does not exist. Text without an offset or zone is
    /// wall-clock time in `timeZone` (a time skipped by a DST gap moves forward by the gap, an
    /// ambiguous one takes the earlier instant); `zones` remembers zone names read by `VV`.
    func parse(_ text: UnsafeBufferPointer<UInt8>, timeZone: SessionTimeZone, zones: inout ZoneNameCache) -> Int64? {
        var fields = ParsedFields()
        let end = literals.withUnsafeBufferPointer { pool in
            Self.parse(tokens, 0..<tokens.count, pool, text, 0, &fields, &zones)
        }
        guard end == text.count else { return nil }
        return fields.instant(defaultZone: timeZone)
    }
}

// MARK: - Tokens

extension DateTimePattern {
    /// One element of a compiled pattern.
    fileprivate enum Token: Sendable {
        /// Bytes of the literal pool.
        case literal(Range<Int>)
        case number(NumberFormat)
        /// `yy`: the last two digits; parsing reads 2000–2099.
        case twoDigitYear
        /// `S…`: exactly `digits` digits when formatting, 1 up to `digits` when parsing.
        case fraction(digits: Int)
        case text(TextField)
        case offset(OffsetFormat)
        /// `ZZZZ`: `GMT`, `GMT+08:00`.
        case gmtOffset
        /// `VV`: a zone ID.
        case zoneID
        /// `[`: the tokens up to index `end` form an optional section, written always; when parsing,
        /// skipped if they do not match.
        case optional(end: Int)
    }

    /// The numeric fields a pattern reads and writes.
    fileprivate enum NumberField: Sendable {
        case year, month, dayOfMonth, dayOfYear, hourOfDay, clockHourOfAmPm, hourOfAmPm, clockHourOfDay, minute, second, quarter
    }

    /// How a number shows its sign (java.time's `SignStyle`).
    fileprivate enum SignStyle: Sendable {
        /// No sign is written or read.
        case notNegative
        /// `-` for negative values.
        case normal
        /// `-` for negative values, `+` for values wider than the minimum width.
        case exceedsPad
    }

    /// A number of `minWidth` to `maxWidth` digits, zero-padded to `minWidth` when written.
    fileprivate struct NumberFormat: Sendable {
        let field: NumberField
        let minWidth: Int
        let maxWidth: Int
        let sign: SignStyle
        /// Digits left to the fixed-width numbers that follow directly (parsing `yyyyMMdd`).
        var reserved = 0

        var isFixedWidth: Bool { minWidth == maxWidth && sign == .notNegative }
    }

    /// Fields written as words.
    fileprivate enum TextField: Sendable {
        case monthShort, monthFull, dayOfWeekShort, dayOfWeekFull, amPm, quarterShort, quarterFull
    }

    /// An offset such as `+05:30` in one of java.time's nine layouts, `zeroText` standing for zero.
    fileprivate struct OffsetFormat: Sendable {
        /// 0 `+HH`, 1 `+HHmm`, 2 `+HH:mm`, 3 `+HHMM`, 4 `+HH:MM`, 5 `+HHMMss`, 6 `+HH:MM:ss`,
        /// 7 `+HHMMSS`, 8 `+HH:MM:SS` (lower case: written only when not zero).
        let layout: Int
        /// Bytes of the literal pool.
        let zeroText: Range<Int>

        var hasColon: Bool { layout % 2 == 0 }
        /// Minutes: written when non-zero for layouts 1–2, always from 3.
        var requiresMinutes: Bool { layout >= 3 }
        var allowsMinutes: Bool { layout >= 1 }
        var requiresSeconds: Bool { layout >= 7 }
        var allowsSeconds: Bool { layout >= 5 }
    }

    /// Why a pattern does not compile.
    private enum PatternProblem: Error {
        case invalid(String)
        case unsupported(Character)
    }
}

// MARK: - Compiling

extension DateTimePattern {
    private static let quote = UInt8(ascii: "'")

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func compile(_ pattern: [UInt8], purpose: Purpose) throws -> (tokens: [Token], literals: [UInt8]) {
        var tokens: [Token] = [], literals: [UInt8] = []
        var openSections: [Int] = [] // indices of the `.optional` tokens not closed yet
        var mergesFrom = 0 // a literal extends the token before it only within one section
        func appendLiteral(_ bytes: [UInt8]) {
            if tokens.count > mergesFrom, case let .literal(range) = tokens[tokens.count - 1], range.upperBound == literals.count {
                literals.append(contentsOf: bytes)
                tokens[tokens.count - 1] = .literal(range.lowerBound..<literals.count)
            } else {
                literals.append(contentsOf: bytes)
                tokens.append(.literal((literals.count - bytes.count)..<literals.count))
            }
        }
        var index = 0
        while index < pattern.count {
            let byte = pattern[index]
            if isLetter(byte) {
                var count = 1
                while index + count < pattern.count && pattern[index + count] == byte { count += 1 }
                tokens.append(try token(letter: Character(UnicodeScalar(byte)), count: count, purpose: purpose, literals: &literals))
                index += count
            } else if byte == quote {
                index += 1
                if index < pattern.count && pattern[index] == quote {
                    appendLiteral([quote])
                    index += 1
                    continue
                }
                var literal: [UInt8] = []
                while true {
                    guard index < pattern.count else { throw PatternProblem.invalid("a quoted literal is not closed") }
                    if pattern[index] == quote {
                        if index + 1 < pattern.count && pattern[index + 1] == quote {
                            literal.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    literal.append(pattern[index])
                    index += 1
                }
                appendLiteral(literal)
            } else if byte == UInt8(ascii: "[") {
                openSections.append(tokens.count)
                tokens.append(.optional(end: tokens.count))
                mergesFrom = tokens.count
                index += 1
            } else if byte == UInt8(ascii: "]") {
                guard let open = openSections.popLast() else { throw PatternProblem.invalid("']' without a preceding '['") }
                tokens[open] = .optional(end: tokens.count)
                mergesFrom = tokens.count
                index += 1
            } else if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") {
                throw PatternProblem.invalid("'\(Character(UnicodeScalar(byte)))' is reserved")
            } else {
                appendLiteral([byte])
                index += 1
            }
        }
        guard openSections.isEmpty else { throw PatternProblem.invalid("'[' without a closing ']'") }
        reserveAdjacentWidths(&tokens, in: 0..<tokens.count)
        return (tokens, literals)
    }

    /// The token for `count` repetitions of `letter`; offset zero texts go to `literals`.
    private static func token(letter: Character, count: Int, purpose: Purpose, literals: inout [UInt8]) throws -> Token {
        let tooMany = PatternProblem.invalid("too many pattern letters: \(letter)")
        func number(_ field: NumberField) throws -> Token {
            switch count {
            case 1: return .number(NumberFormat(field: field, minWidth: 1, maxWidth: 19, sign: .notNegative))
            case 2: return .number(NumberFormat(field: field, minWidth: 2, maxWidth: 2, sign: .notNegative))
            default: throw tooMany
            }
        }
        func offset(_ layout: Int, zero: String) -> Token {
            literals.append(contentsOf: zero.utf8)
            return .offset(OffsetFormat(layout: layout, zeroText: (literals.count - zero.utf8.count)..<literals.count))
        }
        func formattingOnly() throws {
            guard purpose == .formatting else {
                throw PatternProblem.invalid("'\(letter)' can only be used for formatting (date_format), not for parsing")
            }
        }
        switch letter {
        case "y":
            guard count <= 6 else { throw tooMany }
            if count == 2 { return .twoDigitYear }
            return .number(NumberFormat(field: .year, minWidth: count, maxWidth: 19, sign: count < 4 ? .normal : .exceedsPad))
        case "M", "L":
            switch count {
            case 1, 2: return try number(.month)
            case 3: return .text(.monthShort)
            case 4: return .text(.monthFull)
            default: throw tooMany
            }
        case "d": return try number(.dayOfMonth)
        case "D":
            switch count {
            case 1: return .number(NumberFormat(field: .dayOfYear, minWidth: 1, maxWidth: 19, sign: .notNegative))
            case 2: return .number(NumberFormat(field: .dayOfYear, minWidth: 2, maxWidth: 3, sign: .notNegative))
            case 3: return .number(NumberFormat(field: .dayOfYear, minWidth: 3, maxWidth: 3, sign: .notNegative))
            default: throw tooMany
            }
        case "H": return try number(.hourOfDay)
        case "h": return try number(.clockHourOfAmPm)
        case "K": return try number(.hourOfAmPm)
        case "k": return try number(.clockHourOfDay)
        case "m": return try number(.minute)
        case "s": return try number(.second)
        case "S":
            guard count <= 9 else { throw tooMany }
            return .fraction(digits: count)
        case "a":
            guard count == 1 else { throw tooMany }
            return .text(.amPm)
        case "E":
            try formattingOnly()
            switch count {
            case 1...3: return .text(.dayOfWeekShort)
            case 4: return .text(.dayOfWeekFull)
            default: throw tooMany
            }
        case "Q", "q":
            try formattingOnly()
            switch count {
            case 1: return .number(NumberFormat(field: .quarter, minWidth: 1, maxWidth: 1, sign: .notNegative))
            case 2: return .number(NumberFormat(field: .quarter, minWidth: 2, maxWidth: 2, sign: .notNegative))
            case 3: return .text(.quarterShort)
            case 4: return .text(.quarterFull)
            default: throw tooMany
            }
        case "X", "x":
            guard count <= 5 else { throw tooMany }
            let layout = [1, 3, 4, 5, 6][count - 1]
            return offset(layout, zero: letter == "X" ? "Z" : (count == 1 ? "+00" : (count % 2 == 0 ? "+0000" : "+00:00")))
        case "Z":
            switch count {
            case 1...3: return offset(3, zero: "+0000")
            case 4: return .gmtOffset
            case 5: return offset(6, zero: "Z")
            default: throw tooMany
            }
        case "V":
            guard count == 2 else { throw PatternProblem.invalid("pattern letter count must be 2: V") }
            return .zoneID
        case "Y", "w", "W", "u", "e", "c":
            throw PatternProblem.invalid("week-based pattern letter '\(letter)' is not supported since Spark 3.0; use weekofyear or dayofweek")
        case "A", "n", "N", "p", "B":
            throw PatternProblem.invalid("illegal pattern character '\(letter)'")
        case "G", "z", "O", "v", "F":
            throw PatternProblem.unsupported(letter)
        default:
            throw PatternProblem.invalid("unknown pattern letter '\(letter)'")
        }
    }

    /// Gives each variable-width number the widths of the fixed-width numbers right after it in its
    /// section, as java.time's adjacent value parsing does. When another variable-width number ends
    /// that run (`dMMyyyy`), java.time drops the reservation and the first number reads greedily;
    /// so does this.
    private static func reserveAdjacentWidths(_ tokens: inout [Token], in range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            switch tokens[index] {
            case let .optional(end):
                reserveAdjacentWidths(&tokens, in: (index + 1)..<end)
                index = end
                continue
            case var .number(format) where !format.isFixedWidth:
                var next = index + 1
                scan: while next < range.upperBound {
                    switch tokens[next] {
                    case let .number(following) where following.isFixedWidth: format.reserved += following.maxWidth
                    case .twoDigitYear: format.reserved += 2
                    case .fraction(digits: 1): format.reserved += 1
                    case .number: format.reserved = 0; break scan
                    default: break scan
                    }
                    next += 1
                }
                tokens[index] = .number(format)
            default:
                break
            }
            index += 1
        }
    }
}

// MARK: - Formatting

/// A wall-clock date and time and the zone offset it was read at: what formatting writes.
struct WallClock {
    /// Days since 1970-01-01 of the local date.
    let epochDay: Int
    let year: Int
    let month: Int
    let day: Int
    let hour: Int
    let minute: Int
    let second: Int
    let microsecond: Int
    /// Seconds east of UTC.
    let offsetSeconds: Int

    /// The wall clock at instant `micros` where the zone is `offsetSeconds` east of UTC.
    init(utc micros: Int64, offsetSeconds: Int) {
        let local = micros &+ Int64(offsetSeconds) &* microsPerSecond
        let days = floorDivide(local, microsPerDay)
        // Wrapping: the true difference is within a day even where the product would overflow.
        let time = Int(local &- days &* microsPerDay)
        epochDay = Int(days)
        (year, month, day) = civilFromDays(epochDay)
        hour = time / Int(microsPerHour)
        minute = time / Int(microsPerMinute) % 60
        second = time / Int(microsPerSecond) % 60
        microsecond = time % Int(microsPerSecond)
        self.offsetSeconds = offsetSeconds
    }
}

/// Bytes written at a pointer whose memory the caller has sized.
private struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}

extension DateTimePattern {
    /// The English name of `month` (1...12).
    private static func monthName(_ month: Int) -> StaticString {
        switch month {
        case 1: return "January"
        case 2: return "February"
        case 3: return "March"
        case 4: return "April"
        case 5: return "May"
        case 6: return "June"
        case 7: return "July"
        case 8: return "August"
        case 9: return "September"
        case 10: return "October"
        case 11: return "November"
        default: return "December"
        }
    }

    /// The English name of an ISO day of the week (1 = Monday ... 7 = Sunday).
    private static func dayName(_ day: Int) -> StaticString {
        switch day {
        case 1: return "Monday"
        case 2: return "Tuesday"
        case 3: return "Wednesday"
        case 4: return "Thursday"
        case 5: return "Friday"
        case 6: return "Saturday"
        default: return "Sunday"
        }
    }

    /// AM (1) or PM (2).
    private static func amPmName(_ index: Int) -> StaticString { index == 1 ? "AM" : "PM" }

    private static func quarterName(_ quarter: Int) -> StaticString {
        switch quarter {
        case 1: return "1st quarter"
        case 2: return "2nd quarter"
        case 3: return "3rd quarter"
        default: return "4th quarter"
        }
    }

    /// The first `length` bytes of `name` (all of them when nil).
    private static func bytes(_ name: StaticString, prefix length: Int? = nil) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: name.utf8Start, count: min(length ?? name.utf8CodeUnitCount, name.utf8CodeUnitCount))
    }

    private static let gmt: StaticString = "GMT"

    private static func value(of field: NumberField, _ clock: WallClock) -> Int {
        switch field {
        case .year: return clock.year
        case .month: return clock.month
        case .dayOfMonth: return clock.day
        case .dayOfYear: return clock.epochDay - daysFromCivil(year: clock.year, month: 1, day: 1) + 1
        case .hourOfDay: return clock.hour
        case .clockHourOfAmPm: return clock.hour % 12 == 0 ? 12 : clock.hour % 12
        case .hourOfAmPm: return clock.hour % 12
        case .clockHourOfDay: return clock.hour == 0 ? 24 : clock.hour
        case .minute: return clock.minute
        case .second: return clock.second
        case .quarter: return (clock.month - 1) / 3 + 1
        }
    }

    private static func appendText(_ field: TextField, _ clock: WallClock, _ output: inout ByteWriter) {
        switch field {
        case .monthShort: output.append(contentsOf: bytes(monthName(clock.month), prefix: 3))
        case .monthFull: output.append(contentsOf: bytes(monthName(clock.month)))
        case .dayOfWeekShort: output.append(contentsOf: bytes(dayName(isoDayOfWeek(clock.epochDay)), prefix: 3))
        case .dayOfWeekFull: output.append(contentsOf: bytes(dayName(isoDayOfWeek(clock.epochDay))))
        case .amPm: output.append(contentsOf: bytes(amPmName(clock.hour < 12 ? 1 : 2)))
        case .quarterShort:
            output.append(UInt8(ascii: "Q"))
            output.append(UInt8(truncatingIfNeeded: (clock.month - 1) / 3) &+ UInt8(ascii: "1"))
        case .quarterFull: output.append(contentsOf: bytes(quarterName((clock.month - 1) / 3 + 1)))
        }
    }

    private static func appendNumber(_ value: Int, _ format: NumberFormat, _ output: inout ByteWriter) {
        let magnitude = Int(value.magnitude)
        if value < 0 {
            output.append(UInt8(ascii: "-"))
        } else if format.sign == .exceedsPad && digitCount(magnitude) > format.minWidth {
            output.append(UInt8(ascii: "+"))
        }
        appendDigits(magnitude, width: format.minWidth, &output)
    }

    private static func digitCount(_ value: Int) -> Int {
        var count = 1, rest = value
        while rest >= 10 { rest /= 10; count += 1 }
        return count
    }

    /// Appends the decimal digits of `value` (not negative), zero-padded to `width`. Digits come
    /// from divisions by the constant 10, which compile to multiplications.
    private static func appendDigits(_ value: Int, width: Int, _ output: inout ByteWriter) {
        if width == 2 && value < 100 {
            output.append(UInt8(truncatingIfNeeded: value / 10) &+ UInt8(ascii: "0"))
            output.append(UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0"))
            return
        }
        let length = max(width, digitCount(value))
        var rest = value
        for index in stride(from: output.count + length - 1, through: output.count, by: -1) {
            output.base[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
            rest /= 10
        }
        output.count += length
    }

    /// Appends `digits` digits of the fraction of a second: the microsecond's six, truncated or
    /// followed by zeros.
    private static func appendFraction(_ microsecond: Int, digits: Int, _ output: inout ByteWriter) {
        let start = output.count
        (output.base + start).initialize(repeating: UInt8(ascii: "0"), count: digits)
        var rest = microsecond
        for position in stride(from: 5, through: 0, by: -1) {
            if position < digits { output.base[start + position] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0") }
            rest /= 10
        }
        output.count += digits
    }

    private static func appendOffset(_ totalSeconds: Int, _ format: OffsetFormat, _ pool: UnsafeBufferPointer<UInt8>,
                                     _ output: inout ByteWriter) {
        let hours = Int(totalSeconds.magnitude) / 3600, minutes = Int(totalSeconds.magnitude) / 60 % 60, seconds = Int(totalSeconds.magnitude) % 60
        let start = output.count
        output.append(totalSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendDigits(hours, width: 2, &output)
        var written = hours
        if format.requiresMinutes || (format.allowsMinutes && minutes > 0) {
            if format.hasColon { output.append(UInt8(ascii: ":")) }
            appendDigits(minutes, width: 2, &output)
            written += minutes
            if format.requiresSeconds || (format.allowsSeconds && seconds > 0) {
                if format.hasColon { output.append(UInt8(ascii: ":")) }
                appendDigits(seconds, width: 2, &output)
                written += seconds
            }
        }
        // What was written reads as zero (including an offset of seconds a layout drops): zero text.
        if written == 0 {
            output.count = start
            output.append(contentsOf: UnsafeBufferPointer(rebasing: pool[format.zeroText]))
        }
    }

    private static func appendGMTOffset(_ totalSeconds: Int, _ output: inout ByteWriter) {
        output.append(contentsOf: bytes(gmt))
        guard totalSeconds != 0 else { return }
        let magnitude = Int(totalSeconds.magnitude)
        output.append(totalSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendDigits(magnitude / 3600, width: 2, &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(magnitude / 60 % 60, width: 2, &output)
        if magnitude % 60 != 0 {
            output.append(UInt8(ascii: ":"))
            appendDigits(magnitude % 60, width: 2, &output)
        }
    }
}

// MARK: - Parsing

/// Zones named in parsed text (`VV`), by their bytes, so that a column repeating a few names costs
/// one time zone look-up per name rather than one per value.
struct ZoneNameCache {
    private var zones: [[UInt8]: SessionTimeZone?] = [:]

    /// Creates an empty cache.
    init() {}

    /// The zone whose ID is `name`, if there is one.
    mutating func zone(named name: UnsafeBufferPointer<UInt8>) -> SessionTimeZone? {
        let key = Array(name)
        if let known = zones[key] { return known }
        let zone = try? SessionTimeZone(String(decoding: key, as: UTF8.self))
        zones[key] = .some(zone)
        return zone
    }
}

extension DateTimePattern {
    /// Field values read from text, before they are resolved into an instant.
    private struct ParsedFields {
        var year: Int?
        var month: Int?
        var dayOfMonth: Int?
        var dayOfYear: Int?
        var hourOfDay: Int?
        var hourOfAmPm: Int?
        var isPM: Bool?
        var minute: Int?
        var second: Int?
        var microsecond: Int?
        var offsetSeconds: Int?
        var zone: SessionTimeZone?

        /// Records `value` for `field`; false when it is out of range for a clock field or
        /// contradicts a value read before.
        mutating func set(_ field: NumberField, _ value: Int) -> Bool {
            switch field {
            case .year: return Self.merge(&year, value)
            case .month: return Self.merge(&month, value)
            case .dayOfMonth: return Self.merge(&dayOfMonth, value)
            case .dayOfYear: return Self.merge(&dayOfYear, value)
            case .hourOfDay: return Self.merge(&hourOfDay, value)
            case .clockHourOfAmPm: return (1...12).contains(value) && Self.merge(&hourOfAmPm, value % 12)
            case .hourOfAmPm: return (0...11).contains(value) && Self.merge(&hourOfAmPm, value)
            case .clockHourOfDay: return (1...24).contains(value) && Self.merge(&hourOfDay, value % 24)
            case .minute: return Self.merge(&minute, value)
            case .second: return Self.merge(&second, value)
            case .quarter: return false
            }
        }

        private static func merge<T: Equatable>(_ slot: inout T?, _ value: T) -> Bool {
            if let existing = slot { return existing == value }
            slot = value
            return true
        }

        mutating func setPM(_ value: Bool) -> Bool { Self.merge(&isPM, value) }
        mutating func setMicrosecond(_ value: Int) -> Bool { Self.merge(&microsecond, value) }
        mutating func setOffset(_ value: Int) -> Bool { Self.merge(&offsetSeconds, value) }

        /// The instant the fields denote, with Spark's defaults for missing fields.
        func instant(defaultZone: SessionTimeZone) -> Int64? {
            let year = self.year ?? 1970
            // Far outside the timestamp range; keeps the day arithmetic below from overflowing.
            guard year.magnitude <= 1_000_000 else { return nil }
            let days: Int
            if let dayOfYear {
                guard dayOfYear >= 1, dayOfYear <= (isLeapYear(year) ? 366 : 365) else { return nil }
                days = daysFromCivil(year: year, month: 1, day: 1) + dayOfYear - 1
                let civil = civilFromDays(days)
                if let month, month != civil.month { return nil }
                if let dayOfMonth, dayOfMonth != civil.day { return nil }
            } else {
                let month = self.month ?? 1, day = dayOfMonth ?? 1
                guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
                days = daysFromCivil(year: year, month: month, day: day)
            }
            guard Int64(days).magnitude <= maxTimestampDays, let hour = resolvedHour else { return nil }
            let minute = self.minute ?? 0, second = self.second ?? 0
            guard (0...59).contains(minute), (0...59).contains(second) else { return nil }
            let local = Int64(days) * microsPerDay + Int64(hour) * microsPerHour + Int64(minute) * microsPerMinute
                + Int64(second) * microsPerSecond + Int64(microsecond ?? 0)
            if let zone { return zone.utcMicros(fromLocal: local) }
            if let offsetSeconds { return local - Int64(offsetSeconds) * microsPerSecond }
            return defaultZone.utcMicros(fromLocal: local)
        }

        /// The hour of day: `H`/`k` checked against `h`/`K` and `a`; `h` without `a` is AM, `a`
        /// alone is 0 or 12 (Spark's rules).
        private var resolvedHour: Int? {
            if let hourOfDay {
                guard (0...23).contains(hourOfDay) else { return nil }
                if let hourOfAmPm, hourOfAmPm != hourOfDay % 12 { return nil }
                if let isPM, isPM != (hourOfDay >= 12) { return nil }
                return hourOfDay
            }
            if let hourOfAmPm { return hourOfAmPm + (isPM == true ? 12 : 0) }
            return isPM == true ? 12 : 0
        }
    }

    /// A zone read by `VV`: a fixed offset or a named zone.
    private enum ParsedZone {
        case offset(Int)
        case named(SessionTimeZone)
    }

    /// Reads `tokens[range]` from `start`; the position after them, or nil when they do not match.
    private static func parse(_ tokens: [Token], _ range: Range<Int>, _ pool: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>,
                              _ start: Int, _ fields: inout ParsedFields, _ zones: inout ZoneNameCache) -> Int? {
        var position = start
        var index = range.lowerBound
        while index < range.upperBound {
            switch tokens[index] {
            case let .literal(bytes):
                guard matches(UnsafeBufferPointer(rebasing: pool[bytes]), text, at: position) else { return nil }
                position += bytes.count
            case let .number(format):
                guard let value = parseNumber(format, text, &position), fields.set(format.field, value) else { return nil }
            case .twoDigitYear:
                guard let value = parseTwoDigits(text, &position), fields.set(.year, 2000 + value) else { return nil }
            case let .fraction(digits):
                guard let micros = parseFraction(text, &position, maxDigits: digits), fields.setMicrosecond(micros) else { return nil }
            case let .text(field):
                guard parseText(field, text, &position, &fields) else { return nil }
            case let .offset(format):
                guard let seconds = parseOffset(format, pool, text, &position), fields.setOffset(seconds) else { return nil }
            case .gmtOffset:
                guard let seconds = parseGMTOffset(text, &position), fields.setOffset(seconds) else { return nil }
            case .zoneID:
                switch parseZoneID(text, &position, &zones) {
                case let .offset(seconds)?: guard fields.setOffset(seconds) else { return nil }
                case let .named(zone)?: fields.zone = zone
                case nil: return nil
                }
            case let .optional(end):
                var attempt = fields
                if let after = parse(tokens, (index + 1)..<end, pool, text, position, &attempt, &zones) {
                    fields = attempt
                    position = after
                }
                index = end
                continue
            }
            index += 1
        }
        return position
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether `expected` is at `position`, ASCII letters in any case.
    private static func matches(_ expected: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position + expected.count <= text.count else { return false }
        for (offset, byte) in expected.enumerated() where lowercased(text[position + offset]) != lowercased(byte) { return false }
        return true
    }

    /// A number per `format`: a sign where its style allows, then `minWidth` to `maxWidth` digits,
    /// fewer when later fixed-width numbers need theirs.
    private static func parseNumber(_ format: NumberFormat, _ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int? {
        var start = position
        var negative = false, plus = false
        if start < text.count && format.sign != .notNegative {
            if text[start] == UInt8(ascii: "+") {
                guard format.sign == .exceedsPad else { return nil }
                plus = true
                start += 1
            } else if text[start] == UInt8(ascii: "-") {
                negative = true
                start += 1
            }
        }
        var available = 0
        while start + available < text.count, available < format.maxWidth + format.reserved, isDigit(text[start + available]) {
            available += 1
        }
        let width = format.reserved > 0 ? min(max(format.minWidth, available - format.reserved), available) : available
        guard width >= format.minWidth else { return nil }
        var value = 0
        for offset in 0..<width {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times.addingReportingOverflow(Int(text[start + offset] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = next
        }
        if negative {
            guard value != 0 else { return nil }
            value = -value
        } else if format.sign == .exceedsPad && plus != (width > format.minWidth) {
            // Strict java.time: a year wider than its pattern needs a '+', and only then.
            return nil
        }
        position = start + width
        return value
    }

    private static func parseTwoDigits(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int? {
        guard position + 2 <= text.count, isDigit(text[position]), isDigit(text[position + 1]) else { return nil }
        let value = Int(text[position] - UInt8(ascii: "0")) * 10 + Int(text[position + 1] - UInt8(ascii: "0"))
        position += 2
        return value
    }

    /// One up to `maxDigits` fraction digits as microseconds (digits past the sixth are dropped).
    private static func parseFraction(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int, maxDigits: Int) -> Int? {
        var micros = 0, count = 0, scale = 100_000
        while position < text.count, count < maxDigits, isDigit(text[position]) {
            micros += Int(text[position] - UInt8(ascii: "0")) * scale
            scale /= 10
            count += 1
            position += 1
        }
        return count > 0 ? micros : nil
    }

    /// The value in `values` whose name (its first `length` letters when given) is at `position`,
    /// in any case, the longest name winning.
    private static func parseName(_ values: ClosedRange<Int>, _ name: (Int) -> StaticString, prefix length: Int? = nil,
                                  _ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int? {
        var best: (value: Int, count: Int)?
        for value in values {
            let candidate = bytes(name(value), prefix: length)
            if matches(candidate, text, at: position) && candidate.count > (best?.count ?? 0) { best = (value, candidate.count) }
        }
        guard let best else { return nil }
        position += best.count
        return best.value
    }

    private static func parseText(_ field: TextField, _ text: UnsafeBufferPointer<UInt8>, _ position: inout Int,
                                  _ fields: inout ParsedFields) -> Bool {
        switch field {
        case .monthShort:
            guard let month = parseName(1...12, monthName, prefix: 3, text, &position) else { return false }
            return fields.set(.month, month)
        case .monthFull:
            guard let month = parseName(1...12, monthName, text, &position) else { return false }
            return fields.set(.month, month)
        case .amPm:
            guard let index = parseName(1...2, amPmName, text, &position) else { return false }
            return fields.setPM(index == 2)
        case .dayOfWeekShort, .dayOfWeekFull, .quarterShort, .quarterFull:
            // Formatting only: compiling for parsing rejects them.
            return false
        }
    }

    /// Two digits preceded by a colon when `colon`; the position moves only on success.
    private static func parseOffsetPart(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int, colon: Bool) -> Int? {
        var cursor = position
        if colon {
            guard cursor < text.count, text[cursor] == UInt8(ascii: ":") else { return nil }
            cursor += 1
        }
        guard let value = parseTwoDigits(text, &cursor) else { return nil }
        position = cursor
        return value
    }

    /// An offset in seconds per `format`, or its zero text.
    private static func parseOffset(_ format: OffsetFormat, _ pool: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>,
                                    _ position: inout Int) -> Int? {
        if !format.zeroText.isEmpty && matches(UnsafeBufferPointer(rebasing: pool[format.zeroText]), text, at: position) {
            position += format.zeroText.count
            return 0
        }
        guard position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-") else { return nil }
        let negative = text[position] == UInt8(ascii: "-")
        var cursor = position + 1
        guard let hours = parseTwoDigits(text, &cursor) else { return nil }
        var minutes = 0, seconds = 0
        if format.allowsMinutes {
            if let value = parseOffsetPart(text, &cursor, colon: format.hasColon) {
                minutes = value
                if format.allowsSeconds {
                    if let value = parseOffsetPart(text, &cursor, colon: format.hasColon) {
                        seconds = value
                    } else if format.requiresSeconds {
                        return nil
                    }
                }
            } else if format.requiresMinutes {
                return nil
            }
        }
        return finishOffset(hours, minutes, seconds, negative: negative, end: cursor, &position)
    }

    /// The offset in seconds when it is a valid one (at most 18 hours), moving `position` to `end`.
    private static func finishOffset(_ hours: Int, _ minutes: Int, _ seconds: Int, negative: Bool, end: Int, _ position: inout Int) -> Int? {
        let total = hours * 3600 + minutes * 60 + seconds
        guard hours <= 23, minutes <= 59, seconds <= 59, total <= 18 * 3600 else { return nil }
        position = end
        return negative ? -total : total
    }

    /// `GMT`, or `GMT` and `+HH:MM[:ss]`.
    private static func parseGMTOffset(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int? {
        guard matches(bytes(gmt), text, at: position) else { return nil }
        var cursor = position + gmt.utf8CodeUnitCount
        guard cursor < text.count, text[cursor] == UInt8(ascii: "+") || text[cursor] == UInt8(ascii: "-") else {
            position = cursor
            return 0
        }
        let negative = text[cursor] == UInt8(ascii: "-")
        cursor += 1
        guard let hours = parseTwoDigits(text, &cursor), let minutes = parseOffsetPart(text, &cursor, colon: true) else { return nil }
        let seconds = parseOffsetPart(text, &cursor, colon: true) ?? 0
        return finishOffset(hours, minutes, seconds, negative: negative, end: cursor, &position)
    }

    /// The layout java.time reads offsets of zone IDs with: `+HH:MM` and optional `:ss`.
    private static let zoneIDOffset = OffsetFormat(layout: 6, zeroText: 0..<0)
    private static let utcPrefixes: [StaticString] = ["UTC", "GMT", "UT"]

    /// A zone ID: an offset (`+01:00`), `UTC`/`GMT`/`UT` with an optional offset, `Z`, or the
    /// longest run of ID characters that names a zone (`Europe/Paris`).
    private static func parseZoneID(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ zones: inout ZoneNameCache) -> ParsedZone? {
        guard position < text.count else { return nil }
        let first = text[position]
        let noZeroText = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            return parseOffset(zoneIDOffset, noZeroText, text, &position).map(ParsedZone.offset)
        }
        for prefix in utcPrefixes where matches(bytes(prefix), text, at: position) {
            var cursor = position + prefix.utf8CodeUnitCount
            let offset = parseOffset(zoneIDOffset, noZeroText, text, &cursor) ?? 0
            position = cursor
            return .offset(offset)
        }
        var end = position
        while end < text.count, isZoneIDByte(text[end]) { end += 1 }
        var length = end - position
        while length > 0 {
            if let zone = zones.zone(named: UnsafeBufferPointer(rebasing: text[position..<(position + length)])) {
                position += length
                return .named(zone)
            }
            length -= 1
        }
        if lowercased(first) == UInt8(ascii: "z") {
            position += 1
            return .offset(0)
        }
        return nil
    }

    private static func isZoneIDByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
    }
}
