/// An immutable, typed column of values: the unit every kernel works on.
///
/// Layout (Arrow-compatible): `values` holds fixed-width values contiguously, bit-packed booleans, or
/// for strings and binary `count + 1` `Int32` offsets into `bytes`. `validity` is a bitmap (bit set =
/// value present), absent when the column has no nulls. `offset` counts elements (bits for bitmaps)
/// from the start of `values` and `validity`, so a slice shares the parent's buffers. A null slot's
/// value is unspecified (a string null has an empty byte range).
///
/// Nested columns keep their contents in `children`. An array or map column's `values` are
/// `count + 1` `Int32` offsets (shifted by `offset`, like a string's) into its children, which are
/// not sliced with it: the array's element column, or a map's key and value columns. A struct
/// column has no values; its children, one per field, are sliced with it, so child row `i` is the
/// struct's row `i` and `offset` applies only to the struct's own validity.
public struct Column: Sendable {
    /// The logical type.
    public let type: DataType
    /// The number of values.
    public let count: Int
    /// How many values are null.
    public let nullCount: Int
    @usableFromInline let offset: Int
    @usableFromInline let values: Buffer
    @usableFromInline let bytes: Buffer?
    @usableFromInline let validity: Buffer?
    /// The child columns of a nested column (see the type's doc comment); empty otherwise.
    @usableFromInline let children: [Column]

    /// Wraps buffers; `nullCount` nil means "count the validity bitmap".
    @usableFromInline
    init(type: DataType, count: Int, values: Buffer, bytes: Buffer? = nil, validity: Buffer?, offset: Int = 0,
         nullCount: Int? = nil, children: [Column] = [])
    {
        self.type = type
        self.count = count
        self.values = values
        self.bytes = bytes
        self.offset = offset
        self.children = children
        if let validity {
            let nulls = nullCount ?? (count - Bitmap.countSet(BitView(bytes: validity.typed(UInt8.self), offset: offset), count: count))
            self.validity = nulls == 0 ? nil : validity
            self.nullCount = nulls
        } else {
            self.validity = nil
            self.nullCount = 0
        }
    }

    /// Whether any value is null.
    @inlinable
    public var hasNulls: Bool { nullCount > 0 }

    /// Whether the value at `index` is null.
    @inlinable
    public func isNull(_ index: Int) -> Bool { validityView[index] == false }

    /// The validity bitmap as a view (all set when there are no nulls).
    @inlinable
    var validityView: BitView {
        guard let validity else { return .allSet }
        return BitView(bytes: UnsafePointer(validity.typed(UInt8.self)), offset: offset)
    }

    /// A zero-copy slice of `length` values starting at `start`.
    public func slice(_ start: Int, _ length: Int) -> Column {
        precondition(start >= 0 && length >= 0 && start + length <= count, "slice out of bounds")
        if start == 0 && length == count { return self }
        let slicedChildren = type.physical == .struct ? children.map { $0.slice(start, length) } : children
        return Column(type: type, count: length, values: values, bytes: bytes, validity: validity,
                      offset: offset + start, nullCount: validity == nil ? 0 : nil, children: slicedChildren)
    }

    /// A copy with another logical type of the same physical layout (e.g. int64 as timestamp).
    func reinterpreted(as newType: DataType) -> Column {
        Column(type: newType, count: count, values: values, bytes: bytes, validity: validity, offset: offset, nullCount: nullCount,
               children: children)
    }

    /// A copy whose validity is `validity` (nil: no nulls), keeping the values.
    func withValidity(_ newValidity: Buffer?, offset validityOffset: Int = 0) -> Column {
        if validityOffset == offset || newValidity == nil {
            return Column(type: type, count: count, values: values, bytes: bytes, validity: newValidity, offset: offset, children: children)
        }
        // Offsets differ: the values must be re-based to offset 0 via a copy of the bitmap.
        let rebased = newValidity.map { Bitmap.copy(BitView(bytes: $0.typed(UInt8.self), offset: validityOffset), count: count) }
        let compact = compacted()
        return Column(type: type, count: count, values: compact.values, bytes: compact.bytes, validity: rebased, offset: 0,
                      children: compact.children)
    }

    // MARK: Typed access

    /// Calls `body` with the fixed-width values (already offset) and the validity view.
    @inlinable
    public func withValues<T, R>(_: T.Type, _ body: (UnsafeBufferPointer<T>, BitView) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            let base = UnsafePointer(values.typed(T.self)) + offset
            return try body(UnsafeBufferPointer(start: base, count: count), validityView)
        }
    }

    /// Calls `body` with the bit-packed boolean values and the validity view.
    @inlinable
    public func withBits<R>(_ body: (BitView, BitView) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(BitView(bytes: UnsafePointer(values.typed(UInt8.self)), offset: offset), validityView)
        }
    }

    /// Calls `body` with the `count + 1` offsets, the byte buffer and the validity view of a string
    /// or binary column. Value `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
    @inlinable
    public func withBytes<R>(_ body: (UnsafeBufferPointer<Int32>, UnsafePointer<UInt8>, BitView) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            let offsets = UnsafeBufferPointer(start: UnsafePointer(values.typed(Int32.self)) + offset, count: count + 1)
            let data = UnsafePointer(bytes!.typed(UInt8.self))
            return try body(offsets, data, validityView)
        }
    }

    /// The column rebuilt so that `offset` is zero and string offsets start at zero.
    func compacted() -> Column {
        if offset == 0 { return self }
        return take(self, indices: Array(0..<Int32(count)))
    }
}

extension Column {
    /// A column of `count` copies of `value`, of type `type`.
    public static func repeating(_ value: Scalar, type: DataType, count: Int) throws -> Column {
        var builder = ColumnBuilder(type: type, capacity: count)
        for _ in 0..<count { try builder.append(value) }
        return builder.finish()
    }

    /// A column built from scalars of type `type`.
    /// - Throws: `DataFlowError` (`.schema`) when a value does not fit the type.
    public static func from(_ values: [Scalar], type: DataType) throws -> Column {
        var builder = ColumnBuilder(type: type, capacity: values.count)
        for value in values { try builder.append(value) }
        return builder.finish()
    }

    /// The value at `index` as a `Scalar` (for the edges: `collect`, `show`, tests).
    public func scalar(at index: Int) -> Scalar {
        precondition(index >= 0 && index < count, "index out of range")
        if isNull(index) { return .null }
        switch type {
        case .boolean: return withBits { bits, _ in .boolean(bits[index]) }
        case .int32: return withValues(Int32.self) { v, _ in .int32(v[index]) }
        case .date: return withValues(Int32.self) { v, _ in .date(v[index]) }
        case .int64: return withValues(Int64.self) { v, _ in .int64(v[index]) }
        case .timestamp: return withValues(Int64.self) { v, _ in .timestamp(v[index]) }
        case .float64: return withValues(Double.self) { v, _ in .float64(v[index]) }
        case let .decimal(p, s):
            if p <= 18 { return withValues(Int64.self) { v, _ in .decimal(unscaled: Int128(v[index]), precision: p, scale: s) } }
            return withValues(Int128.self) { v, _ in .decimal(unscaled: v[index], precision: p, scale: s) }
        case .string:
            return withBytes { offsets, data, _ in
                let start = Int(offsets[index]), end = Int(offsets[index + 1])
                return .string(String(decoding: UnsafeBufferPointer(start: data + start, count: end - start), as: UTF8.self))
            }
        case .binary:
            return withBytes { offsets, data, _ in
                let start = Int(offsets[index]), end = Int(offsets[index + 1])
                return .binary(Array(UnsafeBufferPointer(start: data + start, count: end - start)))
            }
        case .null: return .null
        case .array, .map, .struct: return nestedScalar(at: index)
        }
    }

    /// All values as scalars (for tests and the edges).
    public var scalars: [Scalar] { (0..<count).map(scalar(at:)) }

    /// A column of `count` nulls.
    public static func nulls(type: DataType, count: Int) -> Column {
        var builder = ColumnBuilder(type: type, capacity: count)
        for _ in 0..<count { builder.appendNull() }
        return builder.finish()
    }
}
