import DataFlow

/// Decodes DELTA_BYTE_ARRAY values (Encodings.md, "Delta Strings"): the prefix lengths as a
/// DELTA_BINARY_PACKED stream, then the suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is the
/// first `prefix` bytes of the previous value (within the page) followed by its suffix. Appends
/// to `values` and `offsets` as `decodeDeltaLengthByteArray` does. `width` > 0 requires every
/// value to have that length (FIXED_LEN_BYTE_ARRAY).
/// - Complexity: O(`count` + bytes produced).
/// - Throws: `corrupt(...)` for a prefix longer than the previous value, a wrong fixed length,
///   streams that disagree with `count` or run past `data`.
func decodeDeltaByteArray(_ data: UnsafeRawBufferPointer, count: Int, width: Int, offsets: inout [Int32], values: inout [UInt8],
                          corrupt: @escaping (String) -> DataFlowError) throws {
    let prefixes = try decodeDeltaLengths(data, count: count, what: "prefix lengths", corrupt: corrupt)
    let rest = UnsafeRawBufferPointer(rebasing: data[prefixes.end...])
    let suffixes = try decodeDeltaLengths(rest, count: count, what: "suffix lengths", corrupt: corrupt)
    var position = suffixes.end
    var previous = values.count, previousLength = 0
    for index in 0..<count {
        let prefix = Int(prefixes.values[index]), suffix = Int(suffixes.values[index])
        guard prefix >= 0, prefix <= previousLength else {
            throw corrupt("prefix of \(prefix) bytes is longer than the previous value (\(previousLength) bytes)")
        }
        guard suffix >= 0, suffix <= rest.count - position else { throw corrupt("suffix of \(suffix) bytes runs past the page") }
        guard width == 0 || prefix + suffix == width else { throw corrupt("value of \(prefix + suffix) bytes in a column of width \(width)") }
        guard values.count <= Int(Int32.max) - prefix - suffix else { throw corrupt("column chunk holds more than 2 GiB of bytes") }
        let start = values.count
        values.reserveCapacity(start + prefix + suffix)
        for byte in previous..<(previous + prefix) { values.append(values[byte]) }
        values.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[position..<(position + suffix)]))
        position += suffix
        offsets.append(Int32(values.count))
        previous = start
        previousLength = prefix + suffix
    }
}
