import CZlib
import CZstd
import DataFlow
import Foundation

/// A file being written, buffered, optionally compressed as a stream (gzip or zstd frames).
final class OutputFile {
    let path: String
    private let handle: UnsafeMutablePointer<FILE>
    private let compression: FileCompression
    private var buffer: [UInt8] = []
    /// The compressor's output buffer (empty for plain files).
    private var compressed: [UInt8] = []
    /// zlib keeps a pointer back to its stream, so the stream lives at one heap address.
    private var deflater: UnsafeMutablePointer<z_stream>?
    private var zstd: OpaquePointer?
    private(set) var bytesWritten = 0
    private var closed = false
    static let bufferSize = 1 << 20
    static let initialBufferSize = 64 << 10

    /// Creates (truncates) the file at `path`, making its directory if needed.
    /// - Throws: `DataFlowError` (`.io`) naming the path.
    init(path: String, compression: FileCompression) throws {
        self.path = path
        self.compression = compression
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard let handle = fopen(path, "wb") else {
            throw DataFlowError(.io, "cannot create file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
        self.handle = handle
        // Buffers grow with what is written: a partitioned write's many small files each cost
        // little, a large file flushes every `bufferSize` bytes.
        buffer.reserveCapacity(Self.initialBufferSize)
        if compression != .none { compressed = [UInt8](repeating: 0, count: Self.bufferSize + 1024) }
        switch compression {
        case .none: break
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                fclose(handle)
                throw DataFlowError(.io, "gzip: cannot start a stream", location: ErrorLocation(path: path))
            }
            deflater = stream
        case .zstd:
            zstd = ZSTD_createCCtx()
        }
    }

    deinit {
        if !closed {
            fclose(handle)
            if let zstd { ZSTD_freeCCtx(zstd) }
        }
        if let deflater {
            deflateEnd(deflater)
            deflater.deallocate()
        }
    }

    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush(final: false) }
    }

    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        guard fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count else {
            throw DataFlowError(.io, "write failed: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
        bytesWritten += bytes.count
    }

    private func flush(final: Bool) throws {
        switch compression {
        case .none:
            try buffer.withUnsafeBytes { try emit($0) }
        case .gzip:
            guard let stream = deflater else { throw DataFlowError.internalError("gzip stream already finished") }
            try buffer.withUnsafeMutableBytes { input in
                stream.pointee.next_in = input.bindMemory(to: UInt8.self).baseAddress
                stream.pointee.avail_in = uInt(input.count)
                repeat {
                    let produced = try compressed.withUnsafeMutableBytes { output -> Int in
                        stream.pointee.next_out = output.bindMemory(to: UInt8.self).baseAddress
                        stream.pointee.avail_out = uInt(output.count)
                        let status = deflate(stream, final ? Z_FINISH : Z_NO_FLUSH)
                        guard status != Z_STREAM_ERROR else { throw DataFlowError(.io, "gzip: compression failed", location: ErrorLocation(path: path)) }
                        return output.count - Int(stream.pointee.avail_out)
                    }
                    try compressed.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                } while stream.pointee.avail_out == 0 || (final && stream.pointee.avail_in > 0)
            }
            if final {
                deflateEnd(stream)
                stream.deallocate()
                deflater = nil
            }
        case .zstd:
            try buffer.withUnsafeBytes { input in
                var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
                var done = false
                while !done {
                    let produced = try compressed.withUnsafeMutableBytes { output -> (Int, Int) in
                        var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
                        let remaining = ZSTD_compressStream2(zstd, &target, &source, final ? ZSTD_e_end : ZSTD_e_continue)
                        guard ZSTD_isError(remaining) == 0 else {
                            throw DataFlowError(.io, "zstd: \(String(cString: ZSTD_getErrorName(remaining)))", location: ErrorLocation(path: path))
                        }
                        return (target.pos, remaining)
                    }
                    try compressed.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced.0])) }
                    done = final ? produced.1 == 0 : source.pos == source.size
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, finishes the compression stream and closes; returns the bytes written. The bytes
    /// reach the disk when the write job commits (`StagingDirectory.syncContents`, once for all
    /// files, before any is moved into place).
    func close() throws -> Int {
        guard !closed else { return bytesWritten }
        try flush(final: true)
        if let zstd { ZSTD_freeCCtx(zstd) }
        zstd = nil
        closed = true
        let flushed = fflush(handle) == 0
        let closedCleanly = fclose(handle) == 0
        guard closedCleanly else { throw DataFlowError(.io, "cannot close file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path)) }
        guard flushed else { throw DataFlowError(.io, "cannot flush file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path)) }
        return bytesWritten
    }
}

/// The bytes of a whole file (memory-mapped when plain), decompressed when its extension says gzip
/// or zstd.
/// - Throws: `DataFlowError` (`.io`, `.parse`) naming the file.
func readWholeFile(_ path: String) throws -> Data {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
        throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
    }
    switch FileCompression.forPath(path) {
    case .none: return data
    case .gzip: return Data(try inflateGzip(data, path: path))
    case .zstd: return Data(try decompressZstd(data, path: path))
    }
}

private func inflateGzip(_ data: Data, path: String) throws -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw DataFlowError(.io, "gzip: cannot start a stream", location: ErrorLocation(path: path))
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: max(1 << 16, data.count * 4))
    var produced = 0
    try data.withUnsafeBytes { input in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: UInt8.self).baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
            let status = output.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.bindMemory(to: UInt8.self).baseAddress! + produced
                stream.avail_out = uInt(out.count - produced)
                let status = inflate(&stream, Z_NO_FLUSH)
                produced = out.count - Int(stream.avail_out)
                return status
            }
            if status == Z_STREAM_END {
                // Concatenated gzip members continue the stream.
                guard stream.avail_in > 0 else { break }
                inflateReset(&stream)
                continue
            }
            guard status == Z_OK || status == Z_BUF_ERROR, !(status == Z_BUF_ERROR && stream.avail_in == 0 && produced < output.count) else {
                throw DataFlowError(.parse, "gzip data is corrupt or truncated (zlib status \(status))", location: ErrorLocation(path: path, byteOffset: Int(stream.total_in)))
            }
        }
    }
    output.removeSubrange(produced...)
    return output
}

private func decompressZstd(_ data: Data, path: String) throws -> [UInt8] {
    guard let context = ZSTD_createDCtx() else { throw DataFlowError(.io, "zstd: cannot start a stream", location: ErrorLocation(path: path)) }
    defer { ZSTD_freeDCtx(context) }
    var output = [UInt8](repeating: 0, count: max(1 << 16, data.count * 4))
    var produced = 0
    try data.withUnsafeBytes { input in
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var last = 0
        while source.pos < source.size || last != 0 {
            if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
            let (written, status) = output.withUnsafeMutableBytes { out -> (Int, Int) in
                var target = ZSTD_outBuffer(dst: out.baseAddress! + produced, size: out.count - produced, pos: 0)
                let status = ZSTD_decompressStream(context, &target, &source)
                return (target.pos, status)
            }
            guard ZSTD_isError(status) == 0 else {
                throw DataFlowError(.parse, "zstd data is corrupt: \(String(cString: ZSTD_getErrorName(status)))", location: ErrorLocation(path: path, byteOffset: source.pos))
            }
            produced += written
            if written == 0 && source.pos == source.size && status != 0 && produced < output.count {
                throw DataFlowError(.parse, "zstd data is truncated", location: ErrorLocation(path: path, byteOffset: source.pos))
            }
            last = status
        }
    }
    output.removeSubrange(produced...)
    return output
}
