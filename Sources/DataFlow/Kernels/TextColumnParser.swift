/// Parses text fields (UTF-8 byte ranges, as text readers find them) into a typed column, with the
/// cast rules of Spark, or the `dateFormat` / `timestampFormat` patterns when given. The readers of
/// DataFlowIO tokenize; this turns each column's fields into values in one typed loop.
public struct TextColumnParser: Sendable {
    /// The column type produced.
    public let type: DataType
    private let datePattern: DateTimePattern?
    private let timestampPattern: DateTimePattern?
    private let timeZone: SessionTimeZone

    /// A parser into `type`; patterns use Spark's datetime pattern letters.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an invalid pattern, (`.notImplemented`) for a nested type.
    public init(type: DataType, dateFormat: String? = nil, timestampFormat: String? = nil, timeZone: SessionTimeZone = .utc) throws {
        guard !type.isNested else { throw DataFlowError(.notImplemented, "text values are not read as \(type)") }
        self.type = type
        self.timeZone = timeZone
        datePattern = try dateFormat.map { try DateTimePattern($0, for: .parsing, function: "dateFormat") }
        timestampPattern = try timestampFormat.map { try DateTimePattern($0, for: .parsing, function: "timestampFormat") }
    }

    /// The column of `starts.count` fields: field `i` is `bytes[starts[i] ..< starts[i] + lengths[i]]`,
    /// null where `lengths[i] < 0`. Also returns the rows whose text is not a valid value (they are
    /// null in the column).
    public func parse(_ bytes: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int32>, lengths: UnsafeBufferPointer<Int32>) -> (column: Column, invalid: [Int]) {
        let count = starts.count
        var invalid: [Int] = []
        @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
            lengths[i] < 0 ? nil : UnsafeBufferPointer(start: bytes + Int(starts[i]), count: Int(lengths[i]))
        }
        if type.isVariableWidth {
            var total = 0
            for i in 0..<count where lengths[i] > 0 { total += Int(lengths[i]) }
            let offsets = Buffer(capacity: (count + 1) * 4)
            let data = Buffer(capacity: total)
            let validity = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
            let outOffsets = offsets.typed(Int32.self), out = data.typed(UInt8.self), bits = validity.typed(UInt8.self)
            var position: Int32 = 0
            outOffsets[0] = 0
            for i in 0..<count {
                let length = lengths[i]
                if length >= 0 {
                    Bitmap.set(bits, i)
                    (out + Int(position)).update(from: bytes + Int(starts[i]), count: Int(length))
                    position += length
                }
                outOffsets[i + 1] = position
            }
            return (Column(type: type, count: count, values: offsets, bytes: data, validity: validity), [])
        }
        let builder = FixedColumnOutput(type: type, count: count)
        var zones = ZoneNameCache()
        for i in 0..<count {
            guard let text = field(i) else { continue }
            let ok: Bool
            switch type {
            case .boolean: ok = TextParsing.boolean(text).map { builder.setBit(i, $0) } != nil
            case .int32: ok = TextParsing.int64(text).flatMap { Int32(exactly: $0) }.map { builder.set(i, $0) } != nil
            case .int64: ok = TextParsing.int64(text).map { builder.set(i, $0) } != nil
            case .float64: ok = TextParsing.double(text).map { builder.set(i, $0) } != nil
            case let .decimal(p, s):
                ok = TextParsing.decimal(text, precision: p, scale: s).map { p <= 18 ? builder.set(i, Int64($0)) : builder.set(i, $0) } != nil
            case .date:
                if let datePattern {
                    ok = datePattern.parse(text, timeZone: .utc, zones: &zones).map { builder.set(i, Int32(truncatingIfNeeded: floorDivide($0, microsPerDay))) } != nil
                } else {
                    ok = TextParsing.date(text).map { builder.set(i, $0) } != nil
                }
            case .timestamp:
                if let timestampPattern {
                    ok = timestampPattern.parse(text, timeZone: timeZone, zones: &zones).map { builder.set(i, $0) } != nil
                } else {
                    ok = TextParsing.timestamp(text, timeZone: timeZone).map { builder.set(i, $0) } != nil
                }
            default: ok = false
            }
            if !ok { invalid.append(i) }
        }
        return (builder.finish(), invalid)
    }
}

/// A fixed-width column of known length filled by row, null until set.
private struct FixedColumnOutput {
    let type: DataType
    let count: Int
    let values: Buffer
    let validity: Buffer

    init(type: DataType, count: Int) {
        self.type = type
        self.count = count
        let width = type.physical == .bit ? 0 : type.physical.byteWidth
        values = Buffer(capacity: type.physical == .bit ? Bitmap.byteCount(count) : count * width, zeroed: true)
        validity = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    }

    @inline(__always)
    func set<T>(_ row: Int, _ value: T) {
        values.typed(T.self)[row] = value
        Bitmap.set(validity.typed(UInt8.self), row)
    }

    @inline(__always)
    func setBit(_ row: Int, _ value: Bool) {
        if value { Bitmap.set(values.typed(UInt8.self), row) }
        Bitmap.set(validity.typed(UInt8.self), row)
    }

    func finish() -> Column { Column(type: type, count: count, values: values, validity: validity) }
}
