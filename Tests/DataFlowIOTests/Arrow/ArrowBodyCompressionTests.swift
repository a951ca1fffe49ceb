import DataFlow
@testable import DataFlowIO
import Testing

@Suite("Arrow IPC: body decompression")
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

    @Test("ZSTD frames, raw buffers (length -1) and empty buffers decompress in place, large ones past the first growth")
    func mixed() throws {
        let small = Array("hello arrow".utf8)
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 5) }
        let result = try Self.decompress([
            (Int64(small.count), try CompressionCodec.zstd.compress(small)), (-1, [1, 2, 3]), (0, []),
            (Int64(large.count), try CompressionCodec.zstd.compress(large)), (0, try CompressionCodec.zstd.compress([])),
        ])
        #expect(result == [small, [1, 2, 3], [], large, []])
    }

    @Test("declared lengths that disagree with the data, corrupt or truncated frames and LZ4 throw")
    func bad() throws {
        let data = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 % 13) }
        let frame = try CompressionCodec.zstd.compress(data)
        for (declared, payload) in [(Int64(data.count + 1), frame), (Int64(data.count - 1), frame), (1 << 40, frame), (-5, frame),
                                    (Int64(data.count), Array(frame.prefix(frame.count / 2))), (Int64(data.count), [1, 2, 3, 4])] {
            let error = try #require(throws: DataFlowError.self) { try Self.decompress([(declared, payload)]) }
            #expect(error.category == .parse, "\(declared): \(error)")
        }
        let short = try #require(throws: DataFlowError.self) {
            try [UInt8](repeating: 0, count: 8).withUnsafeBytes {
                try ArrowBodyCompression.decompress($0, buffers: [ArrowBufferRange(offset: 0, length: 4)], codec: 1, bodyOffset: 0, zstd: Self.zstd)
            }
        }
        #expect(short.message.contains("length prefix"))
        let lz4 = try #require(throws: DataFlowError.self) { try Self.decompress([(3, [1, 2, 3])], codec: ArrowRecordBatchHeader.Codec.lz4Frame) }
        #expect(lz4.category == .notImplemented)
        #expect(lz4.message.contains("LZ4_FRAME"))
    }
}
