/// Builds a column whose row `i` is `columns[choice[i]][i]`, or null where `choice[i]` is negative.
/// All columns have the same type and `choice.count` rows. Serves CASE WHEN and coalesce.
/// - Complexity: O(rows) plus the copied bytes.
func interleave(_ columns: [Column], choice: [Int32], type: DataType) -> Column {
    let count = choice.count
    let validity = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let validBits = validity.typed(UInt8.self)
    for i in 0..<count {
        let source = Int(choice[i])
        if source >= 0 && !columns[source].isNull(i) { Bitmap.set(validBits, i) }
    }
    switch type.physical {
    case .bit:
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let out = buffer.typed(UInt8.self)
        for i in 0..<count where choice[i] >= 0 {
            if columns[Int(choice[i])].withBits({ bits, _ in bits[i] }) { Bitmap.set(out, i) }
        }
        return Column(type: type, count: count, values: buffer, validity: validity)
    case .int32: return interleaveFixed(columns, choice, type, Int32.self, validity)
    case .int64: return interleaveFixed(columns, choice, type, Int64.self, validity)
    case .float64: return interleaveFixed(columns, choice, type, Double.self, validity)
    case .int128: return interleaveFixed(columns, choice, type, Int128.self, validity)
    case .bytes:
        var builder = ColumnBuilder(type: type, capacity: count)
        for i in 0..<count {
            let source = Int(choice[i])
            guard source >= 0, !columns[source].isNull(i) else { builder.appendNull(); continue }
            columns[source].withBytes { offsets, data, _ in
                let start = Int(offsets[i])
                builder.appendBytes(UnsafeRawBufferPointer(start: data + start, count: Int(offsets[i + 1]) - start))
            }
        }
        return builder.finish()
    case .list, .struct:
        // Nested values gather from the columns laid end to end.
        let indices = (0..<count).map { i in choice[i] < 0 ? -1 : choice[i] * Int32(count) + Int32(i) }
        return take(concat(columns), indices: indices)
    }
}

private func interleaveFixed<T>(_ columns: [Column], _ choice: [Int32], _ type: DataType, _: T.Type, _ validity: Buffer) -> Column {
    let count = choice.count
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride, zeroed: true)
    let out = buffer.typed(T.self)
    for (source, column) in columns.enumerated() {
        column.withValues(T.self) { values, _ in
            for i in 0..<count where choice[i] == Int32(source) { out[i] = values[i] }
        }
    }
    return Column(type: type, count: count, values: buffer, validity: validity)
}
