/// Gathers `column[indices[i]]` into a new column. A negative index yields null (outer joins use it).
/// - Complexity: O(indices.count), plus the gathered bytes for strings.
public func take(_ column: Column, indices: [Int32]) -> Column {
    indices.withUnsafeBufferPointer { take(column, indices: $0) }
}

/// Gathers `column[indices[i]]` into a new column. A negative index yields null.
public func take(_ column: Column, indices: UnsafeBufferPointer<Int32>) -> Column {
    take(column, TakeIndices(indices))
}

/// Gathers rows of a batch, examining the indices once for all its columns.
public func take(_ batch: RecordBatch, indices: [Int32]) -> RecordBatch {
    indices.withUnsafeBufferPointer { indices in
        let examined = TakeIndices(indices)
        return RecordBatch(unchecked: batch.schema, columns: batch.columns.map { take($0, examined) }, rowCount: indices.count)
    }
}

/// Indices to gather by, examined once for every column gathered by them: whether any is
/// negative (a null), and when they keep most rows of a range in order, as a filter's do, the
/// runs of consecutive rows among them, each copied at once.
private struct TakeIndices {
    /// `count` output rows from `source`, `source + 1`, ..., starting at output row `output`.
    struct Run {
        var output: Int
        var source: Int
        var count: Int
    }

    let indices: UnsafeBufferPointer<Int32>
    let hasNegative: Bool
    /// The runs covering every index, when the indices span at most a quarter more rows than
    /// they count (and none is negative); nil otherwise.
    let runs: [Run]?

    init(_ indices: UnsafeBufferPointer<Int32>) {
        self.indices = indices
        hasNegative = indices.contains { $0 < 0 }
        guard !hasNegative, indices.count >= 64, let first = indices.first, let last = indices.last,
              Int(last) >= Int(first), Int(last) - Int(first) < indices.count + indices.count / 4 else {
            runs = nil
            return
        }
        var runs: [Run] = []
        var i = 0
        while i < indices.count {
            let source = Int(indices[i])
            var end = i + 1
            while end < indices.count && Int(indices[end]) == source + (end - i) { end += 1 }
            runs.append(Run(output: i, source: source, count: end - i))
            i = end
        }
        self.runs = runs
    }
}

private func take(_ column: Column, _ indices: TakeIndices) -> Column {
    let count = indices.indices.count
    let validity = takeValidity(column, indices)
    switch column.type.physical {
    case .bit:
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let out = buffer.typed(UInt8.self)
        column.withBits { bits, _ in
            for i in 0..<count {
                let index = Int(indices.indices[i])
                if index >= 0 && bits[index] { Bitmap.set(out, i) }
            }
        }
        return Column(type: column.type, count: count, values: buffer, validity: validity)
    case .int32: return takeFixed(column, Int32.self, indices, validity)
    case .int64: return takeFixed(column, Int64.self, indices, validity)
    case .float64: return takeFixed(column, Double.self, indices, validity)
    case .int128: return takeFixed(column, Int128.self, indices, validity)
    case .bytes: return takeBytes(column, indices, validity)
    case .list: return takeList(column, indices, validity)
    case .struct:
        return .structure(column.type, count: count, fields: column.children.map { take($0, indices) }, validity: validity)
    }
}

/// Gathers array or map rows: new offsets, and the children gathered by the entries of the rows taken.
private func takeList(_ column: Column, _ take: TakeIndices, _ validity: Buffer?) -> Column {
    let indices = take.indices, count = indices.count
    let offsetsBuffer = Buffer(capacity: (count + 1) * 4)
    let outOffsets = offsetsBuffer.typed(Int32.self)
    var entries: [Int32] = []
    column.withListOffsets { offsets, _ in
        outOffsets[0] = 0
        for i in 0..<count {
            let index = Int(indices[i])
            if index >= 0 { entries.append(contentsOf: offsets[index] ..< offsets[index + 1]) }
            outOffsets[i + 1] = Int32(truncatingIfNeeded: entries.count)
        }
    }
    let children = column.children.map { DataFlow.take($0, indices: entries) }
    return Column(type: column.type, count: count, values: offsetsBuffer, validity: validity, children: children)
}

@inline(__always)
private func takeFixed<T>(_ column: Column, _: T.Type, _ take: TakeIndices, _ validity: Buffer?) -> Column {
    let indices = take.indices, count = indices.count
    // Slots for negative indices stay zero: null values are unspecified but deterministic.
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride, zeroed: take.hasNegative)
    let out = buffer.typed(T.self)
    column.withValues(T.self) { values, _ in
        if take.hasNegative {
            for i in 0..<count where indices[i] >= 0 { out[i] = values[Int(indices[i])] }
        } else if let runs = take.runs {
            for run in runs {
                if run.count >= 8 {
                    (out + run.output).update(from: values.baseAddress! + run.source, count: run.count)
                } else {
                    for k in 0..<run.count { out[run.output + k] = values[run.source + k] }
                }
            }
        } else {
            for i in 0..<count { out[i] = values[Int(indices[i])] }
        }
    }
    return Column(type: column.type, count: count, values: buffer, validity: validity)
}

/// Gathers variable-width values: a run of consecutive rows copies its bytes at once, and short
/// values go without a library call each.
private func takeBytes(_ column: Column, _ take: TakeIndices, _ validity: Buffer?) -> Column {
    let indices = take.indices, count = indices.count
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
        let out = UnsafeMutableRawPointer(bytesBuffer.typed(UInt8.self))
        func copy(rows source: Int, count: Int, to output: Int) {
            let start = Int(offsets[source])
            copyBytes(from: data + start, to: out + Int(outOffsets[output]), count: Int(offsets[source + count]) - start)
        }
        if let runs = take.runs {
            for run in runs { copy(rows: run.source, count: run.count, to: run.output) }
        } else {
            for i in 0..<count where indices[i] >= 0 { copy(rows: Int(indices[i]), count: 1, to: i) }
        }
        return Column(type: column.type, count: count, values: offsetsBuffer, bytes: bytesBuffer, validity: validity)
    }
}

private func takeValidity(_ column: Column, _ take: TakeIndices) -> Buffer? {
    guard column.hasNulls || take.hasNegative else { return nil }
    let indices = take.indices
    let buffer = Buffer(capacity: Bitmap.byteCount(indices.count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    let validity = column.validityView
    for i in 0..<indices.count {
        let index = Int(indices[i])
        if index >= 0 && validity[index] { Bitmap.set(out, i) }
    }
    return buffer
}
