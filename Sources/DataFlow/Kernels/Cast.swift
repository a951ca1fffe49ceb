/// How a cast treats invalid input and which zone it reads and writes wall-clock text in.
struct CastOptions: Sendable {
    /// Throw on invalid input (ANSI) instead of yielding null.
    var strict: Bool
    /// The session time zone.
    var timeZone: SessionTimeZone
}

/// Converts `column` to `target` with Spark's rules: invalid values become null (or throw in strict
/// mode, naming the value and the row), integer narrowing wraps, doubles truncate toward zero.
/// - Throws: `DataFlowError` (`.execution`) in strict mode; (`.analysis`) for unsupported pairs.
func cast(_ column: Column, to target: DataType, options: CastOptions) throws -> Column {
    let source = column.type
    if source == target { return column }
    if source == .null { return Column.nulls(type: target, count: column.count) }
    if !canCast(from: source, to: target) {
        throw DataFlowError(.analysis, "cannot cast \(source) to \(target)")
    }
    if source.isNested { return try castNested(column, to: target, options: options) }
    if target == .string { return castToString(column, options: options) }
    if source == .string { return try castFromString(column, to: target, options: options) }
    if source == .binary || target == .binary { return column.reinterpreted(as: target) }
    return try castFixed(column, to: target, options: options)
}

/// Whether a cast from `source` to `target` exists.
func canCast(from source: DataType, to target: DataType) -> Bool {
    if source == target || source == .null { return true }
    if source.isNested { return source.canCastNested(to: target) }
    if target.isNested { return false }
    if target == .string { return true }
    switch (source, target) {
    case (.string, _): return target != .null
    case (.binary, .string): return true
    case (.binary, _), (_, .binary): return false
    case (.date, .timestamp), (.timestamp, .date): return true
    case (.date, _), (_, .date): return false
    case (.timestamp, .int32), (.timestamp, .int64), (.timestamp, .float64), (.int32, .timestamp), (.int64, .timestamp),
         (.float64, .timestamp), (.timestamp, .decimal), (.decimal, .timestamp): return true
    case (.boolean, _), (_, .boolean): return true
    default: return source.isNumeric && target.isNumeric
    }
}

/// Fills a fixed-width column row by row with `convert`, which sees only non-null rows and returns
/// nil for invalid input (null, or an error in strict mode).
@inline(__always)
private func mapRows<T>(_ column: Column, to target: DataType, strict: Bool, _ convert: (Int) -> T?) throws -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride, zeroed: true)
    let out = buffer.typed(T.self)
    let validity = Bitmap.copy(column.validityView, count: count)
    let bits = validity.typed(UInt8.self)
    let input = column.validityView
    for i in 0..<count where input[i] {
        if let value = convert(i) {
            out[i] = value
        } else {
            if strict { throw invalidCast(column, row: i, target: target) }
            Bitmap.clear(bits, i)
        }
    }
    return Column(type: target, count: count, values: buffer, validity: validity)
}

/// Like `mapRows`, for boolean output.
private func mapRowsToBits(_ column: Column, strict: Bool, _ convert: (Int) -> Bool?) throws -> Column {
    let count = column.count
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    let validity = Bitmap.copy(column.validityView, count: count)
    let bits = validity.typed(UInt8.self)
    let input = column.validityView
    for i in 0..<count where input[i] {
        if let value = convert(i) {
            if value { Bitmap.set(out, i) }
        } else {
            if strict { throw invalidCast(column, row: i, target: .boolean) }
            Bitmap.clear(bits, i)
        }
    }
    return Column(type: .boolean, count: count, values: buffer, validity: validity)
}

private func invalidCast(_ column: Column, row: Int, target: DataType) -> DataFlowError {
    DataFlowError(.execution, "cannot cast '\(column.scalar(at: row).formatted())' of type \(column.type) to \(target)",
                  location: ErrorLocation(operatorName: "cast"))
}

// MARK: From string

private func castFromString(_ column: Column, to target: DataType, options: CastOptions) throws -> Column {
    if target == .binary { return column.reinterpreted(as: .binary) }
    return try column.withBytes { offsets, data, _ in
        @inline(__always) func text(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: data + Int(offsets[i]), count: Int(offsets[i + 1] - offsets[i]))
        }
        switch target {
        case .boolean: return try mapRowsToBits(column, strict: options.strict) { TextParsing.boolean(text($0)) }
        case .int32:
            return try mapRows(column, to: target, strict: options.strict) { i -> Int32? in TextParsing.int64(text(i)).flatMap { Int32(exactly: $0) } }
        case .int64: return try mapRows(column, to: target, strict: options.strict) { TextParsing.int64(text($0)) }
        case .float64: return try mapRows(column, to: target, strict: options.strict) { TextParsing.double(text($0)) }
        case let .decimal(p, s):
            if p <= 18 {
                return try mapRows(column, to: target, strict: options.strict) { i -> Int64? in
                    TextParsing.decimal(text(i), precision: p, scale: s).map { Int64($0) }
                }
            }
            return try mapRows(column, to: target, strict: options.strict) { TextParsing.decimal(text($0), precision: p, scale: s) }
        case .date: return try mapRows(column, to: target, strict: options.strict) { TextParsing.date(text($0)) }
        case .timestamp:
            return try mapRows(column, to: target, strict: options.strict) { TextParsing.timestamp(text($0), timeZone: options.timeZone) }
        default: throw DataFlowError(.analysis, "cannot cast string to \(target)")
        }
    }
}

// MARK: To string

private func castToString(_ column: Column, options: CastOptions) -> Column {
    var builder = ColumnBuilder(type: .string, capacity: column.count)
    let validity = column.validityView
    var scratch = [UInt8](repeating: 0, count: 64)
    /// Writes each non-null row's text with `write` (which returns its length) straight into the
    /// builder: no String per value.
    func formatRows(_ write: (Int, inout [UInt8]) -> Int) {
        for i in 0..<column.count {
            guard validity[i] else { builder.appendNull(); continue }
            let length = write(i, &scratch)
            scratch.withUnsafeBytes { builder.appendBytes(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        }
    }
    switch column.type {
    case .int32: column.withValues(Int32.self) { v, _ in formatRows { writeDecimalDigits(Int64(v[$0]), into: &$1) } }
    case .int64: column.withValues(Int64.self) { v, _ in formatRows { writeDecimalDigits(v[$0], into: &$1) } }
    case .date: column.withValues(Int32.self) { v, _ in formatRows { writeDate(v[$0], into: &$1) } }
    case .timestamp:
        column.withValues(Int64.self) { v, _ in formatRows { writeTimestamp(v[$0], timeZone: options.timeZone, into: &$1) } }
    case .boolean:
        column.withBits { bits, _ in formatRows { i, out in writeASCII(bits[i] ? "true" : "false", into: &out) } }
    case let .decimal(_, scale):
        let unscaled = decimalValues(column)
        formatRows { writeDecimal(unscaled[$0], scale: scale, into: &$1) }
    case .binary:
        return column.reinterpreted(as: .string)
    default:
        // Doubles use the standard library's shortest round-trip digits, reached through a String.
        for i in 0..<column.count {
            if validity[i] { builder.appendString(column.scalar(at: i).formatted(timeZone: options.timeZone)) } else { builder.appendNull() }
        }
    }
    return builder.finish()
}

// MARK: Between fixed-width types

private func castFixed(_ column: Column, to target: DataType, options: CastOptions) throws -> Column {
    // The conversions below go through an intermediate type, which may be the column's own.
    if column.type == target { return column }
    let strict = options.strict
    switch (column.type, target) {
    case (.date, .timestamp):
        return try column.withValues(Int32.self) { days, _ in
            try mapRows(column, to: target, strict: strict) { i -> Int64? in
                // Dates beyond about 292,000 years have no timestamp.
                Int64(days[i]).magnitude <= maxTimestampDays ? options.timeZone.utcMicros(fromLocal: Int64(days[i]) * microsPerDay) : nil
            }
        }
    case (.timestamp, .date):
        return try column.withValues(Int64.self) { micros, _ in
            try mapRows(column, to: target, strict: strict) { i -> Int32? in
                let (local, overflow) = micros[i].addingReportingOverflow(Int64(options.timeZone.offsetSeconds(atUTC: micros[i])) * microsPerSecond)
                return overflow ? nil : Int32(exactly: floorDivide(local, microsPerDay))
            }
        }
    case (.timestamp, .boolean):
        // Spark tests the microseconds: only the epoch itself is false.
        return try column.withValues(Int64.self) { micros, _ in try mapRowsToBits(column, strict: strict) { micros[$0] != 0 } }
    case (.timestamp, _):
        // Seconds since the epoch: with their fraction for doubles and decimals, floored to whole
        // seconds for integers (Spark's timestampToDouble / timestampToLong).
        let seconds = try column.withValues(Int64.self) { micros, _ in
            try mapRows(column, to: .float64, strict: strict) { Double(micros[$0]) / 1e6 }
        }
        if target == .float64 { return seconds }
        if target.isDecimal { return try castNumeric(seconds, to: target, strict: strict) }
        let whole = try column.withValues(Int64.self) { micros, _ in
            try mapRows(column, to: .int64, strict: strict) { floorDivide(micros[$0], microsPerSecond) }
        }
        return target == .int64 ? whole : try castNumeric(whole, to: target, strict: strict)
    case (.boolean, .timestamp):
        // Spark reads true as 1 microsecond after the epoch, not 1 second.
        return try column.withBits { bits, _ in try mapRows(column, to: .timestamp, strict: strict) { Int64(bits[$0] ? 1 : 0) } }
    case (_, .timestamp):
        let seconds = try castFixed(column, to: .float64, options: options)
        return try seconds.withValues(Double.self) { values, _ in
            try mapRows(seconds, to: .timestamp, strict: strict) { i -> Int64? in
                let micros = (values[i] * 1e6).rounded(.towardZero)
                return micros.isFinite && abs(micros) < 9.2e18 ? Int64(micros) : nil
            }
        }
    case (.boolean, _):
        let ints = try column.withBits { bits, _ in try mapRows(column, to: .int64, strict: strict) { Int64(bits[$0] ? 1 : 0) } }
        return try castFixed(ints, to: target, options: options)
    case (_, .boolean):
        let doubles = try castFixed(column, to: .float64, options: options)
        return try doubles.withValues(Double.self) { values, _ in try mapRowsToBits(doubles, strict: strict) { values[$0] != 0 } }
    default:
        return try castNumeric(column, to: target, strict: strict)
    }
}

/// Reads numeric column values as a common representation: exact integers (decimals unscaled with
/// their scale) or doubles.
private func castNumeric(_ column: Column, to target: DataType, strict: Bool) throws -> Column {
    let source = column.type
    switch (source, target) {
    case (.int32, .int64): return try column.withValues(Int32.self) { v, _ in try mapRows(column, to: target, strict: strict) { Int64(v[$0]) } }
    case (.int32, .float64): return try column.withValues(Int32.self) { v, _ in try mapRows(column, to: target, strict: strict) { Double(v[$0]) } }
    case (.int64, .float64): return try column.withValues(Int64.self) { v, _ in try mapRows(column, to: target, strict: strict) { Double(v[$0]) } }
    case (.int64, .int32):
        return try column.withValues(Int64.self) { v, _ in
            try mapRows(column, to: target, strict: strict) { i -> Int32? in
                strict ? Int32(exactly: v[i]) : Int32(truncatingIfNeeded: v[i])
            }
        }
    case (.float64, .int32), (.float64, .int64):
        let bound: Double = target == .int32 ? 2_147_483_648 : 9_223_372_036_854_775_808
        let wide = try column.withValues(Double.self) { v, _ in
            try mapRows(column, to: .int64, strict: strict) { i -> Int64? in
                let value = v[i]
                if value.isNaN { return strict ? nil : 0 }
                if value >= bound || value < -bound {
                    // Java's cast saturates.
                    return strict ? nil : (value > 0 ? (target == .int32 ? Int64(Int32.max) : Int64.max) : (target == .int32 ? Int64(Int32.min) : Int64.min))
                }
                return Int64(value.rounded(.towardZero))
            }
        }
        return target == .int32 ? try castNumeric(wide, to: .int32, strict: strict) : wide
    case let (.decimal(_, s), .float64):
        let unscaled = decimalValues(column)
        let divisor = Double(powerOfTen(s))
        return try mapRows(column, to: target, strict: strict) { Double(unscaled[$0]) / divisor }
    case let (.decimal(_, s), _) where target.isInteger:
        let unscaled = decimalValues(column)
        let divisor = powerOfTen(s)
        let wide = try mapRows(column, to: .int64, strict: strict) { i -> Int64? in
            let whole = unscaled[i] / divisor
            return strict ? Int64(exactly: whole) : Int64(truncatingIfNeeded: whole)
        }
        return target == .int32 ? try castNumeric(wide, to: .int32, strict: strict) : wide
    case let (.decimal(fromPrecision, fromScale), .decimal(p, s)) where s >= fromScale && p - s >= fromPrecision - fromScale:
        return widenDecimal(column, to: target, by: s - fromScale)
    case let (_, .decimal(p, s)):
        let values: [Int128?]
        switch source {
        case .int32: values = column.withValues(Int32.self) { v, _ in (0..<column.count).map { rescaleDecimal(Int128(v[$0]), from: 0, to: s) } }
        case .int64: values = column.withValues(Int64.self) { v, _ in (0..<column.count).map { rescaleDecimal(Int128(v[$0]), from: 0, to: s) } }
        case .float64:
            values = column.withValues(Double.self) { v, _ in (0..<column.count).map { decimalFromDouble(v[$0], scale: s) } }
        case let .decimal(_, fromScale):
            let unscaled = decimalValues(column)
            values = (0..<column.count).map { roundDecimal(unscaled[$0], from: fromScale, to: s) }
        default: throw DataFlowError(.analysis, "cannot cast \(source) to \(target)")
        }
        return try makeDecimalColumn(column, values: values, precision: p, scale: s, strict: strict)
    default:
        throw DataFlowError(.analysis, "cannot cast \(source) to \(target)")
    }
}

/// A decimal column cast to a type that holds every value (more integer digits, at least as many
/// fraction digits): each unscaled value times 10^`digits`, without overflow checks or optionals.
private func widenDecimal(_ column: Column, to target: DataType, by digits: Int) -> Column {
    let count = column.count
    let factor = powerOfTen(digits)
    func widen<Source: FixedWidthInteger, Target: FixedWidthInteger>(_: Source.Type, _: Target.Type) -> Column {
        let buffer = Buffer(capacity: count * MemoryLayout<Target>.stride)
        let out = buffer.typed(Target.self)
        let multiplier = Target(factor)
        column.withValues(Source.self) { values, _ in
            for i in 0..<count { out[i] = Target(truncatingIfNeeded: values[i]) &* multiplier }
        }
        return Column(type: target, count: count, values: buffer, validity: Bitmap.copy(column.validityView, count: count))
    }
    switch (column.type.decimalPrecision <= 18, target.decimalPrecision <= 18) {
    case (true, true): return widen(Int64.self, Int64.self)
    case (true, false): return widen(Int64.self, Int128.self)
    default: return widen(Int128.self, Int128.self)
    }
}

/// The unscaled values of a decimal column as Int128 (nulls read as 0).
func decimalValues(_ column: Column) -> [Int128] {
    guard case let .decimal(p, _) = column.type else { return [] }
    if p <= 18 { return column.withValues(Int64.self) { v, _ in v.map { Int128($0) } } }
    return column.withValues(Int128.self) { v, _ in Array(v) }
}

/// A decimal column from unscaled values; nil (or values over `precision` digits) become null, or
/// an error in strict mode.
func makeDecimalColumn(_ source: Column, values: [Int128?], precision: Int, scale: Int, strict: Bool) throws -> Column {
    let target = DataType.decimal(precision: precision, scale: scale)
    let fits = { (i: Int) -> Int128? in values[i].flatMap { decimalFits($0, precision: precision) ? $0 : nil } }
    if precision <= 18 { return try mapRows(source, to: target, strict: strict) { i in fits(i).map { Int64($0) } } }
    return try mapRows(source, to: target, strict: strict) { fits($0) }
}

/// `unscaled` moved from scale `from` to `to`, rounding half up (or half to even) when digits are
/// dropped.
func roundDecimal(_ unscaled: Int128, from: Int, to: Int, halfEven: Bool = false) -> Int128? {
    if to >= from { return rescaleDecimal(unscaled, from: from, to: to) }
    let divisor = powerOfTen(from - to)
    let quotient = unscaled / divisor
    let twice = (unscaled % divisor).magnitude * 2
    if twice > divisor.magnitude || (twice == divisor.magnitude && (!halfEven || quotient % 2 != 0)) {
        return quotient + (unscaled < 0 ? -1 : 1)
    }
    return quotient
}

/// `value` at `scale`, rounded half up the way Spark's `Decimal(Double)` does: from the double's
/// shortest decimal text (so 1.005 is 1.01 at scale 2, although the double is just below 1.005).
/// Nil for NaN, infinities or more than 38 digits.
func decimalFromDouble(_ value: Double, scale: Int) -> Int128? {
    guard value.isFinite else { return nil }
    // Away from a rounding tie, the binary product rounds like the decimal text: no text needed.
    if scale <= 22 {
        let scaled = value * Double(powerOfTen(scale))
        let magnitude = abs(scaled)
        if magnitude < 1e15 && abs(magnitude - magnitude.rounded(.down) - 0.5) > 8 * magnitude.ulp {
            return Int128(scaled.rounded(.toNearestOrAwayFromZero))
        }
    }
    var text = "\(value)"
    return text.withUTF8 { TextParsing.decimal($0, precision: DataType.maxDecimalPrecision, scale: scale) }
}
