import CZstd
import DataFlow

/// Undoes Arrow IPC body compression (`BodyCompressionMethod.BUFFER`): every non-empty buffer is an
/// `Int64` little-endian uncompressed length followed by one compressed frame, or by the raw bytes
/// when that length is -1. DataFlow reads ZSTD; LZ4_FRAME is refused with a clear error.
enum ArrowBodyDecompression {
    /// A new body holding every buffer of `buffers` (ranges already checked against `body`)
    /// decompressed, each starting on an 8-byte boundary, and the buffers' ranges in it.
    /// Decompression streams into the new body, so memory grows with the data actually produced,
    /// never with a length the input merely claims.
    /// - Throws: `DataFlowError` (`.notImplemented`) for LZ4_FRAME or an unknown codec, (`.parse`)
    ///   for corrupt or truncated buffers and lengths that disagree with the data.
    static func decompress(_ body: UnsafeRawBufferPointer, buffers: [ArrowBufferRange], codec: UInt8,
                           bodyOffset: Int) throws -> (body: [UInt8], buffers: [ArrowBufferRange])
    {
        switch codec {
        case ArrowRecordBatchHeader.Codec.zstd: break
        case ArrowRecordBatchHeader.Codec.lz4Frame:
            throw DataFlowError(.notImplemented, "Arrow IPC: LZ4_FRAME body compression is not supported; DataFlow reads ZSTD-compressed or uncompressed streams",
                                location: ErrorLocation(byteOffset: bodyOffset))
        default:
            throw DataFlowError(.notImplemented, "Arrow IPC: unknown body compression codec \(codec)", location: ErrorLocation(byteOffset: bodyOffset))
        }
        guard let context = ZSTD_createDCtx() else { throw DataFlowError(.io, "Arrow IPC: cannot create a zstd decompression context") }
        defer { ZSTD_freeDCtx(context) }
        var output: [UInt8] = []
        var ranges: [ArrowBufferRange] = []
        ranges.reserveCapacity(buffers.count)
        for range in buffers {
            output += repeatElement(0, count: (8 - output.count % 8) % 8)
            let start = output.count
            if range.length > 0 {
                let location = ErrorLocation(byteOffset: bodyOffset + range.offset)
                guard range.length >= 8, let base = body.baseAddress else {
                    throw DataFlowError(.parse, "Arrow IPC: compressed buffer of \(range.length) bytes lacks its 8-byte length prefix", location: location)
                }
                let declared = Int64(littleEndian: base.loadUnaligned(fromByteOffset: range.offset, as: Int64.self))
                let payload = UnsafeRawBufferPointer(start: base + range.offset + 8, count: range.length - 8)
                if declared == -1 {
                    output.append(contentsOf: payload)
                } else {
                    guard declared >= 0 else {
                        throw DataFlowError(.parse, "Arrow IPC: compressed buffer declares \(declared) uncompressed bytes", location: location)
                    }
                    ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
                    try zstd(payload, expected: Int(declared), into: &output, context: context, location: location)
                }
            }
            ranges.append(ArrowBufferRange(offset: start, length: output.count - start))
        }
        return (output, ranges)
    }

    /// Appends to `output` the decompression of `source`, which must produce exactly `expected`
    /// bytes. The output region grows by doubling up to `expected`.
    private static func zstd(_ source: UnsafeRawBufferPointer, expected: Int, into output: inout [UInt8], context: OpaquePointer,
                             location: ErrorLocation) throws
    {
        let start = output.count
        var capacity = min(expected, max(1 << 16, source.count * 8))
        output += repeatElement(0, count: capacity)
        var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
        var produced = 0
        while true {
            let consumedBefore = input.pos
            let (written, status) = output.withUnsafeMutableBytes { out -> (Int, Int) in
                var target = ZSTD_outBuffer(dst: out.baseAddress.map { $0 + start + produced }, size: capacity - produced, pos: 0)
                let status = ZSTD_decompressStream(context, &target, &input)
                return (target.pos, status)
            }
            guard ZSTD_isError(status) == 0 else {
                throw DataFlowError(.parse, "Arrow IPC: zstd buffer is corrupt: \(String(cString: ZSTD_getErrorName(status)))", location: location)
            }
            produced += written
            if status == 0 { break }
            if produced == capacity && capacity < expected {
                let growth = min(capacity, expected - capacity)
                output += repeatElement(0, count: growth)
                capacity += growth
            } else if written == 0 && input.pos == consumedBefore {
                throw DataFlowError(.parse, produced == expected
                    ? "Arrow IPC: zstd buffer decompresses to more than the \(expected) bytes it declares"
                    : "Arrow IPC: zstd buffer is truncated after \(produced) of \(expected) bytes", location: location)
            }
        }
        guard produced == expected else {
            throw DataFlowError(.parse, "Arrow IPC: zstd buffer decompresses to \(produced) bytes, not the \(expected) it declares", location: location)
        }
    }
}
