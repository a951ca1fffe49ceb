import CZlib
import CZstd

/// A gzip or zstd encoder fed its input in pieces, handing its output to a closure as it goes:
/// the writer of a compressed text file (`OutputFile`) and the block codecs (`CompressionCodec`).
final class StreamingCompressor {
    /// Why encoding failed.
    struct Failure: Error {
        let message: String
    }

    private let format: StreamingDecompressor.Format
    private let deflater: UnsafeMutablePointer<z_stream>?
    private let zstd: OpaquePointer?
    /// The encoder's output space, reused across calls.
    private var scratch: [UInt8]

    /// - Throws: `Failure` when the codec library cannot start a stream.
    init(_ format: StreamingDecompressor.Format, outputChunk: Int = 1 << 20) throws(Failure) {
        self.format = format
        scratch = [UInt8](repeating: 0, count: outputChunk)
        switch format {
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // windowBits 15 + 16 asks zlib for the gzip wrapper.
            guard deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                throw Failure(message: "gzip: cannot start a stream")
            }
            deflater = stream
            zstd = nil
        case .zstd:
            guard let context = ZSTD_createCCtx() else { throw Failure(message: "zstd: cannot start a stream") }
            deflater = nil
            zstd = context
        }
    }

    deinit {
        if let deflater {
            deflateEnd(deflater)
            deflater.deallocate()
        }
        if let zstd { ZSTD_freeCCtx(zstd) }
    }

    /// Encodes `input`, passing each piece of output to `emit`; with `final` the stream is
    /// finished (the gzip trailer, the zstd frame's end) and no more input may follow.
    /// - Throws: `Failure` from the codec, or what `emit` throws.
    func encode(_ input: UnsafeRawBufferPointer, final: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch format {
        case .gzip:
            let stream = deflater!
            stream.pointee.next_in = input.count > 0 ? UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self)) : nil
            stream.pointee.avail_in = uInt(input.count)
            var status: Int32 = Z_OK
            repeat {
                let produced = try scratch.withUnsafeMutableBytes { output -> Int in
                    stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(output.count)
                    status = deflate(stream, final ? Z_FINISH : Z_NO_FLUSH)
                    guard status != Z_STREAM_ERROR else { throw Failure(message: "gzip: compression failed") }
                    return output.count - Int(stream.pointee.avail_out)
                }
                try scratch.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            } while stream.pointee.avail_out == 0 || (final && status != Z_STREAM_END)
        case .zstd:
            var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            var done = false
            while !done {
                let (produced, remaining) = try scratch.withUnsafeMutableBytes { output -> (Int, Int) in
                    var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
                    let remaining = ZSTD_compressStream2(zstd, &target, &source, final ? ZSTD_e_end : ZSTD_e_continue)
                    guard ZSTD_isError(remaining) == 0 else { throw Failure(message: "zstd: \(String(cString: ZSTD_getErrorName(remaining)))") }
                    return (target.pos, remaining)
                }
                try scratch.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                done = final ? remaining == 0 : source.pos == source.size
            }
        }
    }
}
