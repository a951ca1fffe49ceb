/// Gathers `column[indices[i]]` into a new column. A negative index yields null (outer joins use it).
/// - Complexity: O(indices.count), plus the gathered bytes for strings.
public func take(_ column: Column, indices: [Int32]) -> Column {
    indices.withUnsafeBufferPointer { take(column, indices: $0) }
}

/// Gathers `column[indices[i]]` into a new column. A negative index yields null.
public func take(_ column: Column, indices: UnsafeBufferPointer<Int32>) -> Column {
    let count = indices.count
    let hasNegative = indices.contains { $0 < 0 }
    let validity = takeValidity(column, indices: indices, hasNegative: hasNegative)
    switch column.type.physical {
    case .bit:
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let out = buffer.typed(UInt8.self)
        column.withBits { bits, _ in
            for i in 0..<count {
                let index = Int(indices[i])
                if index >= 0 && bits[index] { Bitmap.set(out, i) }
            }
        }
        return Column(type: column.type, count: count, values: buffer, validity: validity)
    case .int32: return takeFixed(column, Int32.self, indices, validity)
    case .int64: return takeFixed(column, Int64.self, indices, validity)
    case .float64: return takeFixed(column, Double.self, indices, validity)
    case .int128: return takeFixed(column, Int128.self, indices, validity)
    case .bytes: return takeBytes(column, indices, validity)
    }
}

@inline(__always)
private func takeFixed<T>(_ column: Column, _: T.Type, _ indices: UnsafeBufferPointer<Int32>, _ validity: Buffer?) -> Column {
    let count = indices.count
    let hasNegative = validity != nil && indices.contains { $0 < 0 }
    // Slots for negative indices stay zero: null values are unspecified but deterministic.
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride, zeroed: hasNegative)
    let out = buffer.typed(T.self)
    column.withValues(T.self) { values, _ in
        if hasNegative {
            for i in 0..<count where indices[i] >= 0 { out[i] = values[Int(indices[i])] }
        } else {
            for i in 0..<count { out[i] = values[Int(indices[i])] }
        }
    }
    return Column(type: column.type, count: count, values: buffer, validity: validity)
}

private func takeBytes(_ column: Column, _ indices: UnsafeBufferPointer<Int32>, _ validity: Buffer?) -> Column {
    let count = indices.count
    let offsetsBuffer = Buffer(capacity: (count + 1) * 4)
    let outOffsets = offsetsBuffer.typed(Int32.self)
    return column.withBytes { offsets, data, _ in
        var total = 0
        outOffsets[0] = 0
        for i in 0..<count {
            let index = Int(indices[i])
            if index >= 0 { total += Int(offsets[index + 1] - offsets[index]) }
            outOffsets[i + 1] = Int32(truncatingIfNeeded: total)
        }
        let bytesBuffer = Buffer(capacity: total)
        let out = bytesBuffer.typed(UInt8.self)
        for i in 0..<count {
            let index = Int(indices[i])
            guard index >= 0 else { continue }
            let start = Int(offsets[index])
            let length = Int(offsets[index + 1]) - start
            (out + Int(outOffsets[i])).update(from: data + start, count: length)
        }
        return Column(type: column.type, count: count, values: offsetsBuffer, bytes: bytesBuffer, validity: validity)
    }
}

private func takeValidity(_ column: Column, indices: UnsafeBufferPointer<Int32>, hasNegative: Bool) -> Buffer? {
    guard column.hasNulls || hasNegative else { return nil }
    let buffer = Buffer(capacity: Bitmap.byteCount(indices.count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    let validity = column.validityView
    for i in 0..<indices.count {
        let index = Int(indices[i])
        if index >= 0 && validity[index] { Bitmap.set(out, i) }
    }
    return buffer
}

/// Gathers rows of a batch.
public func take(_ batch: RecordBatch, indices: [Int32]) -> RecordBatch {
    RecordBatch(unchecked: batch.schema, columns: batch.columns.map { take($0, indices: indices) }, rowCount: indices.count)
}
