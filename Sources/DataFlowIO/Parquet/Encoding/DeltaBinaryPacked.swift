import DataFlow

/// Decodes DELTA_BINARY_PACKED integers (Encodings.md, "Delta Encoding"): a header
/// `<block size> <miniblocks per block> <value count> <first value (zigzag)>`, then blocks of
/// `<min delta (zigzag)> <one bit width byte per miniblock> <bit-packed miniblocks>`. Arithmetic
/// wraps in two's complement, as the spec requires. Every read is checked against the buffer;
/// `corrupt` builds the error.
struct DeltaBinaryPackedDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let corrupt: (String) -> DataFlowError
    /// The byte after the last one decoded so far: where data following the encoded values starts
    /// once every value has been read.
    private(set) var position = 0
    /// Values the header says the stream holds.
    let valueCount: Int
    private let blockSize: Int
    private let miniblocks: Int
    private let miniblockSize: Int

    /// Reads the header of the stream at the start of `bytes`.
    /// - Throws: when the header is truncated or describes impossible blocks.
    init(_ bytes: UnsafeRawBufferPointer, corrupt: @escaping (String) -> DataFlowError) throws {
        self.bytes = bytes
        self.corrupt = corrupt
        var position = 0
        let blockSize = try Self.varint(bytes, &position, corrupt)
        let miniblocks = try Self.varint(bytes, &position, corrupt)
        let count = try Self.varint(bytes, &position, corrupt)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw corrupt("delta header has block size \(blockSize) with \(miniblocks) miniblocks")
        }
        guard count <= UInt64(Int32.max) else { throw corrupt("delta header declares \(count) values") }
        self.blockSize = Int(blockSize)
        self.miniblocks = Int(miniblocks)
        miniblockSize = Int(blockSize / miniblocks)
        valueCount = Int(count)
        self.position = position
    }

    /// An unsigned LEB128 integer at `position`.
    private static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int, _ corrupt: (String) -> DataFlowError) throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw corrupt("delta stream ends inside a varint") }
            guard shift < 64 else { throw corrupt("delta varint is too long") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag LEB128 integer at `position`.
    private static func zigzag(_ bytes: UnsafeRawBufferPointer, _ position: inout Int, _ corrupt: (String) -> DataFlowError) throws -> UInt64 {
        let raw = try varint(bytes, &position, corrupt)
        return (raw >> 1) ^ (0 &- (raw & 1))
    }

    /// Decodes the first `count` values (at most `valueCount`) into `output`, truncating each to
    /// `T`, and leaves `position` after the last miniblock read.
    /// - Complexity: O(`count`).
    /// - Throws: when the stream ends early or a bit width exceeds `T`'s.
    mutating func decode<T: FixedWidthInteger>(into output: UnsafeMutablePointer<T>, count: Int) throws {
        guard count <= valueCount else { throw corrupt("delta stream holds \(valueCount) values, \(count) expected") }
        guard count > 0 else { return }
        var position = self.position
        var last = try Self.zigzag(bytes, &position, corrupt)
        output[0] = T(truncatingIfNeeded: last)
        var done = 1
        while done < count {
            let minDelta = try Self.zigzag(bytes, &position, corrupt)
            guard bytes.count - position >= miniblocks else { throw corrupt("delta block ends inside its bit widths") }
            let widths = position
            position += miniblocks
            for miniblock in 0..<miniblocks where done < count {
                let width = Int(bytes[widths + miniblock])
                guard width <= T.bitWidth else { throw corrupt("delta miniblock bit width \(width) exceeds \(T.bitWidth)") }
                let take = min(miniblockSize, count - done)
                // A final miniblock should be padded to its full length; only the bytes decoded are required.
                let length = miniblockSize * width / 8, needed = (take * width + 7) / 8
                guard bytes.count - position >= needed else { throw corrupt("delta miniblock of \(length) bytes runs past the page") }
                let base = position * 8
                for index in 0..<take {
                    let delta = width == 0 ? 0 : unpackBits(bytes, bit: base + index * width, width: width)
                    last = last &+ minDelta &+ delta
                    output[done + index] = T(truncatingIfNeeded: last)
                }
                done += take
                position = min(bytes.count, position + length)
            }
        }
        self.position = position
    }
}
