import DataFlow

/// Decodes BYTE_STREAM_SPLIT values (Encodings.md): `width` streams of `count` bytes, stream k
/// holding byte k of every value, back into `count` little-endian values of `width` bytes at
/// `output`.
/// - Complexity: O(`count` × `width`).
/// - Throws: `corrupt(...)` when `data` holds fewer than `count` × `width` bytes.
func decodeByteStreamSplit(_ data: UnsafeRawBufferPointer, count: Int, width: Int, into output: UnsafeMutableRawPointer,
                           corrupt: (String) -> DataFlowError) throws {
    guard width > 0, count >= 0, count <= data.count / width else {
        throw corrupt("BYTE_STREAM_SPLIT page holds \(data.count) bytes for \(count) values of \(width) bytes")
    }
    guard count > 0, let source = data.baseAddress else { return }
    for stream in 0..<width {
        let from = source + stream * count
        for index in 0..<count {
            output.storeBytes(of: from.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index * width + stream, as: UInt8.self)
        }
    }
}
