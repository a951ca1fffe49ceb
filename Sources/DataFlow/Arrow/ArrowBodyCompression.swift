/// Decodes one zstd frame of `uncompressedSize` bytes. Spill files decode with `Zstd.decompressFrame`
/// (they hold only frames that record their size); DataFlowIO supplies a codec that also streams
/// frames other writers leave unsized, to the readers of Arrow files from elsewhere.
package typealias ArrowZstdDecoder = @Sendable (_ frame: UnsafeRawBufferPointer, _ uncompressedSize: Int) throws -> [UInt8]

/// Arrow IPC body compression (`BodyCompressionMethod.BUFFER`): every non-empty buffer is an `Int64`
/// little-endian uncompressed length followed by one compressed frame, or by the raw bytes when that
/// length is -1. DataFlow writes and reads ZSTD; LZ4_FRAME is refused with a clear error.
package enum ArrowBodyCompression {
    /// Buffers smaller than this are stored raw: a frame's header would outweigh what it saves.
    private static let smallestCompressed = 64

    /// The compressed body of the plain body `plain` whose buffers lie at `buffers`, and the
    /// buffers' ranges in it (each starting on an 8-byte boundary). A buffer that zstd at `level`
    /// does not make smaller is stored raw.
    /// - Throws: `DataFlowError` (`.io`) when libzstd reports a failure.
    static func compress(_ plain: UnsafeRawBufferPointer, buffers: [ArrowBufferRange], level: Int32) throws -> (body: [UInt8], buffers: [ArrowBufferRange]) {
        guard !buffers.isEmpty else { return ([], []) }
        let capacity = buffers.reduce(0) { $0 + (16 + Zstd.compressedBound($1.length) + 7) & ~7 }
        var ranges: [ArrowBufferRange] = []
        ranges.reserveCapacity(buffers.count)
        let body = try [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
            let out = UnsafeMutableRawBufferPointer(output)
            for range in buffers {
                let start = initialized
                if range.length > 0 {
                    let source = UnsafeRawBufferPointer(rebasing: plain[range.offset..<range.offset + range.length])
                    let frame = UnsafeMutableRawBufferPointer(rebasing: out[(start + 8)...])
                    let written = range.length < smallestCompressed ? range.length : try Zstd.compress(source, into: frame, level: level)
                    if written < range.length {
                        out.storeBytes(of: Int64(range.length).littleEndian, toByteOffset: start, as: Int64.self)
                        initialized = start + 8 + written
                    } else {
                        out.storeBytes(of: Int64(-1).littleEndian, toByteOffset: start, as: Int64.self)
                        frame.copyMemory(from: source)
                        initialized = start + 8 + range.length
                    }
                }
                ranges.append(ArrowBufferRange(offset: start, length: initialized - start))
                let padding = (8 - initialized % 8) % 8
                out.baseAddress!.advanced(by: initialized).initializeMemory(as: UInt8.self, repeating: 0, count: padding)
                initialized += padding
            }
        }
        return (body, ranges)
    }


    /// A new body holding every buffer of `buffers` (ranges already checked against `body`)
    /// decompressed, each starting on an 8-byte boundary, and the buffers' ranges in it.
    /// Each buffer decodes with `zstd`, block by block, so memory grows with the data actually
    /// produced, never with a length the input merely claims.
    /// - Throws: `DataFlowError` (`.notImplemented`) for LZ4_FRAME, an unknown codec, or ZSTD
    ///   without a decoder; (`.parse`) for corrupt or truncated buffers and lengths that disagree
    ///   with the data.
    package static func decompress(_ body: UnsafeRawBufferPointer, buffers: [ArrowBufferRange], codec: UInt8,
                                   bodyOffset: Int, zstd: ArrowZstdDecoder?) throws -> (body: [UInt8], buffers: [ArrowBufferRange])
    {
        let decodeFrame: ArrowZstdDecoder
        switch codec {
        case ArrowRecordBatchHeader.Codec.zstd:
            guard let zstd else {
                throw DataFlowError(.notImplemented, "Arrow IPC: ZSTD-compressed bodies are read through DataFlowIO's ArrowIPC",
                                    location: ErrorLocation(byteOffset: bodyOffset))
            }
            decodeFrame = zstd
        case ArrowRecordBatchHeader.Codec.lz4Frame:
            throw DataFlowError(.notImplemented, "Arrow IPC: LZ4_FRAME body compression is not supported; DataFlow reads ZSTD-compressed or uncompressed streams",
                                location: ErrorLocation(byteOffset: bodyOffset))
        default:
            throw DataFlowError(.notImplemented, "Arrow IPC: unknown body compression codec \(codec)", location: ErrorLocation(byteOffset: bodyOffset))
        }
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
                    do {
                        output += try decodeFrame(payload, Int(declared))
                    } catch let error as DataFlowError {
                        throw DataFlowError(.parse, "Arrow IPC: compressed buffer: \(error.message)", location: location)
                    }
                }
            }
            ranges.append(ArrowBufferRange(offset: start, length: output.count - start))
        }
        return (output, ranges)
    }
}
