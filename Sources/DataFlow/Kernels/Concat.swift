/// Concatenates columns of the same type into one.
/// - Complexity: O(total values).
public func concat(_ columns: [Column]) -> Column {
    precondition(!columns.isEmpty, "concat needs at least one column")
    if columns.count == 1 { return columns[0] }
    let type = columns[0].type
    let total = columns.reduce(0) { $0 + $1.count }
    let anyNulls = columns.contains { $0.hasNulls }
    var validity: Buffer?
    if anyNulls {
        let buffer = Buffer(capacity: Bitmap.byteCount(total), zeroed: true)
        let out = buffer.typed(UInt8.self)
        var position = 0
        for column in columns {
            let view = column.validityView
            for i in 0..<column.count where view[i] { Bitmap.set(out, position + i) }
            position += column.count
        }
        validity = buffer
    }
    switch type.physical {
    case .bit:
        let buffer = Buffer(capacity: Bitmap.byteCount(total), zeroed: true)
        let out = buffer.typed(UInt8.self)
        var position = 0
        for column in columns {
            column.withBits { bits, _ in for i in 0..<column.count where bits[i] { Bitmap.set(out, position + i) } }
            position += column.count
        }
        return Column(type: type, count: total, values: buffer, validity: validity)
    case .int32: return concatFixed(columns, Int32.self, total, validity)
    case .int64: return concatFixed(columns, Int64.self, total, validity)
    case .float64: return concatFixed(columns, Double.self, total, validity)
    case .int128: return concatFixed(columns, Int128.self, total, validity)
    case .bytes:
        let offsetsBuffer = Buffer(capacity: (total + 1) * 4)
        let outOffsets = offsetsBuffer.typed(Int32.self)
        let totalBytes = columns.reduce(0) { sum, column in
            sum + column.withBytes { offsets, _, _ in Int(offsets[column.count] - offsets[0]) }
        }
        let bytesBuffer = Buffer(capacity: totalBytes)
        let out = bytesBuffer.typed(UInt8.self)
        var position = 0
        var byteBase: Int32 = 0
        outOffsets[0] = 0
        for column in columns {
            column.withBytes { offsets, data, _ in
                let first = offsets[0]
                let length = Int(offsets[column.count] - first)
                (out + Int(byteBase)).update(from: data + Int(first), count: length)
                for i in 0..<column.count { outOffsets[position + i + 1] = byteBase + (offsets[i + 1] - first) }
                byteBase += Int32(length)
            }
            position += column.count
        }
        return Column(type: type, count: total, values: offsetsBuffer, bytes: bytesBuffer, validity: validity)
    case .list:
        let offsetsBuffer = Buffer(capacity: (total + 1) * 4)
        let outOffsets = offsetsBuffer.typed(Int32.self)
        outOffsets[0] = 0
        var position = 0
        var entryBase: Int32 = 0
        // Each column's entries, cut to the range its rows use.
        let used: [[Column]] = columns.map { column in
            column.withListOffsets { offsets, _ in
                let first = offsets[0]
                for i in 0..<column.count { outOffsets[position + i + 1] = entryBase + (offsets[i + 1] - first) }
                position += column.count
                entryBase += offsets[column.count] - first
                return column.children.map { $0.slice(Int(first), Int(offsets[column.count] - first)) }
            }
        }
        let children = columns[0].children.indices.map { child in concat(used.map { $0[child] }) }
        return Column(type: type, count: total, values: offsetsBuffer, validity: validity, children: children)
    case .struct:
        let fields = columns[0].children.indices.map { field in concat(columns.map { $0.children[field] }) }
        return .structure(type, count: total, fields: fields, validity: validity)
    }
}

private func concatFixed<T>(_ columns: [Column], _: T.Type, _ total: Int, _ validity: Buffer?) -> Column {
    let buffer = Buffer(capacity: total * MemoryLayout<T>.stride)
    var out = buffer.typed(T.self)
    for column in columns {
        column.withValues(T.self) { values, _ in
            if let base = values.baseAddress { out.update(from: base, count: values.count) }
        }
        out += column.count
    }
    return Column(type: columns[0].type, count: total, values: buffer, validity: validity)
}

/// Concatenates batches of the same schema into one batch.
public func concat(_ batches: [RecordBatch], schema: Schema) -> RecordBatch {
    let nonEmpty = batches.filter { $0.rowCount > 0 }
    if nonEmpty.isEmpty { return .empty(schema) }
    if nonEmpty.count == 1 { return nonEmpty[0].withSchema(schema) }
    let columns = (0..<schema.count).map { index in concat(nonEmpty.map { $0.columns[index] }) }
    return RecordBatch(unchecked: schema, columns: columns, rowCount: columns.first?.count ?? nonEmpty.reduce(0) { $0 + $1.rowCount })
}
