/// Applies `transform` to every value of `column`, read as `Input`, into a column of `type` stored
/// as `Output`. A row is null where the input is, and where `transform` returns nil (outside the
/// function's domain, as Spark's `ln(0)`).
func mapValues<Input, Output>(_ column: Column, as _: Input.Type, to type: DataType, _ transform: (Input) -> Output?) -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * MemoryLayout<Output>.stride)
    let out = buffer.typed(Output.self)
    var validity: Buffer? = column.hasNulls ? Bitmap.copy(column.validityView, count: count) : nil
    column.withValues(Input.self) { values, present in
        for i in 0..<count {
            if present[i], let value = transform(values[i]) {
                out[i] = value
            } else {
                UnsafeMutableRawPointer(out + i).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<Output>.stride)
                if present[i] { clearValidity(&validity, row: i, count: count) }
            }
        }
    }
    return Column(type: type, count: count, values: buffer, validity: validity)
}

/// Applies `transform` to the values of `lhs` and `rhs` row by row (a constant stands for every
/// row), into a column of `type` stored as `Output`. A row is null where either input is, and
/// where `transform` returns nil.
func mapValuePairs<Left, Right, Output>(_ lhs: Datum, _ rhs: Datum, as _: (Left.Type, Right.Type), count: Int, to type: DataType,
                                        _ transform: (Left, Right) -> Output?) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: type, count: count) }
    var bits = validity.buffer
    let buffer = Buffer(capacity: count * MemoryLayout<Output>.stride)
    let out = buffer.typed(Output.self)
    let present = bits.map { BitView(bytes: UnsafePointer($0.typed(UInt8.self)), offset: 0) } ?? BitView.allSet
    lhs.column.withValues(Left.self) { left, _ in
        rhs.column.withValues(Right.self) { right, _ in
            let leftStep = lhs.isConstant ? 0 : 1, rightStep = rhs.isConstant ? 0 : 1
            for i in 0..<count {
                if present[i], let value = transform(left[i * leftStep], right[i * rightStep]) {
                    out[i] = value
                } else {
                    UnsafeMutableRawPointer(out + i).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<Output>.stride)
                    if present[i] { clearValidity(&bits, row: i, count: count) }
                }
            }
        }
    }
    return Column(type: type, count: count, values: buffer, validity: bits)
}

/// `mapValues` over doubles.
func mapDoubles(_ column: Column, _ transform: (Double) -> Double?) -> Column {
    mapValues(column, as: Double.self, to: .float64, transform)
}

/// `mapValuePairs` over doubles.
func mapDoublePairs(_ lhs: Datum, _ rhs: Datum, count: Int, _ transform: (Double, Double) -> Double?) -> Column {
    mapValuePairs(lhs, rhs, as: (Double.self, Double.self), count: count, to: .float64, transform)
}

/// Marks `row` null in `validity`, making an all-valid bitmap first when there is none.
@inline(__always)
private func clearValidity(_ validity: inout Buffer?, row: Int, count: Int) {
    if validity == nil { validity = Bitmap.copy(BitView.allSet, count: count) }
    Bitmap.clear(validity!.typed(UInt8.self), row)
}
