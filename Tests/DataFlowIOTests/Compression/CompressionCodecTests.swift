import DataFlow
import DataFlowIO
import Testing

@Suite("Compression codecs")
struct CompressionCodecTests {
    /// Repetitive text (compressible) followed by pseudo-random bytes (not compressible).
    static let sample: [UInt8] = {
        var bytes = Array(String(repeating: "dataflow columnar batch ", count: 200).utf8)
        var random = SeededRandom(seed: 7)
        for _ in 0..<5000 { bytes.append(UInt8(truncatingIfNeeded: random.next() >> 56)) }
        return bytes
    }()

    @Test("round-trips bytes", arguments: CompressionCodec.allCases)
    func roundTrip(codec: CompressionCodec) throws {
        for input in [[], [42], Self.sample] as [[UInt8]] {
            let compressed = try codec.compress(input)
            #expect(try codec.decompress(compressed, uncompressedSize: input.count) == input)
        }
    }

    @Test("compresses repetitive text", arguments: [CompressionCodec.snappy, .gzip, .zstd])
    func compresses(codec: CompressionCodec) throws {
        let text = Array(String(repeating: "abc", count: 10_000).utf8)
        #expect(try codec.compress(text).count < text.count / 10)
    }

    @Test("gzip output carries the gzip magic bytes")
    func gzipMagic() throws {
        let compressed = try CompressionCodec.gzip.compress(Array("hello".utf8))
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
    }

    @Test("corrupt input is a parse error, not a crash", arguments: [CompressionCodec.snappy, .gzip, .zstd])
    func corruptInput(codec: CompressionCodec) throws {
        let garbage: [UInt8] = [0xFF, 0x00, 0x13, 0x37, 0x42, 0x99, 0x01]
        #expect(throws: DataFlowError.self) { try codec.decompress(garbage, uncompressedSize: 100) }
        let compressed = try codec.compress(Self.sample)
        #expect(throws: DataFlowError.self) {
            try codec.decompress(compressed, uncompressedSize: Self.sample.count + 1)
        }
    }

    @Test("a header that declares more than its data can yield is refused before the output is allocated")
    func impossibleRatios() throws {
        // Snappy: a length header of 1,000,000,000 (varint) and four bytes of elements.
        let snappy: [UInt8] = [0x80, 0x94, 0xEB, 0xDC, 0x03, 0x00, 0x61, 0xFE, 0x01]
        #expect { try CompressionCodec.snappy.decompress(snappy, uncompressedSize: 1_000_000_000) } throws: { error in
            "\(error)".contains("9 bytes of snappy data cannot hold the 1000000000 bytes their header declares")
        }
        // Zstd: a frame that really decodes to 4 MiB is fine; one that records 900 MB in 12 bytes is not.
        let frame = try CompressionCodec.zstd.compress([UInt8](repeating: 0, count: 1 << 22))
        #expect(try CompressionCodec.zstd.decompress(frame, uncompressedSize: 1 << 22).count == 1 << 22)
        // Magic, a single-segment descriptor with a 4-byte content size, then one empty last block.
        let hostile: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xA0] + withUnsafeBytes(of: UInt32(900_000_000).littleEndian, Array.init) + [0x01, 0x00, 0x00]
        #expect { try CompressionCodec.zstd.decompress(hostile, uncompressedSize: 900_000_000) } throws: { error in
            "\(error)".contains("bytes of zstd data cannot hold the 900000000 bytes their frame declares")
        }
    }
}
