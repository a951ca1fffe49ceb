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
    /// Parquet page headers).
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
        var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataFlowError(.io, "gzip: inflateInit failed (\(status))") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        var source = input
        status = source.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == uncompressedSize else {
            throw corrupt("inflate status \(status), \(stream.total_out) of \(uncompressedSize) bytes")
        }
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
}
