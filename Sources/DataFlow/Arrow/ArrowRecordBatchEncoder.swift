
/// Lays out one DataFlow batch as the body of an Arrow RecordBatch message, then writes it.
///
/// Per column: nothing for null; otherwise a validity bitmap (empty when the column has no nulls)
/// then the values (bit-packed booleans; 4, 8 or 16-byte fixed-width values, decimals widened to
/// 128 bits; `count + 1` Int32 offsets rebased to 0 and the bytes they delimit; or for an array or
/// map the offsets, rebased, and then its children: the elements, or an `entries` struct of the
/// keys and values, cut to the entries the rows use; a struct only its fields). Nested columns
/// come in pre-order, as Arrow lays them out. Each buffer starts on an 8-byte boundary and its
/// padding is zeroed. A sliced column writes only its own values, starting at bit or element 0.
struct ArrowRecordBatchEncoder {
    let batch: RecordBatch
    /// The RecordBatch table describing the body.
    private(set) var header: ArrowRecordBatchHeader
    /// The body length (a multiple of 8).
    private(set) var bodyLength = 0

    /// Plans the body of `batch`.
    init(_ batch: RecordBatch) {
        self.batch = batch
        header = ArrowRecordBatchHeader(length: batch.rowCount, nodes: [], buffers: [])
        for column in batch.columns { plan(column) }
    }

    private mutating func plan(_ column: Column) {
        let count = column.count
        guard column.type != .null else {
            header.nodes.append(ArrowFieldNode(length: count, nullCount: count))
            return
        }
        header.nodes.append(ArrowFieldNode(length: count, nullCount: column.nullCount))
        addBuffer(column.hasNulls ? (count + 7) / 8 : 0)
        switch column.type {
        case .boolean: addBuffer((count + 7) / 8)
        case .string, .binary:
            addBuffer((count + 1) * 4)
            addBuffer(column.withBytes { offsets, _, _ in Int(offsets[count] - offsets[0]) })
        case .int32, .date: addBuffer(count * 4)
        case .int64, .timestamp, .float64: addBuffer(count * 8)
        case .decimal: addBuffer(count * 16)
        case .array, .map: addBuffer((count + 1) * 4)
        case .struct, .null: break
        }
        for child in Self.arrowChildren(column) { plan(child) }
    }

    /// The columns Arrow lays out after a nested column's own buffers: an array's elements or a
    /// map's entries, cut to the range its rows use, or a struct's fields.
    private static func arrowChildren(_ column: Column) -> [Column] {
        switch column.type {
        case .array, .map:
            let range = column.withListOffsets { offsets, _ in Int(offsets[0]) ..< Int(offsets[column.count]) }
            let used = column.children.map { $0.slice(range.lowerBound, range.count) }
            guard case let .map(key, value) = column.type else { return used }
            let entries = DataType.struct([Field("key", key, nullable: false), Field("value", value)])
            return [.structure(entries, count: range.count, fields: used, validity: nil)]
        case .struct: return column.children
        default: return []
        }
    }

    private mutating func addBuffer(_ length: Int) {
        header.buffers.append(ArrowBufferRange(offset: bodyLength, length: length))
        bodyLength += (length + 7) & ~7
    }

    /// Writes the `bodyLength` bytes of the body to `out`.
    func writeBody(to out: UnsafeMutableRawPointer) {
        var buffers = header.buffers.makeIterator()
        for column in batch.columns { write(column, buffers: &buffers, to: out) }
    }

    private func write(_ column: Column, buffers: inout IndexingIterator<[ArrowBufferRange]>, to out: UnsafeMutableRawPointer) {
        guard column.type != .null else { return }
        let count = column.count
        guard let validity = buffers.next() else { return }
        if column.hasNulls { column.withValidityView { $0.copyBits(count: count, to: out + validity.offset) } }
        pad(validity, out)
        if case .struct = column.type {
            for child in Self.arrowChildren(column) { write(child, buffers: &buffers, to: out) }
            return
        }
        guard let values = buffers.next() else { return }
        let target = out + values.offset
        switch column.type {
        case .boolean: column.withBits { bits, _ in bits.copyBits(count: count, to: target) }
        case .string, .binary:
            guard let data = buffers.next() else { return }
            column.withBytes { offsets, bytes, _ in
                let first = offsets[0]
                for index in 0...count { target.storeBytes(of: offsets[index] &- first, toByteOffset: index &* 4, as: Int32.self) }
                if data.length > 0 { (out + data.offset).copyMemory(from: bytes + Int(first), byteCount: data.length) }
            }
            pad(data, out)
        case .int32, .date: copy(column, Int32.self, to: target)
        case .int64, .timestamp: copy(column, Int64.self, to: target)
        case .float64: copy(column, Double.self, to: target)
        case let .decimal(precision, _) where precision > 18: copy(column, Int128.self, to: target)
        case .decimal:
            // Sign-extended to 128 bits: low word, then the high word of all sign bits.
            column.withValues(Int64.self) { values, _ in
                for index in 0..<count {
                    target.storeBytes(of: values[index], toByteOffset: index &* 16, as: Int64.self)
                    target.storeBytes(of: values[index] >> 63, toByteOffset: index &* 16 &+ 8, as: Int64.self)
                }
            }
        case .array, .map:
            column.withListOffsets { offsets, _ in
                let first = offsets[0]
                for index in 0...count { target.storeBytes(of: offsets[index] &- first, toByteOffset: index &* 4, as: Int32.self) }
            }
        case .struct, .null: break
        }
        pad(values, out)
        for child in Self.arrowChildren(column) { write(child, buffers: &buffers, to: out) }
    }

    private func copy<T>(_ column: Column, _: T.Type, to target: UnsafeMutableRawPointer) {
        column.withValues(T.self) { values, _ in
            if let base = values.baseAddress { target.copyMemory(from: base, byteCount: values.count * MemoryLayout<T>.stride) }
        }
    }

    /// Zeroes the bytes after `range` up to the next 8-byte boundary.
    private func pad(_ range: ArrowBufferRange, _ out: UnsafeMutableRawPointer) {
        (out + range.offset + range.length).initializeMemory(as: UInt8.self, repeating: 0, count: (range.length + 7) & ~7 - range.length)
    }
}
