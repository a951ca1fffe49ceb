import CZstd

/// Zstandard frames through the system's libzstd: spill files compress their Arrow bodies with it,
/// and DataFlowIO's `CompressionCodec.zstd` (Parquet pages, Arrow IPC files) builds on it.
package enum Zstd {
    /// The fastest level of the ordinary range: spill files use it, since their bytes are read back
    /// once, moments later.
    package static let fastestLevel: Int32 = 1

    /// The most bytes compressing `count` bytes can take.
    package static func compressedBound(_ count: Int) -> Int { ZSTD_compressBound(count) }

    /// Compresses `input` as one frame that records its content size into `output` (at least
    /// `compressedBound(input.count)` bytes); returns the bytes written.
    /// - Throws: `DataFlowError` (`.io`) when libzstd reports a failure.
    package static func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, level: Int32) throws -> Int {
        let written = ZSTD_compress(output.baseAddress, output.count, input.baseAddress, input.count, level)
        guard ZSTD_isError(written) == 0 else {
            throw DataFlowError(.io, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        return written
    }

    /// Compresses `input` as one frame into a new array.
    /// - Throws: `DataFlowError` (`.io`) when libzstd reports a failure.
    package static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: compressedBound(input.count)) { output, initialized in
            initialized = try compress(input, into: UnsafeMutableRawBufferPointer(output), level: level)
        }
    }

    /// What `input` holds: exactly one frame that records its content size (as `compress` writes),
    /// which `decompressFrame` decodes in one call; something a streaming decoder must take (frames
    /// without a recorded size, or several frames); or no frame at all.
    package enum Framing {
        case sizedFrame(contentSize: Int)
        case stream
        case notZstd
    }

    /// How `input` is framed.
    package static func framing(_ input: UnsafeRawBufferPointer) -> Framing {
        let recorded = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        guard recorded != ZSTD_CONTENTSIZE_ERROR else { return .notZstd }
        guard recorded != ZSTD_CONTENTSIZE_UNKNOWN, ZSTD_findFrameCompressedSize(input.baseAddress, input.count) == input.count,
              let size = Int(exactly: recorded) else { return .stream }
        return .sizedFrame(contentSize: size)
    }

    /// Decodes `input`, one frame recording `uncompressedSize` as its content size.
    /// - Throws: `DataFlowError` (`.parse`, "zstd data is corrupt: …") when it is not such a frame
    ///   (sizes that disagree, a size the data cannot hold) or does not decode.
    package static func decompressFrame(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        guard case let .sizedFrame(recorded) = framing(input) else { throw corrupt("not one zstd frame that records its size") }
        guard recorded == uncompressedSize else { throw corrupt("the frame holds \(recorded) bytes, \(uncompressedSize) declared") }
        // Every zstd block takes at least 4 bytes (an RLE block) and yields at most 128 KiB.
        guard uncompressedSize / 32_768 <= input.count else {
            throw corrupt("\(input.count) bytes of zstd data cannot hold the \(uncompressedSize) bytes their frame declares")
        }
        // Not through the initializer for nothing: with no capacity it writes the count of the
        // shared empty array, which threads decoding at once would race on.
        guard uncompressedSize > 0 else { return [] }
        var failure: Int?
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { target, initialized in
            let written = ZSTD_decompress(target.baseAddress, target.count, input.baseAddress, input.count)
            if ZSTD_isError(written) != 0 || written != uncompressedSize { failure = written } else { initialized = written }
        }
        if let failure {
            throw corrupt(ZSTD_isError(failure) != 0 ? String(cString: ZSTD_getErrorName(failure)) : "\(failure) of \(uncompressedSize) bytes")
        }
        return output
    }

    /// The error for data that does not decode.
    package static func corrupt(_ detail: String) -> DataFlowError {
        DataFlowError(.parse, "zstd data is corrupt: \(detail)")
    }
}
