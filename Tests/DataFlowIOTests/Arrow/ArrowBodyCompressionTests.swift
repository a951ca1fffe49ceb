@testable import DataFlow
@testable import DataFlowIO
import Testing

@Suite("Arrow IPC: body compression")
struct ArrowBodyCompressionTests {
    static let zstd: ArrowZstdDecoder = { try CompressionCodec.zstd.decompress($0, uncompressedSize: $1) }

    /// A compressed body: each buffer as its 8-byte length prefix and payload, padded to 8 bytes.
    static func body(_ buffers: [(declared: Int64, payload: [UInt8])]) -> ([UInt8], [ArrowBufferRange]) {
        var body: [UInt8] = []
        var ranges: [ArrowBufferRange] = []
        for buffer in buffers {
            let bytes = buffer.payload.isEmpty && buffer.declared == 0 ? [] : littleEndianBytes(buffer.declared) + buffer.payload
            ranges.append(ArrowBufferRange(offset: body.count, length: bytes.count))
            body += bytes + [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8)
        }
        return (body, ranges)
    }

    static func decompress(_ buffers: [(declared: Int64, payload: [UInt8])], codec: UInt8 = ArrowRecordBatchHeader.Codec.zstd) throws -> [[UInt8]] {
        let (body, ranges) = body(buffers)
        let (plain, out) = try body.withUnsafeBytes { try ArrowBodyCompression.decompress($0, buffers: ranges, codec: codec, bodyOffset: 0, zstd: Self.zstd) }
        #expect(out.allSatisfy { $0.offset % 8 == 0 })
        return out.map { Array(plain[$0.offset..<$0.offset + $0.length]) }
    }

    /// One LZ4 frame of `bytes`.
    static func lz4(_ bytes: [UInt8]) throws -> [UInt8] {
        try bytes.withUnsafeBytes { source in
            try [UInt8](unsafeUninitializedCapacity: LZ4Frame.compressedBound(bytes.count)) { output, initialized in
                initialized = try LZ4Frame.compress(source, into: UnsafeMutableRawBufferPointer(output))
            }
        }
    }

    @Test("ZSTD frames, raw buffers (length -1) and empty buffers decompress in place, large ones too")
    func mixed() throws {
        let small = Array("hello arrow".utf8)
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 5) }
        let result = try Self.decompress([
            (Int64(small.count), try CompressionCodec.zstd.compress(small)), (-1, [1, 2, 3]), (0, []),
            (Int64(large.count), try CompressionCodec.zstd.compress(large)), (0, try CompressionCodec.zstd.compress([])),
        ])
        #expect(result == [small, [1, 2, 3], [], large, []])
    }

    @Test("LZ4 frames, raw buffers and empty buffers decompress in place; compressing gives them back")
    func lz4RoundTrip() throws {
        let small = Array("hello arrow".utf8)
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 5) }
        var random = SeededRandom(seed: 4)
        let noise = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let result = try Self.decompress([(Int64(small.count), try Self.lz4(small)), (-1, [1, 2, 3]), (0, []), (Int64(large.count), try Self.lz4(large))],
                                         codec: ArrowRecordBatchHeader.Codec.lz4Frame)
        #expect(result == [small, [1, 2, 3], [], large])

        // A plain body of four buffers (one empty, one too small to compress, one random): compressed
        // and decompressed, it is the same buffers; the large one shrank, the random one is stored raw.
        var plain: [UInt8] = []
        var ranges: [ArrowBufferRange] = []
        for buffer in [large, [], small, noise] {
            ranges.append(ArrowBufferRange(offset: plain.count, length: buffer.count))
            plain += buffer + [UInt8](repeating: 0, count: (8 - buffer.count % 8) % 8)
        }
        let (body, compressed) = try plain.withUnsafeBytes { try ArrowBodyCompression.compress($0, buffers: ranges) }
        #expect(compressed.allSatisfy { $0.offset % 8 == 0 })
        #expect(compressed[0].length < large.count / 10 && compressed[1].length == 0)
        #expect(compressed[2].length == small.count + 8 && compressed[3].length == noise.count + 8)
        let (decoded, out) = try body.withUnsafeBytes {
            try ArrowBodyCompression.decompress($0, buffers: compressed, codec: ArrowRecordBatchHeader.Codec.lz4Frame, bodyOffset: 0, zstd: nil)
        }
        #expect(out.map { Array(decoded[$0.offset..<$0.offset + $0.length]) } == [large, [], small, noise])
    }

    @Test("declared lengths that disagree with the data, corrupt or truncated frames throw, LZ4 and ZSTD alike, and spoil no later decode")
    func bad() throws {
        let data = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 % 13) }
        for (codec, frame) in [(ArrowRecordBatchHeader.Codec.zstd, try CompressionCodec.zstd.compress(data)), (ArrowRecordBatchHeader.Codec.lz4Frame, try Self.lz4(data))] {
            for (declared, payload) in [(Int64(data.count + 1), frame), (Int64(data.count - 1), frame), (1 << 40, frame), (-5, frame),
                                        (Int64(data.count), Array(frame.prefix(frame.count / 2))), (Int64(data.count), [1, 2, 3, 4])] {
                let error = try #require(throws: DataFlowError.self) { try Self.decompress([(declared, payload)], codec: codec) }
                #expect(error.category == .parse, "codec \(codec), \(declared): \(error)")
            }
        }
        let short = try #require(throws: DataFlowError.self) {
            try [UInt8](repeating: 0, count: 8).withUnsafeBytes {
                try ArrowBodyCompression.decompress($0, buffers: [ArrowBufferRange(offset: 0, length: 4)], codec: 1, bodyOffset: 0, zstd: Self.zstd)
            }
        }
        #expect(short.message.contains("length prefix"))
        // A decode that failed mid-frame leaves nothing behind for the next one.
        #expect(try Self.decompress([(Int64(data.count), try Self.lz4(data))], codec: ArrowRecordBatchHeader.Codec.lz4Frame) == [data])
        let unknown = try #require(throws: DataFlowError.self) { try Self.decompress([(3, [1, 2, 3])], codec: 7) }
        #expect(unknown.category == .notImplemented)
    }
}
