/// Decodes one zstd frame of `uncompressedSize` bytes. The engine links no zstd: DataFlowIO supplies
/// its codec to the readers of Arrow files that may hold ZSTD bodies.
package typealias ArrowZstdDecoder = @Sendable (_ frame: UnsafeRawBufferPointer, _ uncompressedSize: Int) throws -> [UInt8]

/// Arrow IPC body compression (`BodyCompressionMethod.BUFFER`): every non-empty buffer is an `Int64`
/// little-endian uncompressed length followed by one compressed frame, or by the raw bytes when that
/// length is -1. DataFlow writes LZ4_FRAME (spill files) and reads LZ4_FRAME and ZSTD.
package enum ArrowBodyCompression {
    /// Buffers smaller than this are stored raw: a frame's header would outweigh what it saves.
    private static let smallestCompressed = 64

    /// The LZ4_FRAME-compressed body of the plain body `plain` whose buffers lie at `buffers`, and
    /// the buffers' ranges in it (each starting on an 8-byte boundary). A buffer LZ4 does not make
    /// smaller is stored raw.
    /// - Throws: `DataFlowError` (`.io`) when liblz4 reports a failure.
    static func compress(_ plain: UnsafeRawBufferPointer, buffers: [ArrowBufferRange]) throws -> (body: [UInt8], buffers: [ArrowBufferRange]) {
        guard !buffers.isEmpty else { return ([], []) }
        let capacity = buffers.reduce(0) { $0 + (16 + LZ4Frame.compressedBound($1.length) + 7) & ~7 }
        var ranges: [ArrowBufferRange] = []
        ranges.reserveCapacity(buffers.count)
        let body = try [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
            let out = UnsafeMutableRawBufferPointer(output)
            for range in buffers {
                let start = initialized
                if range.length > 0 {
                    let source = UnsafeRawBufferPointer(rebasing: plain[range.offset..<range.offset + range.length])
                    let frame = UnsafeMutableRawBufferPointer(rebasing: out[(start + 8)...])
                    let written = range.length < smallestCompressed ? range.length : try LZ4Frame.compress(source, into: frame)
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
    /// decompressed, each starting on an 8-byte boundary, and the buffers' ranges in it. The body
    /// is sized once from the declared lengths, each checked first against what its frame can hold.
    /// - Throws: `DataFlowError` (`.notImplemented`) for an unknown codec, or ZSTD without a
    ///   decoder; (`.parse`) for corrupt or truncated buffers and lengths that disagree with the data.
    package static func decompress(_ body: UnsafeRawBufferPointer, buffers: [ArrowBufferRange], codec: UInt8,
                                   bodyOffset: Int, zstd: ArrowZstdDecoder?) throws -> (body: [UInt8], buffers: [ArrowBufferRange])
    {
        switch codec {
        case ArrowRecordBatchHeader.Codec.lz4Frame: break
        case ArrowRecordBatchHeader.Codec.zstd:
            guard zstd != nil else {
                throw DataFlowError(.notImplemented, "Arrow IPC: ZSTD-compressed bodies are read through DataFlowIO's ArrowIPC",
                                    location: ErrorLocation(byteOffset: bodyOffset))
            }
        default:
            throw DataFlowError(.notImplemented, "Arrow IPC: unknown body compression codec \(codec)", location: ErrorLocation(byteOffset: bodyOffset))
        }
        // Where each buffer goes, and its declared length (-1: raw).
        var ranges: [ArrowBufferRange] = []
        var declaredLengths: [Int] = []
        ranges.reserveCapacity(buffers.count)
        declaredLengths.reserveCapacity(buffers.count)
        var size = 0
        for range in buffers {
            var length = 0, declared = 0
            if range.length > 0 {
                let location = ErrorLocation(byteOffset: bodyOffset + range.offset)
                guard range.length >= 8, let base = body.baseAddress else {
                    throw DataFlowError(.parse, "Arrow IPC: compressed buffer of \(range.length) bytes lacks its 8-byte length prefix", location: location)
                }
                declared = Int(Int64(littleEndian: base.loadUnaligned(fromByteOffset: range.offset, as: Int64.self)))
                // Every codec DataFlow reads yields at most 32 KiB per byte (zstd; LZ4 is checked tighter as it decodes).
                guard declared == -1 || (declared >= 0 && declared / 32_768 <= range.length) else {
                    throw DataFlowError(.parse, "Arrow IPC: a compressed buffer of \(range.length) bytes declares \(declared) uncompressed bytes", location: location)
                }
                length = declared == -1 ? range.length - 8 : declared
            }
            ranges.append(ArrowBufferRange(offset: size, length: length))
            declaredLengths.append(declared)
            size += (length + 7) & ~7
        }
        guard size > 0 else { return ([], ranges) }
        let output = try [UInt8](unsafeUninitializedCapacity: size) { output, initialized in
            // Filled buffer by buffer, each followed by its zeroed padding.
            let out = UnsafeMutableRawBufferPointer(output)
            for (index, range) in buffers.enumerated() {
                let place = ranges[index]
                let end = place.offset + place.length
                out.baseAddress!.advanced(by: end).initializeMemory(as: UInt8.self, repeating: 0, count: (place.length + 7) & ~7 - place.length)
                initialized = (end + 7) & ~7
                guard range.length > 0 else { continue }
                let payload = UnsafeRawBufferPointer(rebasing: body[range.offset + 8..<range.offset + range.length])
                let target = UnsafeMutableRawBufferPointer(rebasing: out[place.offset..<end])
                do {
                    if declaredLengths[index] == -1 {
                        target.copyMemory(from: payload)
                    } else if let zstd, codec == ArrowRecordBatchHeader.Codec.zstd {
                        let decoded = try zstd(payload, target.count)
                        guard decoded.count == target.count else { throw DataFlowError(.parse, "\(decoded.count) of \(target.count) bytes") }
                        decoded.withUnsafeBytes { target.copyMemory(from: $0) }
                    } else {
                        try LZ4Frame.decompress(payload, into: target)
                    }
                } catch let error as DataFlowError {
                    throw DataFlowError(.parse, "Arrow IPC: compressed buffer: \(error.message)", location: ErrorLocation(byteOffset: bodyOffset + range.offset))
                }
            }
        }
        return (output, ranges)
    }
}
