/// Builds a `Column` one value at a time, growing its buffers geometrically. Used at the edges
/// (scalars from `createDataFrame`, readers) and by kernels whose output size is not known up front
/// (strings). Kernels that know their output size write buffers directly instead.
public struct ColumnBuilder {
    /// The type of the column being built.
    public let type: DataType
    /// The number of values appended so far.
    public private(set) var count = 0
    private let physical: PhysicalType
    private var values: Buffer
    private var bytes: Buffer?
    private var bytesUsed = 0
    private var validity: Buffer?
    private var nullCount = 0
    /// Builders of a nested column's children: an array's elements, a map's keys and values, a
    /// struct's fields.
    var children: [ColumnBuilder]

    /// A builder for `type` with room for `capacity` values before it grows.
    public init(type: DataType, capacity: Int = 1024) {
        self.type = type
        physical = type.physical
        let capacity = max(capacity, 16)
        children = type.childTypes.map { ColumnBuilder(type: $0, capacity: capacity) }
        switch physical {
        case .bit: values = Buffer(capacity: Bitmap.byteCount(capacity), zeroed: true)
        case .bytes, .list:
            values = Buffer(capacity: (capacity + 1) * 4)
            values.typed(Int32.self)[0] = 0
            if physical == .bytes { bytes = Buffer(capacity: capacity * 8) }
        default: values = Buffer(capacity: capacity * physical.byteWidth)
        }
    }

    private mutating func reserveOne() {
        switch physical {
        case .bit:
            let needed = Bitmap.byteCount(count + 1)
            if needed > values.capacity {
                let old = values.capacity
                values.reserve(needed * 2, used: old)
                (values.pointer + old).initializeMemory(as: UInt8.self, repeating: 0, count: values.capacity - old)
            }
        case .bytes, .list: values.reserve((count + 2) * 4, used: (count + 1) * 4)
        default: values.reserve((count + 1) * physical.byteWidth, used: count * physical.byteWidth)
        }
        if let validity, Bitmap.byteCount(count + 1) > validity.capacity {
            let old = validity.capacity
            validity.reserve(Bitmap.byteCount(count + 1) * 2, used: old)
            (validity.pointer + old).initializeMemory(as: UInt8.self, repeating: 0, count: validity.capacity - old)
        }
    }

    private mutating func markValid() {
        if let validity { Bitmap.set(validity.typed(UInt8.self), count) }
        count += 1
    }

    /// Appends a fixed-width value; `T` must match the column's physical type.
    @inlinable
    public mutating func appendFixed<T>(_ value: T) {
        appendFixedValue(value)
    }

    @usableFromInline
    mutating func appendFixedValue<T>(_ value: T) {
        reserveOne()
        values.typed(T.self)[count] = value
        markValid()
    }

    /// Appends a boolean to a boolean column.
    public mutating func appendBit(_ value: Bool) {
        reserveOne()
        Bitmap.write(values.typed(UInt8.self), count, value)
        markValid()
    }

    /// Appends the bytes of one string or binary value.
    public mutating func appendBytes(_ value: UnsafeRawBufferPointer) {
        reserveOne()
        let bytes = self.bytes!
        bytes.reserve(bytesUsed + value.count, used: bytesUsed)
        if let base = value.baseAddress { (bytes.pointer + bytesUsed).copyMemory(from: base, byteCount: value.count) }
        bytesUsed += value.count
        values.typed(Int32.self)[count + 1] = Int32(bytesUsed)
        markValid()
    }

    /// Appends a string value.
    public mutating func appendString(_ value: String) {
        var value = value
        value.withUTF8 { appendBytes(UnsafeRawBufferPointer($0)) }
    }

    /// Ends a non-null row of an array or map column whose entries were appended to `children`
    /// since the previous row ended.
    mutating func endList() {
        reserveOne()
        values.typed(Int32.self)[count + 1] = Int32(children[0].count)
        markValid()
    }

    /// Ends a non-null row of a struct column whose fields were appended to `children`.
    mutating func endStruct() {
        reserveOne()
        markValid()
    }

    /// Appends a null.
    public mutating func appendNull() {
        reserveOne()
        if validity == nil {
            let buffer = Buffer(capacity: max(values.capacity, Bitmap.byteCount(count + 1) * 2), zeroed: true)
            let bits = buffer.typed(UInt8.self)
            for index in 0..<count { Bitmap.set(bits, index) }
            validity = buffer
        }
        switch physical {
        case .bit: Bitmap.clear(values.typed(UInt8.self), count)
        case .bytes: values.typed(Int32.self)[count + 1] = Int32(bytesUsed)
        case .int32: values.typed(Int32.self)[count] = 0
        case .int64: values.typed(Int64.self)[count] = 0
        case .float64: values.typed(Double.self)[count] = 0
        case .int128: values.typed(Int128.self)[count] = 0
        case .list: values.typed(Int32.self)[count + 1] = Int32(children[0].count)
        case .struct: for index in children.indices { children[index].appendNull() }
        }
        nullCount += 1
        count += 1
    }

    /// Appends a scalar, converting between integer widths and to the column's decimal scale.
    /// - Throws: `DataFlowError` (`.schema`) when the value does not fit the column type.
    public mutating func append(_ value: Scalar) throws {
        switch (type, value) {
        case (_, .null): appendNull()
        case let (.boolean, .boolean(v)): appendBit(v)
        case let (.int32, .int32(v)), let (.date, .date(v)): appendFixed(v)
        case let (.int32, .int64(v)):
            guard let narrow = Int32(exactly: v) else { throw mismatch(value) }
            appendFixed(narrow)
        case let (.int64, .int64(v)), let (.timestamp, .timestamp(v)): appendFixed(v)
        case let (.int64, .int32(v)): appendFixed(Int64(v))
        case let (.float64, .float64(v)): appendFixed(v)
        case let (.float64, .int64(v)): appendFixed(Double(v))
        case let (.float64, .int32(v)): appendFixed(Double(v))
        case let (.decimal(p, s), .decimal(unscaled, _, scale)):
            guard let rescaled = rescaleDecimal(unscaled, from: scale, to: s), decimalFits(rescaled, precision: p) else {
                throw mismatch(value)
            }
            if p <= 18 { appendFixed(Int64(rescaled)) } else { appendFixed(rescaled) }
        case let (.decimal(p, s), .int64(v)):
            guard let rescaled = rescaleDecimal(Int128(v), from: 0, to: s), decimalFits(rescaled, precision: p) else { throw mismatch(value) }
            if p <= 18 { appendFixed(Int64(rescaled)) } else { appendFixed(rescaled) }
        case let (.string, .string(v)): appendString(v)
        case let (.binary, .binary(v)): v.withUnsafeBytes { appendBytes($0) }
        case let (.array, .array(elements)):
            for element in elements { try children[0].append(element) }
            endList()
        case let (.map, .map(keys, values)):
            guard keys.count == values.count, !keys.contains(where: \.isNull) else { throw mismatch(value) }
            for (key, entry) in zip(keys, values) {
                try children[0].append(key)
                try children[1].append(entry)
            }
            endList()
        case let (.struct(fields), .struct(_, values)):
            guard values.count == fields.count else { throw mismatch(value) }
            for (index, field) in values.enumerated() { try children[index].append(field) }
            endStruct()
        default: throw mismatch(value)
        }
    }

    private func mismatch(_ value: Scalar) -> DataFlowError {
        DataFlowError(.schema, "value \(value) of type \(value.dataType) does not fit a column of type \(type)")
    }

    /// The finished column. The builder must not be used afterwards.
    public func finish() -> Column {
        Column(type: type, count: count, values: values, bytes: bytes, validity: validity, offset: 0, nullCount: nullCount,
               children: children.map { $0.finish() })
    }
}

/// `unscaled` moved from scale `from` to scale `to`; nil on overflow or when digits would be lost
/// scaling down (callers that round use `roundDecimal`).
func rescaleDecimal(_ unscaled: Int128, from: Int, to: Int) -> Int128? {
    if from == to { return unscaled }
    if to > from {
        let (result, overflow) = unscaled.multipliedReportingOverflow(by: powerOfTen(to - from))
        return overflow ? nil : result
    }
    let divisor = powerOfTen(from - to)
    return unscaled % divisor == 0 ? unscaled / divisor : nil
}

/// Whether `unscaled` has at most `precision` digits.
func decimalFits(_ unscaled: Int128, precision: Int) -> Bool {
    unscaled.magnitude < UInt128(powerOfTen(precision))
}

/// 10^exponent as Int128 (exponent 0...38), from a table: decimal kernels ask for it per value.
func powerOfTen(_ exponent: Int) -> Int128 { powersOfTen[exponent] }

/// 10^0 ... 10^38.
private let powersOfTen: [Int128] = {
    var powers: [Int128] = [1]
    for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
    return powers
}()
