import DataFlow

/// Decodes DELTA_LENGTH_BYTE_ARRAY values (Encodings.md): the `count` lengths as one
/// DELTA_BINARY_PACKED stream, then the values' bytes back to back. Appends each value's bytes to
/// `values` and its end offset to `offsets`; returns the bytes of `data` consumed.
/// - Complexity: O(`count` + bytes copied).
/// - Throws: `corrupt(...)` when the lengths disagree with `count`, are negative or run past `data`,
///   or when the column would exceed 2 GiB.
@discardableResult
func decodeDeltaLengthByteArray(_ data: UnsafeRawBufferPointer, count: Int, offsets: inout [Int32], values: inout [UInt8],
                                corrupt: @escaping (String) -> DataFlowError) throws -> Int {
    let lengths = try decodeDeltaLengths(data, count: count, what: "lengths", corrupt: corrupt)
    var position = lengths.end
    try lengths.values.withUnsafeBufferPointer { lengths in
        for length in lengths {
            let size = Int(length)
            guard size >= 0, size <= data.count - position else { throw corrupt("byte array of \(size) bytes runs past the page") }
            values.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[position..<(position + size)]))
            guard values.count <= Int(Int32.max) else { throw corrupt("column chunk holds more than 2 GiB of bytes") }
            offsets.append(Int32(values.count))
            position += size
        }
    }
    return position
}

/// `count` Int32s of a DELTA_BINARY_PACKED stream whose header must declare exactly `count`, and
/// the offset after the stream.
func decodeDeltaLengths(_ data: UnsafeRawBufferPointer, count: Int, what: String,
                        corrupt: @escaping (String) -> DataFlowError) throws -> (values: [Int32], end: Int) {
    var decoder = try DeltaBinaryPackedDecoder(data, corrupt: corrupt)
    guard decoder.valueCount == count else { throw corrupt("\(what) stream holds \(decoder.valueCount) values, \(count) expected") }
    let values = try [Int32](count: count) { try decoder.decode(into: $0, count: count) }
    return (values, decoder.position)
}
