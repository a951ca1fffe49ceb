import CSnappy
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
        try input.withUnsafeBytes { try decompress($0, uncompressedSize: uncompressedSize) }
    }

    /// Decompresses the bytes `input` points to; see `decompress(_:uncompressedSize:)`.
    func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        switch self {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw corrupt("expected \(uncompressedSize) bytes, found \(input.count)")
            }
            return Array(input)
        case .snappy: return try snappyDecompress(input, uncompressedSize: uncompressedSize)
        case .gzip: return try streamDecompress(input, .gzip, uncompressedSize: uncompressedSize)
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

    private func snappyDecompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        let source = input.bindMemory(to: CChar.self)
        var recorded = 0
        guard snappy_uncompressed_length(source.baseAddress, source.count, &recorded) == SNAPPY_OK else { throw corrupt("no valid length header") }
        guard recorded == uncompressedSize else { throw corrupt("the data holds \(recorded) bytes, \(uncompressedSize) declared") }
        // A snappy element of 3 bytes copies at most 64: more than that ratio is a hostile header.
        guard uncompressedSize <= input.count * 22 else {
            throw corrupt("\(input.count) bytes of snappy data cannot hold the \(uncompressedSize) bytes their header declares")
        }
        var outputLength = uncompressedSize
        var status = SNAPPY_OK
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { target, initialized in
            status = target.withMemoryRebound(to: CChar.self) { target in
                snappy_uncompress(source.baseAddress, source.count, target.baseAddress, &outputLength)
            }
            // A failed call may leave the bytes unwritten: they are then not handed out.
            initialized = status == SNAPPY_OK ? min(outputLength, uncompressedSize) : 0
        }
        guard status == SNAPPY_OK, outputLength == uncompressedSize else {
            throw corrupt("snappy status \(status.rawValue), \(outputLength) of \(uncompressedSize) bytes")
        }
        return output
    }

    private func gzipCompress(_ input: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2 + 64)
        do {
            let encoder = try StreamingCompressor(.gzip, outputChunk: max(1 << 12, input.count / 2 + 64))
            try input.withUnsafeBytes { try encoder.encode($0, final: true) { output.append(contentsOf: $0) } }
        } catch let failure as StreamingCompressor.Failure {
            throw DataFlowError(.io, failure.message)
        }
        return output
    }

    /// One gzip member or zstd frame decoded into an output grown by doubling from what the input
    /// can plausibly yield and never beyond one byte more than `declared` (so a size read from a
    /// hostile header costs no more memory than the data really decompresses to).
    private func streamDecompress(_ input: UnsafeRawBufferPointer, _ format: StreamingDecompressor.Format, uncompressedSize declared: Int) throws -> [UInt8] {
        do {
            let decoder = try StreamingDecompressor(format)
            let limit = declared + 1
            var output = [UInt8](repeating: 0, count: min(limit, max(1 << 16, input.count * 4)))
            var filled = 0, consumed = 0
            while true {
                let before = consumed
                let (written, ended) = try output.withUnsafeMutableBytes { out in
                    try decoder.decode(input, consumed: &consumed, into: UnsafeMutableRawBufferPointer(rebasing: out[filled...]))
                }
                filled += written
                guard filled <= declared else { throw corrupt("the data decompresses to more than the \(declared) bytes declared") }
                // Concatenated members or frames go on while input remains.
                if ended && consumed == input.count { break }
                if filled == output.count {
                    output += repeatElement(0, count: min(output.count, limit - output.count))
                } else if written == 0 && consumed == before && !ended {
                    throw corrupt("the stream ends early, after \(filled) bytes")
                }
            }
            guard filled == declared else { throw corrupt("\(filled) of \(declared) bytes") }
            output.removeSubrange(filled...)
            return output
        } catch let failure as StreamingDecompressor.Failure {
            throw corrupt(failure.message)
        }
    }

    /// libzstd's contexts, kept between pages: making one per call costs more than a page.
    private static let zstdCompressors = CodecContextPool(make: { ZSTD_createCCtx() }, free: { _ = ZSTD_freeCCtx($0) })
    private static let zstdDecompressors = CodecContextPool(make: { ZSTD_createDCtx() }, free: { _ = ZSTD_freeDCtx($0) })

    private func zstdCompress(_ input: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = try input.withUnsafeBytes { source in
            try output.withUnsafeMutableBytes { target in
                try Self.zstdCompressors.withContext { ZSTD_compressCCtx($0, target.baseAddress, target.count, source.baseAddress, source.count, 3) }
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw DataFlowError(.io, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeSubrange(written...)
        return output
    }

    private func zstdDecompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        let recorded = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        let frameSize = ZSTD_findFrameCompressedSize(input.baseAddress, input.count)
        guard recorded != ZSTD_CONTENTSIZE_ERROR else { throw corrupt("not a zstd frame") }
        // Frames that do not record their size, or more than one frame: decoded as a stream.
        guard recorded != ZSTD_CONTENTSIZE_UNKNOWN && frameSize == input.count else {
            return try streamDecompress(input, .zstd, uncompressedSize: uncompressedSize)
        }
        // One frame that records its size: that size must be the declared one, then it is decoded in one call.
        guard recorded == UInt64(uncompressedSize) else { throw corrupt("the frame holds \(recorded) bytes, \(uncompressedSize) declared") }
        // Every zstd block takes at least 4 bytes (an RLE block) and yields at most 128 KiB.
        guard uncompressedSize / 32_768 <= input.count else {
            throw corrupt("\(input.count) bytes of zstd data cannot hold the \(uncompressedSize) bytes their frame declares")
        }
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        let written = try output.withUnsafeMutableBytes { target in
            try Self.zstdDecompressors.withContext { ZSTD_decompressDCtx($0, target.baseAddress, target.count, input.baseAddress, input.count) }
        }
        guard ZSTD_isError(written) == 0 else { throw corrupt(String(cString: ZSTD_getErrorName(written))) }
        guard written == uncompressedSize else { throw corrupt("\(written) of \(uncompressedSize) bytes") }
        return output
    }
}
