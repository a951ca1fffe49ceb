import CZstd
import DataFlow

/// Zstandard frames through the system's libzstd, in one call each with contexts kept between calls:
/// `CompressionCodec.zstd` (Parquet pages, Arrow IPC bodies) builds on it.
enum Zstd {
    /// Compresses `input` as one frame that records its content size, into a new array.
    /// - Throws: `DataFlowError` (`.io`) when libzstd reports a failure.
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: ZSTD_compressBound(input.count)) { output, initialized in
            let written = try compressors.withContext { ZSTD_compressCCtx($0, output.baseAddress, output.count, input.baseAddress, input.count, level) }
            guard ZSTD_isError(written) == 0 else {
                throw DataFlowError(.io, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
            }
            initialized = written
        }
    }

    /// What `input` holds: exactly one frame that records its content size (as `compress` writes),
    /// which `decompressFrame` decodes in one call; something a streaming decoder must take (frames
    /// without a recorded size, or several frames); or no frame at all.
    enum Framing {
        case sizedFrame(contentSize: Int)
        case stream
        case notZstd
    }

    /// How `input` is framed.
    static func framing(_ input: UnsafeRawBufferPointer) -> Framing {
        let recorded = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        guard recorded != ZSTD_CONTENTSIZE_ERROR else { return .notZstd }
        guard recorded != ZSTD_CONTENTSIZE_UNKNOWN, ZSTD_findFrameCompressedSize(input.baseAddress, input.count) == input.count,
              let size = Int(exactly: recorded) else { return .stream }
        return .sizedFrame(contentSize: size)
    }

    /// Decodes `input`, one frame recording `uncompressedSize` as its content size.
    /// - Throws: `DataFlowError` (`.parse`, "zstd data is corrupt: …") when it is not such a frame
    ///   (sizes that disagree, a size the data cannot hold) or does not decode.
    static func decompressFrame(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        guard case let .sizedFrame(recorded) = framing(input) else { throw corrupt("not one zstd frame that records its size") }
        guard recorded == uncompressedSize else { throw corrupt("the frame holds \(recorded) bytes, \(uncompressedSize) declared") }
        // Every zstd block takes at least 4 bytes (an RLE block) and yields at most 128 KiB.
        guard uncompressedSize / 32_768 <= input.count else {
            throw corrupt("\(input.count) bytes of zstd data cannot hold the \(uncompressedSize) bytes their frame declares")
        }
        // Not through the initializer for nothing: with no capacity it writes the count of the
        // shared empty array, which threads decoding at once would race on.
        guard uncompressedSize > 0 else { return [] }
        return try decompressors.withContext { context in
            var failure: Int?
            let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { target, initialized in
                let written = ZSTD_decompressDCtx(context, target.baseAddress, target.count, input.baseAddress, input.count)
                if ZSTD_isError(written) != 0 || written != uncompressedSize { failure = written } else { initialized = written }
            }
            if let failure {
                throw corrupt(ZSTD_isError(failure) != 0 ? String(cString: ZSTD_getErrorName(failure)) : "\(failure) of \(uncompressedSize) bytes")
            }
            return output
        }
    }

    private static let compressors = CodecContextPool(make: { ZSTD_createCCtx() }, free: { _ = ZSTD_freeCCtx($0) })
    private static let decompressors = CodecContextPool(make: { ZSTD_createDCtx() }, free: { _ = ZSTD_freeDCtx($0) })

    /// The error for data that does not decode.
    static func corrupt(_ detail: String) -> DataFlowError {
        DataFlowError(.parse, "zstd data is corrupt: \(detail)")
    }
}
