import CSnappy
import CZlib
import CZstd
import DataFlow

/// The block compression codecs DataFlow reads and writes (the ones Parquet files use).
public enum CompressionCodec: String, Codable, Sendable, CaseIterable {
    /// No compression: bytes pass through.
    case uncompressed
    /// Google Snappy (raw block format, as in Parquet).
    case snappy
    /// Gzip (RFC 1952 framing around deflate), as Parquet's GZIP codec.
    case gzip
    /// Zstandard frames.
    case zstd

    /// Compresses `input` into a new byte array.
    /// - Throws: `DataFlowError` (`.io`) when the codec library reports a failure.
    public func compress(_ input: [UInt8]) throws -> [UInt8] {
        switch self {
        case .uncompressed: return input
        case .snappy: return try snappyCompress(input)
        case .gzip: return try gzipCompress(input)
        case .zstd: return try zstdCompress(input)
        }
    }

    /// Decompresses `input`, whose decompressed size is `uncompressedSize` bytes (as recorded in
    /// Parquet page headers). The declared size is not trusted for allocation: it is checked
    /// against the size the compressed data itself records (snappy, zstd), or the output grows
    /// only as far as the data really decompresses (gzip, zstd frames without a size).
    /// - Throws: `DataFlowError` (`.parse`) when the input is corrupt or does not decompress to
    ///   exactly `uncompressedSize` bytes.
    public func decompress(_ input: [UInt8], uncompressedSize: Int) throws -> [UInt8] {
        switch self {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw corrupt("expected \(uncompressedSize) bytes, found \(input.count)")
            }
            return input
        case .snappy: return try snappyDecompress(input, uncompressedSize: uncompressedSize)
        case .gzip: return try gzipDecompress(input, uncompressedSize: uncompressedSize)
        case .zstd: return try zstdDecompress(input, uncompressedSize: uncompressedSize)
        }
    }

    private func corrupt(_ detail: String) -> DataFlowError {
        DataFlowError(.parse, "\(rawValue) data is corrupt: \(detail)")
    }

    private func snappyCompress(_ input: [UInt8]) throws -> [UInt8] {
        var outputLength = snappy_max_compressed_length(input.count)
        var output = [UInt8](repeating: 0, count: outputLength)
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                source.withMemoryRebound(to: CChar.self) { source in
                    target.withMemoryRebound(to: CChar.self) { target in
                        snappy_compress(source.baseAddress, source.count, target.baseAddress, &outputLength)
                    }
                }
            }
        }
        guard status == SNAPPY_OK else { throw DataFlowError(.io, "snappy compression failed (status \(status.rawValue))") }
        output.removeSubrange(outputLength...)
        return output
    }

    private func snappyDecompress(_ input: [UInt8], uncompressedSize: Int) throws -> [UInt8] {
        var recorded = 0
        let header = input.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { snappy_uncompressed_length($0.baseAddress, $0.count, &recorded) }
        }
        guard header == SNAPPY_OK else { throw corrupt("no valid length header") }
        guard recorded == uncompressedSize else { throw corrupt("the data holds \(recorded) bytes, \(uncompressedSize) declared") }
        // A snappy element of 3 bytes copies at most 64: more than that ratio is a hostile header.
        guard uncompressedSize <= input.count * 22 else {
            throw corrupt("\(input.count) bytes of snappy data cannot hold the \(uncompressedSize) bytes their header declares")
        }
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        var outputLength = uncompressedSize
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                source.withMemoryRebound(to: CChar.self) { source in
                    target.withMemoryRebound(to: CChar.self) { target in
                        snappy_uncompress(source.baseAddress, source.count, target.baseAddress, &outputLength)
                    }
                }
            }
        }
        guard status == SNAPPY_OK, outputLength == uncompressedSize else {
            throw corrupt("snappy status \(status.rawValue), \(outputLength) of \(uncompressedSize) bytes")
        }
        return output
    }

    private func gzipCompress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for the gzip wrapper.
        var status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataFlowError(.io, "gzip: deflateInit failed (\(status))") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var source = input
        status = source.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw DataFlowError(.io, "gzip: deflate failed (\(status))") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    private func gzipDecompress(_ input: [UInt8], uncompressedSize: Int) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 32 accepts both zlib and gzip headers.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataFlowError(.io, "gzip: inflateInit failed (\(status))") }
        defer { inflateEnd(&stream) }
        var source = input
        return try source.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            return try growingOutput(declared: uncompressedSize, inputCount: source.count) { free in
                stream.next_out = free.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(free.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                let written = free.count - Int(stream.avail_out)
                switch status {
                case Z_STREAM_END: return (written, true)
                case Z_OK where written > 0 || stream.avail_in > 0: return (written, false)
                case Z_OK, Z_BUF_ERROR: throw corrupt("the stream ends early, after \(stream.total_out) bytes")
                default: throw corrupt("inflate status \(status) after \(stream.total_out) bytes")
                }
            }
        }
    }

    /// The output of a streaming decoder, grown by doubling from what the input can plausibly yield
    /// and never beyond one byte more than `declared` (so a size read from a hostile header costs
    /// no more memory than the data really decompresses to). `step` fills the free tail it is
    /// given and returns how many bytes it wrote and whether the stream ended.
    private func growingOutput(declared: Int, inputCount: Int,
                               step: (UnsafeMutableRawBufferPointer) throws -> (written: Int, ended: Bool)) throws -> [UInt8] {
        let limit = declared + 1
        var output = [UInt8](repeating: 0, count: min(limit, max(1 << 16, inputCount * 4)))
        var filled = 0
        while true {
            let (written, ended) = try output.withUnsafeMutableBytes { try step(UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            filled += written
            guard filled <= declared else { throw corrupt("the data decompresses to more than the \(declared) bytes declared") }
            if ended { break }
            if filled == output.count { output += repeatElement(0, count: min(output.count, limit - output.count)) }
        }
        guard filled == declared else { throw corrupt("\(filled) of \(declared) bytes") }
        output.removeSubrange(filled...)
        return output
    }

    private func zstdCompress(_ input: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, 3)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw DataFlowError(.io, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeSubrange(written...)
        return output
    }

    private func zstdDecompress(_ input: [UInt8], uncompressedSize: Int) throws -> [UInt8] {
        let (recorded, frameSize) = input.withUnsafeBytes { source in
            (ZSTD_getFrameContentSize(source.baseAddress, source.count), ZSTD_findFrameCompressedSize(source.baseAddress, source.count))
        }
        guard recorded != ZSTD_CONTENTSIZE_ERROR else { throw corrupt("not a zstd frame") }
        // One frame that records its size: that size must be the declared one, then it is decoded in one call.
        guard recorded == ZSTD_CONTENTSIZE_UNKNOWN || frameSize != input.count else {
            guard recorded == UInt64(uncompressedSize) else { throw corrupt("the frame holds \(recorded) bytes, \(uncompressedSize) declared") }
            // Every zstd block takes at least 4 bytes (an RLE block) and yields at most 128 KiB.
            guard uncompressedSize / 32_768 <= input.count else {
                throw corrupt("\(input.count) bytes of zstd data cannot hold the \(uncompressedSize) bytes their frame declares")
            }
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let written = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
                }
            }
            guard ZSTD_isError(written) == 0 else { throw corrupt(String(cString: ZSTD_getErrorName(written))) }
            guard written == uncompressedSize else { throw corrupt("\(written) of \(uncompressedSize) bytes") }
            return output
        }
        guard let context = ZSTD_createDStream() else { throw DataFlowError(.io, "zstd: cannot create a decompression stream") }
        defer { ZSTD_freeDStream(context) }
        return try input.withUnsafeBytes { source in
            var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            return try growingOutput(declared: uncompressedSize, inputCount: source.count) { free in
                var outBuffer = ZSTD_outBuffer(dst: free.baseAddress, size: free.count, pos: 0)
                let consumedBefore = inBuffer.pos
                let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                guard ZSTD_isError(result) == 0 else { throw corrupt(String(cString: ZSTD_getErrorName(result))) }
                if result == 0 && inBuffer.pos == inBuffer.size { return (outBuffer.pos, true) }
                guard outBuffer.pos > 0 || inBuffer.pos > consumedBefore else { throw corrupt("the frame ends early") }
                return (outBuffer.pos, false)
            }
        }
    }
}
