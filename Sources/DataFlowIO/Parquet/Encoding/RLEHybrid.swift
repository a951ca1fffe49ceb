import DataFlow

/// Decodes Parquet's RLE / bit-packed hybrid (definition levels, dictionary indices, RLE booleans):
/// runs introduced by a varint header whose low bit says bit-packed groups of 8 (1) or a repeated
/// value (0). Every read is bounds-checked against the buffer; `corrupt` builds the error.
struct RLEHybridDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private let bitWidth: Int
    private let corrupt: (String) -> DataFlowError
    /// The current run: values left, and either a repeated value or a bit position in `bytes`.
    private var remaining = 0
    private var isLiteral = false
    private var repeated: UInt64 = 0
    private var bitPosition = 0

    /// A decoder of `bitWidth`-bit values (0...32) from `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, corrupt: @escaping (String) -> DataFlowError) throws {
        guard (0...32).contains(bitWidth) else { throw corrupt("bit width \(bitWidth) is out of range") }
        self.bytes = bytes
        self.bitWidth = bitWidth
        self.corrupt = corrupt
    }

    private mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw corrupt("RLE run header runs past the end of the page") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw corrupt("RLE run header is too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func nextRun() throws {
        let header = try readVarint()
        if header & 1 == 1 {
            let groups = header >> 1
            guard groups > 0, groups <= UInt64(bytes.count) else { throw corrupt("bit-packed run of \(groups) groups is invalid") }
            isLiteral = true
            remaining = Int(groups) * 8
            bitPosition = position * 8
            // The run's bytes; a final run may be cut short, so only what is decoded is checked.
            position = min(bytes.count, position + Int(groups) * bitWidth)
        } else {
            let count = header >> 1
            guard count > 0, count <= UInt64(Int32.max) else { throw corrupt("RLE run of \(count) values is invalid") }
            let width = (bitWidth + 7) / 8
            guard bytes.count - position >= width else { throw corrupt("RLE run value runs past the end of the page") }
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += width
            isLiteral = false
            repeated = value
            remaining = Int(count)
        }
    }

    /// Unpacks `count` values of the current bit-packed run (its bytes checked), writing each as
    /// `transform` makes it to `output`: one unaligned 8-byte load per value while a whole word lies
    /// in the page (a value of at most 32 bits at a bit offset below 8 fits one), the bytes one by
    /// one for the last few.
    @inline(__always)
    private func unpack<T>(into output: UnsafeMutablePointer<T>, count: Int, _ transform: (UInt64) -> T) {
        guard bitWidth > 0 else {
            output.update(repeating: transform(0), count: count)
            return
        }
        let lastWordBit = (bytes.count - 7) * 8 - 1
        let wordCount = lastWordBit < bitPosition ? 0 : min(count, (lastWordBit - bitPosition) / bitWidth + 1)
        if wordCount > 0, let base = bytes.baseAddress {
            let mask = UInt64(1) << UInt64(bitWidth) - 1
            var bit = bitPosition
            for index in 0..<wordCount {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                output[index] = transform(word >> UInt64(bit & 7) & mask)
                bit += bitWidth
            }
        }
        for index in wordCount..<count {
            output[index] = transform(unpackBits(bytes, bit: bitPosition + index * bitWidth, width: bitWidth))
        }
    }

    /// Decodes `count` values, writing each as `transform` makes it to `output`.
    @inline(__always)
    private mutating func decode<T>(into output: UnsafeMutablePointer<T>, count: Int, _ transform: (UInt64) -> T) throws {
        var done = 0
        while done < count {
            if remaining == 0 { try nextRun() }
            let take = min(remaining, count - done)
            if isLiteral {
                let lastBit = bitPosition + take * bitWidth
                guard (lastBit + 7) / 8 <= bytes.count else { throw corrupt("bit-packed run runs past the end of the page") }
                unpack(into: output + done, count: take, transform)
                bitPosition = lastBit
            } else {
                (output + done).update(repeating: transform(repeated), count: take)
            }
            done += take
            remaining -= take
        }
    }

    /// Decodes `count` values into `output`.
    /// - Throws: when the data ends early or a run is malformed.
    mutating func decode<T: FixedWidthInteger>(into output: UnsafeMutablePointer<T>, count: Int) throws {
        try decode(into: output, count: count) { T(truncatingIfNeeded: $0) }
    }

    /// The entries a table holds so that every index of this width reads inside it: `1 << bitWidth`.
    var indexRange: Int { 1 << bitWidth }

    /// Decodes `count` indices, writing `table[index]` for each to `output`, and returns the largest
    /// index, for the caller to check against the entries it means to be valid. `table` holds
    /// `indexRange` entries: every index a bit-packed run can hold reads inside it, and a repeated
    /// index wider than the bit width (corrupt) reads the last entry before it throws.
    /// - Throws: when the data ends early or a run is malformed.
    mutating func decode<T>(into output: UnsafeMutablePointer<T>, count: Int, lookingUpIn table: UnsafePointer<T>) throws -> UInt64 {
        var largest: UInt64 = 0
        let last = UInt64(indexRange - 1)
        try decode(into: output, count: count) { index in
            largest = max(largest, index)
            return table[Int(min(index, last))]
        }
        guard largest <= last else { throw corrupt("RLE run value \(largest) is wider than \(bitWidth) bits") }
        return largest
    }
}

/// Encodes values with the RLE / bit-packed hybrid: runs of 8 or more equal values as RLE runs,
/// everything else as bit-packed groups of 8 (the last group zero-padded).
struct RLEHybridEncoder {
    /// The bytes produced.
    private(set) var bytes: [UInt8] = []
    private let bitWidth: Int
    private var literals: [UInt32] = []

    /// An encoder of `bitWidth`-bit values.
    init(bitWidth: Int) { self.bitWidth = bitWidth }

    /// The bits needed for values up to `maximum`.
    static func bitWidth(for maximum: UInt32) -> Int { maximum == 0 ? 0 : 32 - maximum.leadingZeroBitCount }

    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func flushLiterals() {
        guard !literals.isEmpty else { return }
        let groups = (literals.count + 7) / 8
        literals += [UInt32](repeating: 0, count: groups * 8 - literals.count)
        appendVarint(UInt64(groups) << 1 | 1)
        var buffer: UInt64 = 0, bits = 0
        for value in literals {
            buffer |= UInt64(value) << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
        if bits > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        literals.removeAll(keepingCapacity: true)
    }

    /// Encodes `values` (each below `1 << bitWidth`).
    mutating func encode(_ values: UnsafeBufferPointer<UInt32>) {
        var index = 0
        while index < values.count {
            let value = values[index]
            var run = 1
            while index + run < values.count && values[index + run] == value { run += 1 }
            if run >= 8 && literals.count % 8 == 0 {
                flushLiterals()
                appendVarint(UInt64(run) << 1)
                for byte in 0..<((bitWidth + 7) / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
                index += run
            } else {
                literals.append(value)
                index += 1
            }
        }
        flushLiterals()
    }
}
