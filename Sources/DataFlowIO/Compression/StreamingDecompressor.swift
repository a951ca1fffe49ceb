import CZlib
import CZstd

/// A gzip or zstd decoder fed its input in pieces and writing into whatever output space it is
/// given: a file decoded a chunk at a time (`ByteWindow`), or a block whose output grows as it
/// decodes (`CompressionCodec`). Concatenated gzip members and zstd frames decode as one stream.
final class StreamingDecompressor {
    /// The stream formats.
    enum Format { case gzip, zstd }

    /// Why the input cannot be decoded.
    struct Failure: Error {
        let message: String
    }

    let format: Format
    /// zlib keeps a pointer back to its stream, so the stream lives at one heap address.
    private let inflater: UnsafeMutablePointer<z_stream>?
    private let zstd: OpaquePointer?

    /// - Throws: `Failure` when the codec library cannot start a stream.
    init(_ format: Format) throws(Failure) {
        self.format = format
        switch format {
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // windowBits 15 + 32 accepts both zlib and gzip headers.
            guard inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                throw Failure(message: "gzip: cannot start a stream")
            }
            inflater = stream
            zstd = nil
        case .zstd:
            guard let context = ZSTD_createDStream() else { throw Failure(message: "zstd: cannot start a stream") }
            inflater = nil
            zstd = context
        }
    }

    deinit {
        if let inflater {
            inflateEnd(inflater)
            inflater.deallocate()
        }
        if let zstd { ZSTD_freeDStream(zstd) }
    }

    /// Decodes `input` from `consumed` (which it advances) into `output`. Returns the bytes written
    /// and whether a gzip member or zstd frame ended (the next call starts a new one). Writing
    /// nothing and consuming nothing means it needs more input or more output space.
    /// - Throws: `Failure` for corrupt data.
    func decode(_ input: UnsafeRawBufferPointer, consumed: inout Int, into output: UnsafeMutableRawBufferPointer) throws(Failure) -> (written: Int, ended: Bool) {
        let pending = input.count - consumed
        switch format {
        case .gzip:
            let stream = inflater!
            stream.pointee.next_in = pending > 0 ? UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self) + consumed) : nil
            stream.pointee.avail_in = uInt(pending)
            stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = inflate(stream, Z_NO_FLUSH)
            consumed += pending - Int(stream.pointee.avail_in)
            let written = output.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                inflateReset(stream)
                return (written, true)
            case Z_OK, Z_BUF_ERROR:
                return (written, false)
            default:
                throw Failure(message: "gzip data is corrupt (zlib status \(status)) after \(stream.pointee.total_out) bytes")
            }
        case .zstd:
            var source = ZSTD_inBuffer(src: input.baseAddress.map { $0 + consumed }, size: pending, pos: 0)
            var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let status = ZSTD_decompressStream(zstd, &target, &source)
            guard ZSTD_isError(status) == 0 else { throw Failure(message: "zstd data is corrupt: \(String(cString: ZSTD_getErrorName(status)))") }
            consumed += source.pos
            return (target.pos, status == 0)
        }
    }
}
