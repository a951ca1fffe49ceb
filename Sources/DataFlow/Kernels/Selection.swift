/// The row indices where a boolean mask is true (null counts as false, as in a SQL WHERE).
/// - Complexity: O(mask.count).
public func selectedIndices(_ mask: Column) -> [Int32] {
    precondition(mask.type == .boolean, "selection mask must be boolean")
    var result = [Int32]()
    result.reserveCapacity(mask.count)
    mask.withBits { bits, validity in
        if validity.isAllSet && bits.offset & 7 == 0, let bytes = bits.bytes {
            // Walk set bits a byte at a time.
            let base = bits.offset >> 3
            let wholeBytes = mask.count >> 3
            for byteIndex in 0..<wholeBytes {
                var byte = bytes[base + byteIndex]
                while byte != 0 {
                    let bit = byte.trailingZeroBitCount
                    result.append(Int32(byteIndex * 8 + bit))
                    byte &= byte - 1
                }
            }
            for index in (wholeBytes * 8)..<mask.count where bits[index] { result.append(Int32(index)) }
        } else {
            for index in 0..<mask.count where bits[index] && validity[index] { result.append(Int32(index)) }
        }
    }
    return result
}

/// Keeps the rows of `batch` where `mask` is true. Passes the batch through untouched when every row
/// is selected.
public func filter(_ batch: RecordBatch, mask: Column) -> RecordBatch {
    let indices = selectedIndices(mask)
    if indices.count == batch.rowCount { return batch }
    if indices.isEmpty { return batch.slice(0, 0) }
    return take(batch, indices: indices)
}
