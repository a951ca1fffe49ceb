/// Builds a column whose row `i` is `sources[source[i]][row[i]]`: a gather from several columns of
/// the same type at once (merging sorted runs). A negative row yields null.
/// - Complexity: O(rows) plus the copied bytes.
func gather(_ sources: [Column], source: [Int32], row: [Int32]) -> Column {
    precondition(source.count == row.count, "gather needs one source per row")
    let count = row.count
    let type = sources[0].type
    let anyNulls = sources.contains { $0.hasNulls } || row.contains { $0 < 0 }
    var validity: Buffer?
    if anyNulls {
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let views = sources.map(\.validityView)
        withExtendedLifetime(sources) {
            for i in 0..<count where row[i] >= 0 && views[Int(source[i])][Int(row[i])] { Bitmap.set(buffer.typed(UInt8.self), i) }
        }
        validity = buffer
    }
    switch type.physical {
    case .bit:
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let views = sources.map { column in column.withBits { bits, _ in bits } }
        withExtendedLifetime(sources) {
            for i in 0..<count where row[i] >= 0 && views[Int(source[i])][Int(row[i])] { Bitmap.set(buffer.typed(UInt8.self), i) }
        }
        return Column(type: type, count: count, values: buffer, validity: validity)
    case .int32: return gatherFixed(sources, source, row, Int32.self, validity)
    case .int64: return gatherFixed(sources, source, row, Int64.self, validity)
    case .float64: return gatherFixed(sources, source, row, Double.self, validity)
    case .int128: return gatherFixed(sources, source, row, Int128.self, validity)
    case .bytes:
        return withExtendedLifetime(sources) {
            let parts = sources.map { column in column.withBytes { offsets, data, _ in (offsets.baseAddress!, data) } }
            let offsetsBuffer = Buffer(capacity: (count + 1) * 4)
            let outOffsets = offsetsBuffer.typed(Int32.self)
            outOffsets[0] = 0
            var total = 0
            for i in 0..<count {
                if row[i] >= 0 {
                    let (offsets, _) = parts[Int(source[i])]
                    total += Int(offsets[Int(row[i]) + 1] - offsets[Int(row[i])])
                }
                outOffsets[i + 1] = Int32(truncatingIfNeeded: total)
            }
            let bytes = Buffer(capacity: total)
            let out = bytes.typed(UInt8.self)
            for i in 0..<count where row[i] >= 0 {
                let (offsets, data) = parts[Int(source[i])]
                let start = Int(offsets[Int(row[i])])
                copyBytes(from: data + start, to: out + Int(outOffsets[i]), count: Int(offsets[Int(row[i]) + 1]) - start)
            }
            return Column(type: type, count: count, values: offsetsBuffer, bytes: bytes, validity: validity)
        }
    case .list, .struct:
        // Nested values gather from all sources laid end to end.
        var starts: [Int32] = []
        var start: Int32 = 0
        for column in sources {
            starts.append(start)
            start += Int32(column.count)
        }
        let indices = (0..<count).map { i in row[i] < 0 ? -1 : starts[Int(source[i])] + row[i] }
        return take(concat(sources), indices: indices)
    }
}

private func gatherFixed<T>(_ sources: [Column], _ source: [Int32], _ row: [Int32], _: T.Type, _ validity: Buffer?) -> Column {
    let count = row.count
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride, zeroed: true)
    let out = buffer.typed(T.self)
    withExtendedLifetime(sources) {
        let bases = sources.map { column in column.withValues(T.self) { values, _ in values.baseAddress! } }
        for i in 0..<count where row[i] >= 0 { out[i] = bases[Int(source[i])][Int(row[i])] }
    }
    return Column(type: sources[0].type, count: count, values: buffer, validity: validity)
}
