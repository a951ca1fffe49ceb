/// Building columns from raw Arrow-layout memory and copying bitmaps out of them, for the binary
/// decoders and encoders outside the engine (Arrow IPC): one bulk copy per buffer, no per-value
/// boxing. Source memory may have any alignment; it is copied into fresh 64-byte aligned buffers.
///
/// A `validity` argument is a bitmap of at least `(count + 7) / 8` bytes, bit `i` (LSB first) set
/// when value `i` is present, or nil when no value is null.
extension Column {
    /// A fixed-width column of `type` (int32, date, int64, timestamp, float64, decimal, null) whose
    /// `count` values `initialize` writes into new aligned storage of the type's physical element
    /// `T`: `Int32` (int32, date, null), `Int64` (int64, timestamp, decimal p <= 18), `Int128`
    /// (decimal p > 18) or `Double` (float64). `initialize` must write every element.
    /// - Complexity: O(`count`) to copy the validity bitmap and count its nulls, plus `initialize`.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `T` is not the type's physical element, the
    ///   count is negative or the bitmap is too short; whatever `initialize` throws.
    public static func fixedWidth<T>(_ type: DataType, count: Int, validity: UnsafeRawBufferPointer?,
                                     initializingValues initialize: (UnsafeMutableBufferPointer<T>) throws -> Void) throws -> Column
    {
        try checkStorage(T.self, of: type)
        let validityBuffer = try copiedValidity(validity, count: count)
        let values = Buffer(capacity: count * MemoryLayout<T>.stride)
        try initialize(UnsafeMutableBufferPointer(start: values.typed(T.self), count: count))
        return Column(type: type, count: count, values: values, validity: validityBuffer)
    }

    /// Checks that `T` is the physical element of the fixed-width `type`.
    static func checkStorage<T>(_: T.Type, of type: DataType) throws {
        let expected: Any.Type
        switch type.physical {
        case .int32: expected = Int32.self
        case .int64: expected = Int64.self
        case .int128: expected = Int128.self
        case .float64: expected = Double.self
        case .bit, .bytes, .list, .struct: throw DataFlowError.invalidArgument("type", "\(type) is not a fixed-width type")
        }
        guard T.self == expected else { throw DataFlowError.invalidArgument("type", "\(type) is not stored as \(T.self)") }
    }

    /// A boolean column of `count` bit-packed values (LSB first) copied from `bits`.
    /// - Complexity: O(`count` / 8).
    /// - Throws: `DataFlowError` (`.invalidArgument`) when a bitmap is too short.
    public static func booleans(count: Int, bits: UnsafeRawBufferPointer, validity: UnsafeRawBufferPointer?) throws -> Column {
        let values = try copiedBitmap(bits, count: count, name: "bits")
        return Column(type: .boolean, count: count, values: values, validity: try copiedValidity(validity, count: count))
    }

    /// A string or binary column from `count + 1` little-endian `Int32` offsets and the bytes they
    /// delimit. The offsets may start above zero (a slice of a larger buffer): only the bytes
    /// between the first and the last offset are copied, and the offsets are rebased to zero.
    /// - Complexity: O(`count`) over the offsets plus one copy of the bytes.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when the offsets are too few, negative,
    ///   decreasing or beyond `bytes`, or a bitmap is too short.
    public static func variableWidth(_ type: DataType, count: Int, offsets: UnsafeRawBufferPointer, bytes: UnsafeRawBufferPointer,
                                     validity: UnsafeRawBufferPointer?) throws -> Column
    {
        try variableWidth(type, count: count, offsets: offsets, as: Int32.self, bytes: bytes, validity: validity)
    }

    /// A string or binary column from `count + 1` little-endian `Int64` offsets (Arrow's large
    /// string and binary layout), narrowed to `Int32`.
    /// - Complexity: O(`count`) over the offsets plus one copy of the bytes.
    /// - Throws: `DataFlowError` (`.invalidArgument`) as `variableWidth(_:count:offsets:bytes:validity:)`,
    ///   and when the values hold more than `Int32.max` bytes.
    public static func variableWidth(_ type: DataType, count: Int, largeOffsets: UnsafeRawBufferPointer, bytes: UnsafeRawBufferPointer,
                                     validity: UnsafeRawBufferPointer?) throws -> Column
    {
        try variableWidth(type, count: count, offsets: largeOffsets, as: Int64.self, bytes: bytes, validity: validity)
    }

    private static func variableWidth<Offset: FixedWidthInteger & SignedInteger>(
        _ type: DataType, count: Int, offsets: UnsafeRawBufferPointer, as _: Offset.Type, bytes: UnsafeRawBufferPointer,
        validity: UnsafeRawBufferPointer?
    ) throws -> Column {
        guard type.isVariableWidth else { throw DataFlowError.invalidArgument("type", "\(type) is not a string or binary type") }
        let width = MemoryLayout<Offset>.size
        guard count >= 0, count < Int(Int32.max), offsets.count / width > count, let source = offsets.baseAddress else {
            throw DataFlowError.invalidArgument("offsets", "\(offsets.count) bytes do not hold \(count) + 1 offsets of \(width) bytes")
        }
        let first = source.loadUnaligned(as: Offset.self)
        let last = source.loadUnaligned(fromByteOffset: count * width, as: Offset.self)
        guard first >= 0, first <= last, Int64(last) <= Int64(bytes.count), Int64(last) - Int64(first) <= Int64(Int32.max) else {
            throw DataFlowError.invalidArgument("offsets", "range \(first)..<\(last) does not fit \(bytes.count) value bytes")
        }
        let validityBuffer = try copiedValidity(validity, count: count)
        let rebased = Buffer(capacity: (count + 1) * 4)
        let out = rebased.typed(Int32.self)
        var previous = first
        var decreasing = false
        for index in 0...count {
            let offset = source.loadUnaligned(fromByteOffset: index &* width, as: Offset.self)
            decreasing = decreasing || offset < previous
            previous = offset
            out[index] = Int32(truncatingIfNeeded: offset &- first)
        }
        // Monotone from `first` to `last`, so every offset lies within the checked range.
        guard !decreasing else { throw DataFlowError.invalidArgument("offsets", "offsets decrease") }
        let length = Int(last - first)
        let data = Buffer(capacity: length)
        if length > 0, let base = bytes.baseAddress { data.pointer.copyMemory(from: base + Int(first), byteCount: length) }
        return Column(type: type, count: count, values: rebased, bytes: data, validity: validityBuffer)
    }

    /// Calls `body` with the validity view (all set when the column has no nulls).
    @inlinable
    public func withValidityView<R>(_ body: (BitView) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(validityView) }
    }

    private static func copiedValidity(_ validity: UnsafeRawBufferPointer?, count: Int) throws -> Buffer? {
        guard let validity else { return nil }
        return try copiedBitmap(validity, count: count, name: "validity")
    }

    private static func copiedBitmap(_ bits: UnsafeRawBufferPointer, count: Int, name: String) throws -> Buffer {
        let byteCount = Bitmap.byteCount(max(count, 0))
        guard count >= 0, bits.count >= byteCount else {
            throw DataFlowError.invalidArgument(name, "\(bits.count) bytes do not hold \(count) bits")
        }
        let buffer = Buffer(capacity: byteCount)
        if byteCount > 0, let base = bits.baseAddress { buffer.pointer.copyMemory(from: base, byteCount: byteCount) }
        return buffer
    }
}

extension BitView {
    /// Copies bits `0 ..< count` of the view to `destination`, starting at its bit 0 (LSB first),
    /// writing `(count + 7) / 8` bytes; the bits after `count` in the last byte are zero.
    /// - Complexity: O(`count` / 8): one copy when the view starts on a byte boundary, otherwise one
    ///   shift per byte.
    public func copyBits(count: Int, to destination: UnsafeMutableRawPointer) {
        let byteCount = Bitmap.byteCount(count)
        guard byteCount > 0 else { return }
        let out = destination.assumingMemoryBound(to: UInt8.self)
        if let bytes {
            let start = offset >> 3, shift = offset & 7
            if shift == 0 {
                out.update(from: bytes + start, count: byteCount)
            } else {
                for index in 0..<byteCount {
                    var value = bytes[start + index] >> UInt8(shift)
                    // The next source byte holds the high bits, when any of them is within `count`.
                    if index * 8 + 8 - shift < count { value |= bytes[start + index + 1] << UInt8(8 - shift) }
                    out[index] = value
                }
            }
        } else {
            out.update(repeating: 0xFF, count: byteCount)
        }
        if count & 7 != 0 { out[byteCount - 1] &= UInt8(truncatingIfNeeded: (1 << (count & 7)) - 1) }
    }
}
