import DataFlow
import Foundation

/// A file's bytes, seen through a window that slides forward. A plain file is mapped whole (the
/// window is the file; an object store's file is fetched whole); a gzip or zstd file is
/// decompressed a chunk at a time, so memory holds the window, never the whole decompressed file. Readers address bytes by their offset in the window
/// and slide it with `advance(to:)` once the bytes before an offset are no longer needed.
final class ByteWindow {
    let path: String
    /// The bytes of a plain file.
    private let mapped: Data?
    /// The decompressed bytes held, `buffer[0..<held]` (compressed files).
    private var buffer: [UInt8] = []
    private var held = 0
    /// The file offset of the window's first byte (in decompressed bytes).
    private(set) var start = 0
    /// Line breaks in the bytes before the window: the line of its first byte is this plus one.
    private(set) var lineBreaksBefore = 0
    /// Whether the window reaches the end of the file.
    private(set) var atEnd: Bool
    private let decoder: StreamingDecompressor?
    /// Where a compressed file's bytes come from.
    private var compressed: CompressedInput?
    /// Compressed input read from the file and not yet decoded: `input[inputUsed...]`.
    private var input: [UInt8] = []
    private var inputUsed = 0
    private var inputExhausted = false
    private var streamEnded = false

    /// How many decompressed bytes a slide aims to hold.
    static let chunkSize = 4 << 20
    /// How much compressed input one read takes.
    static let readSize = 1 << 20

    /// Opens `path`; its extension says whether it is compressed (`FileCompression.forPath`).
    /// A compressed file's first chunk is decompressed right away.
    /// - Throws: `DataFlowError` (`.io`, `.parse`) naming the file.
    init(path: String) throws {
        self.path = path
        let object = try ObjectStores.resolve(path)
        guard let format = FileCompression.forPath(path).streamFormat else {
            if let object {
                mapped = try object.store.get(object.key, range: nil)
            } else {
                do { mapped = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                    throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
                }
            }
            decoder = nil
            atEnd = true
            return
        }
        mapped = nil
        atEnd = false
        do { decoder = try StreamingDecompressor(format) } catch { throw DataFlowError(.io, error.message, location: ErrorLocation(path: path)) }
        if let object {
            compressed = .object(try object.store.get(object.key, range: nil), consumed: 0)
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw DataFlowError(.io, "cannot read file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
            }
            compressed = .file(handle)
        }
        try fill(minimum: Self.chunkSize)
    }

    deinit { if case let .file(handle) = compressed { try? handle.close() } }

    /// The number of bytes in the window.
    var count: Int { mapped?.count ?? held }

    /// Calls `body` with the window's bytes.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapped { return try mapped.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) } }
        return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<held])) }
    }

    /// Slides the window to start at `offset` (an offset in the current window) and reads on until
    /// it holds at least a chunk, or more than before when the bytes kept already fill one (a record
    /// longer than a chunk). Offsets in the window move down by the returned amount.
    /// - Throws: `DataFlowError` (`.io`, `.parse`) for read errors and corrupt or truncated data.
    @discardableResult
    func advance(to offset: Int) throws -> Int {
        guard !atEnd else { return 0 }
        let kept = held - offset
        lineBreaksBefore += buffer.withUnsafeBufferPointer { bytes in
            var breaks = 0, position = 0
            while position < offset, let newline = memchr(bytes.baseAddress! + position, 0x0A, offset - position) {
                breaks += 1
                position = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return breaks
        }
        if offset > 0 {
            buffer.withUnsafeMutableBufferPointer { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + offset, kept)
            }
            held = kept
            start += offset
        }
        try fill(minimum: max(Self.chunkSize, kept + Self.chunkSize / 4))
        return offset
    }

    /// Slides the window on to `position` when less than half a chunk follows it (and the file
    /// goes on); `position` becomes the same byte's offset in the slid window.
    func slideIfLow(_ position: inout Int) throws {
        if !atEnd && count - position < Self.chunkSize / 2 { position -= try advance(to: position) }
    }

    /// Where the whole lines from `position` on end: past the window's last line break, or at the
    /// window's end when it reaches the end of the file. The window slides first when it runs low,
    /// and grows until it holds a whole line; `position` moves with it.
    func wholeLines(from position: inout Int) throws -> Int {
        while true {
            try slideIfLow(&position)
            if atEnd { return count }
            let start = position
            let lineBreak = withBytes { bytes in
                var index = bytes.count - 1
                while index >= start && bytes[index] != 0x0A { index -= 1 }
                return index >= start ? index : nil
            }
            if let lineBreak { return lineBreak + 1 }
            position -= try advance(to: position)
        }
    }

    /// The next `readSize` bytes of the compressed file (none at its end).
    private func readCompressed() throws -> [UInt8] {
        switch compressed {
        case let .file(handle):
            do { return try handle.read(upToCount: Self.readSize).map(Array.init) ?? [] } catch {
                throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
            }
        case let .object(bytes, consumed):
            let end = min(bytes.count, consumed + Self.readSize)
            compressed = .object(bytes, consumed: end)
            return Array(bytes[(bytes.startIndex + consumed)..<(bytes.startIndex + end)])
        case nil:
            return []
        }
    }

    /// Decompresses until the window holds `minimum` bytes or the file ends.
    private func fill(minimum: Int) throws {
        guard let decoder else { return }
        if buffer.count < minimum { buffer += repeatElement(0, count: minimum - buffer.count) }
        while held < minimum && !atEnd {
            if inputUsed == input.count && !inputExhausted {
                input = try readCompressed()
                inputUsed = 0
                inputExhausted = input.isEmpty
            }
            if inputExhausted {
                guard streamEnded else {
                    throw DataFlowError(.parse, "\(decoder.format) data is truncated", location: ErrorLocation(path: path, byteOffset: start + held))
                }
                atEnd = true
                break
            }
            let before = inputUsed
            let (written, ended) = try input.withUnsafeBytes { source in
                try buffer.withUnsafeMutableBytes { target in
                    do throws(StreamingDecompressor.Failure) {
                        return try decoder.decode(source, consumed: &inputUsed, into: UnsafeMutableRawBufferPointer(rebasing: target[held...]))
                    } catch {
                        throw DataFlowError(.parse, error.message, location: ErrorLocation(path: path, byteOffset: start + held))
                    }
                }
            }
            held += written
            if ended { streamEnded = true } else if written > 0 || inputUsed > before { streamEnded = false }
            if written == 0 && inputUsed == before && !ended && inputUsed < input.count {
                throw DataFlowError(.parse, "\(decoder.format) data is corrupt", location: ErrorLocation(path: path, byteOffset: start + held))
            }
            if held == buffer.count { buffer += repeatElement(0, count: buffer.count / 2) }
        }
    }
}

/// The source of a compressed file's bytes: a local file read a piece at a time, or an object
/// fetched whole and handed out a piece at a time.
private enum CompressedInput {
    case file(FileHandle)
    case object(Data, consumed: Int)
}
