import DataFlow
import DataFlowIO
import Testing

@Suite("Compression codecs")
struct CompressionCodecTests {
    /// Repetitive text (compressible) followed by pseudo-random bytes (not compressible).
    static let sample: [UInt8] = {
        var bytes = Array(String(repeating: "dataflow columnar batch ", count: 200).utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 56))
        }
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
}
