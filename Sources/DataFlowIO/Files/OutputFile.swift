import DataFlow
import Foundation

/// A file being written, buffered, optionally compressed as a stream (gzip or zstd frames), to a
/// local file or an object store's upload.
final class OutputFile {
    let path: String
    private let destination: any OutputDestination
    private var buffer: [UInt8] = []
    /// The compressor (nil for plain files).
    private let encoder: StreamingCompressor?
    private(set) var bytesWritten = 0
    private var closed = false
    static let bufferSize = 1 << 20
    static let initialBufferSize = 64 << 10

    /// Creates (truncates) the local file at `path`, making its directory if needed.
    /// - Throws: `DataFlowError` (`.io`) naming the path.
    convenience init(path: String, compression: FileCompression) throws {
        try self.init(path: path, destination: try LocalFileDestination(path: path), compression: compression)
    }

    /// A file whose bytes go to `destination`, named `path` in errors.
    /// - Throws: `DataFlowError` (`.io`) naming the path when the compressor cannot start.
    init(path: String, destination: any OutputDestination, compression: FileCompression) throws {
        self.path = path
        self.destination = destination
        do {
            encoder = try compression.streamFormat.map { try StreamingCompressor($0, outputChunk: Self.bufferSize + 1024) }
        } catch let failure as StreamingCompressor.Failure {
            throw DataFlowError(.io, failure.message, location: ErrorLocation(path: path))
        }
        // Buffers grow with what is written: a partitioned write's many small files each cost
        // little, a large file flushes every `bufferSize` bytes.
        buffer.reserveCapacity(Self.initialBufferSize)
    }

    /// Appends bytes. A write of at least a buffer's worth goes out as it is, after what is
    /// buffered: the buffer never grows past `bufferSize` by much.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= Self.bufferSize {
            try flush(final: false)
            try pass(bytes, final: false)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush(final: false) }
    }

    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try destination.write(bytes)
        bytesWritten += bytes.count
    }

    private func flush(final: Bool) throws {
        try buffer.withUnsafeBytes { try pass($0, final: final) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Compresses `bytes` (when the file is compressed) and writes them to the file.
    private func pass(_ bytes: UnsafeRawBufferPointer, final: Bool) throws {
        guard let encoder else { return try emit(bytes) }
        do {
            try encoder.encode(bytes, final: final, emit: emit)
        } catch let failure as StreamingCompressor.Failure {
            throw DataFlowError(.io, failure.message, location: ErrorLocation(path: path))
        }
    }

    /// Flushes, finishes the compression stream and closes the destination; returns the bytes
    /// written. A local file's bytes reach the disk when the write job commits
    /// (`StagingDirectory.syncContents`, once for all files, before any is moved into place); an
    /// upload's object exists once this returns.
    func close() throws -> Int {
        guard !closed else { return bytesWritten }
        try flush(final: true)
        closed = true
        try destination.close()
        return bytesWritten
    }
}

/// Where an output file's bytes go, in order; a destination not closed is discarded when it goes.
protocol OutputDestination: AnyObject {
    /// Takes the next bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends the file.
    func close() throws
}

/// A local file, written through the C library's buffered stream.
final class LocalFileDestination: OutputDestination {
    let path: String
    private let handle: UnsafeMutablePointer<FILE>
    private var closed = false

    /// Creates (truncates) the file at `path`, making its directory if needed.
    /// - Throws: `DataFlowError` (`.io`) naming the path.
    init(path: String) throws {
        self.path = path
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard let handle = fopen(path, "wb") else {
            throw DataFlowError(.io, "cannot create file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
        self.handle = handle
    }

    deinit {
        if !closed { fclose(handle) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count else {
            throw DataFlowError(.io, "write failed: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
    }

    func close() throws {
        closed = true
        let flushed = fflush(handle) == 0
        let closedCleanly = fclose(handle) == 0
        guard closedCleanly else { throw DataFlowError(.io, "cannot close file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path)) }
        guard flushed else { throw DataFlowError(.io, "cannot flush file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path)) }
    }
}
