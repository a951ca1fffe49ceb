import CLZ4

/// LZ4 frames through the system's liblz4: the codec of spill files' Arrow bodies (LZ4_FRAME), chosen
/// for speed (about three times zstd's fastest level, both ways), as Spark's spills choose it.
package enum LZ4Frame {
    /// The largest ratio LZ4 reaches (a run of one byte): an uncompressed size beyond it is a hostile header.
    private static let largestRatio = 256

    /// Frames record their content size, and link their 64 KiB blocks for a better ratio.
    private static func preferences(contentSize: Int) -> LZ4F_preferences_t {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.contentSize = UInt64(contentSize)
        return preferences
    }

    /// The most bytes compressing `count` bytes can take.
    package static func compressedBound(_ count: Int) -> Int {
        var preferences = preferences(contentSize: count)
        return LZ4F_compressFrameBound(count, &preferences)
    }

    /// Compresses `input` as one frame into `output` (at least `compressedBound(input.count)` bytes);
    /// returns the bytes written.
    /// - Throws: `DataFlowError` (`.io`) when liblz4 reports a failure.
    package static func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        var preferences = preferences(contentSize: input.count)
        let written = LZ4F_compressFrame(output.baseAddress, output.count, input.baseAddress, input.count, &preferences)
        guard LZ4F_isError(written) == 0 else { throw DataFlowError(.io, "lz4 compression failed: \(String(cString: LZ4F_getErrorName(written)))") }
        return written
    }

    /// Decodes `input`, one frame of `uncompressedSize` bytes, into `output` (exactly that many bytes).
    /// The declared size is checked against what the input can hold before anything is written.
    /// - Throws: `DataFlowError` (`.parse`, "lz4 data is corrupt: …") when the frame is damaged,
    ///   ends early, or holds another number of bytes.
    package static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard output.count / largestRatio <= input.count else {
            throw corrupt("\(input.count) bytes of lz4 data cannot hold the \(output.count) bytes declared")
        }
        try decompressors.withContext { context in
            var consumed = 0, written = 0
            while true {
                var inputSize = input.count - consumed, outputSize = output.count - written
                let hint = LZ4F_decompress(context, output.baseAddress.map { $0 + written }, &outputSize,
                                           input.baseAddress.map { $0 + consumed }, &inputSize, nil)
                consumed += inputSize
                written += outputSize
                if LZ4F_isError(hint) != 0 { throw corrupt(String(cString: LZ4F_getErrorName(hint))) }
                // 0: the frame is whole. Otherwise, no progress means the input ended early or the
                // frame holds more than the output has room for.
                if hint == 0 { break }
                if inputSize == 0 && outputSize == 0 {
                    throw corrupt(written == output.count ? "the frame holds more than the \(output.count) bytes declared"
                                                          : "the frame ends early, after \(written) of \(output.count) bytes")
                }
            }
            guard written == output.count, consumed == input.count else {
                throw corrupt("\(written) of \(output.count) bytes from \(consumed) of \(input.count) input bytes")
            }
        }
    }

    /// Decompression contexts, kept between frames.
    private static let decompressors = CodecContextPool(make: {
        var context: OpaquePointer?
        return LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0 ? context : nil
    }, free: { _ = LZ4F_freeDecompressionContext($0) })

    private static func corrupt(_ detail: String) -> DataFlowError {
        DataFlowError(.parse, "lz4 data is corrupt: \(detail)")
    }
}
