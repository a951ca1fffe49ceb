/// Applies `transform` to every double of `column`. A row is null where the input is, and where
/// `transform` returns nil (outside the function's domain, as Spark's `ln(0)`).
func mapDoubles(_ column: Column, _ transform: (Double) -> Double?) -> Column {
    let count = column.count
    let buffer = Buffer(capacity: count * 8)
    let out = buffer.typed(Double.self)
    var validity: Buffer? = column.hasNulls ? Bitmap.copy(column.validityView, count: count) : nil
    column.withValues(Double.self) { values, present in
        for i in 0..<count where present[i] {
            if let value = transform(values[i]) {
                out[i] = value
            } else {
                out[i] = 0
                clearValidity(&validity, row: i, count: count)
            }
        }
    }
    return Column(type: .float64, count: count, values: buffer, validity: validity)
}

/// Applies `transform` to the doubles of `lhs` and `rhs` row by row (a constant stands for every
/// row). A row is null where either input is, and where `transform` returns nil.
func mapDoublePairs(_ lhs: Datum, _ rhs: Datum, count: Int, _ transform: (Double, Double) -> Double?) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: .float64, count: count) }
    var bits = validity.buffer
    let buffer = Buffer(capacity: count * 8)
    let out = buffer.typed(Double.self)
    let present = bits.map { BitView(bytes: UnsafePointer($0.typed(UInt8.self)), offset: 0) } ?? BitView.allSet
    lhs.column.withValues(Double.self) { left, _ in
        rhs.column.withValues(Double.self) { right, _ in
            let leftStep = lhs.isConstant ? 0 : 1, rightStep = rhs.isConstant ? 0 : 1
            for i in 0..<count where present[i] {
                if let value = transform(left[i * leftStep], right[i * rightStep]) {
                    out[i] = value
                } else {
                    out[i] = 0
                    clearValidity(&bits, row: i, count: count)
                }
            }
        }
    }
    return Column(type: .float64, count: count, values: buffer, validity: bits)
}

/// Marks `row` null in `validity`, making an all-valid bitmap first when there is none.
@inline(__always)
private func clearValidity(_ validity: inout Buffer?, row: Int, count: Int) {
    if validity == nil { validity = Bitmap.copy(BitView.allSet, count: count) }
    Bitmap.clear(validity!.typed(UInt8.self), row)
}
