import DataFlow
import Testing

@Suite("Arrow IPC: raw column buffers (the DataFlow API the Arrow reader and writer use)")
struct ArrowRawColumnBufferTests {
    @Test("copyBits copies any window of a bitmap to bit 0 and zeroes the bits after it")
    func copyBits() throws {
        var random = SeededRandom(seed: 7)
        for total in [1, 9, 70, 200] {
            let flags = (0..<total).map { _ in random.next() % 3 != 0 }
            let column = try Column(flags, validity: flags.map { !$0 })
            for start in 0..<min(total, 17) {
                for count in [0, 1, 7, 8, 9, 63, 64, 65, 130] where start + count <= total {
                    let slice = column.slice(start, count)
                    var values = [UInt8](repeating: 0xAA, count: (count + 7) / 8)
                    var validity = values
                    values.withUnsafeMutableBytes { out in slice.withBits { bits, _ in bits.copyBits(count: count, to: out.baseAddress!) } }
                    validity.withUnsafeMutableBytes { out in slice.withValidityView { $0.copyBits(count: count, to: out.baseAddress!) } }
                    let expected = Array(flags[start..<start + count])
                    let bits = { (bytes: [UInt8]) in (0..<bytes.count * 8).map { bytes[$0 / 8] & (1 << ($0 % 8)) != 0 } }
                    let tail = [Bool](repeating: false, count: values.count * 8 - count)
                    #expect(bits(values) == expected + tail, "window \(start) + \(count) of \(total)")
                    #expect(bits(validity) == expected.map { !$0 } + tail, "window \(start) + \(count) of \(total)")
                }
            }
        }
    }

    @Test("copyBits of a column without nulls writes all ones")
    func copyAllSet() throws {
        let column = try Column([1, 2, 3] as [Int64])
        var out = [UInt8](repeating: 0, count: 1)
        out.withUnsafeMutableBytes { buffer in column.withValidityView { $0.copyBits(count: 3, to: buffer.baseAddress!) } }
        #expect(out == [0b111])
    }

    @Test("variableWidth rebases offsets that start above zero; bad offsets throw")
    func variableWidth() throws {
        let data = Array("xxhello world".utf8)
        let offsets: [Int32] = [2, 7, 8, 13]
        let column = try offsets.withUnsafeBytes { raw in
            try data.withUnsafeBytes { try Column.variableWidth(.string, count: 3, offsets: raw, bytes: $0, validity: nil) }
        }
        #expect(column.scalars == [.string("hello"), .string(" "), .string("world")])
        column.withBytes { offsets, _, _ in #expect(Array(offsets) == [0, 5, 6, 11]) }

        let large: [Int64] = [0, 2, 2]
        let validity: [UInt8] = [0b01]
        let binary = try large.withUnsafeBytes { raw in
            try validity.withUnsafeBytes { bits in
                try data.withUnsafeBytes { try Column.variableWidth(.binary, count: 2, largeOffsets: raw, bytes: $0, validity: bits) }
            }
        }
        #expect(binary.scalars == [.binary([120, 120]), .null])

        for bad in [[0, 5, 3], [-1, 2, 3], [0, 2, 14], [0, 2]] as [[Int32]] {
            #expect(throws: DataFlowError.self) {
                try bad.withUnsafeBytes { raw in
                    try data.withUnsafeBytes { try Column.variableWidth(.string, count: 2, offsets: raw, bytes: $0, validity: nil) }
                }
            }
        }
    }

    @Test("fixedWidth checks the element type and the bitmap length")
    func fixedWidth() throws {
        let validity: [UInt8] = [0b101]
        let column = try validity.withUnsafeBytes { bits in
            try Column.fixedWidth(.timestamp, count: 3, validity: bits) { (values: UnsafeMutableBufferPointer<Int64>) in
                for index in 0..<3 { values[index] = Int64(index) - 1 }
            }
        }
        #expect(column.scalars == [.timestamp(-1), .null, .timestamp(1)])
        #expect(throws: DataFlowError.self) {
            try Column.fixedWidth(.int64, count: 1, validity: nil) { (values: UnsafeMutableBufferPointer<Int32>) in values[0] = 1 }
        }
        #expect(throws: DataFlowError.self) {
            try validity.withUnsafeBytes { bits in
                try Column.fixedWidth(.int32, count: 9, validity: bits) { (values: UnsafeMutableBufferPointer<Int32>) in values.initialize(repeating: 0) }
            }
        }
    }
}
