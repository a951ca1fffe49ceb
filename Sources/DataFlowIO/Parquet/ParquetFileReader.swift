import DataFlow
import Foundation

/// An open Parquet file: its bytes and its footer. A local file is memory-mapped whole (unmapped
/// when the reader is gone). A file in an object store is a buffer of the file's size whose pages
/// the system provides only when written: the footer comes with one ranged request for the file's
/// last 64 KiB (a second when the footer is larger; a file of at most 1 MiB comes whole), and the
/// column chunks a scan decodes come when it asks for them (`load`), nearby ones coalesced into one
/// request. Offsets are the file's either
/// way, so the decoders do not tell the two apart.
final class ParquetFileReader {
    let path: String
    private(set) var data: Data
    let footer: ParquetFooter
    /// The object of a remote file (nil: a mapped local file, every byte present).
    private let object: ObjectPath?
    /// The byte ranges of a remote file fetched so far.
    private var loaded: [Range<Int>] = []

    var metadata: FileMetaData { footer.metadata }
    var schema: ParquetSchema { footer.schema }

    /// How much of a remote file's end the first request fetches: most footers fit.
    static let tailFetchSize = 64 << 10
    /// Ranges closer than this are fetched in one request (the bytes between cost less than a request).
    static let coalesceGap = 1 << 20

    /// Opens the file (of `size` bytes, when a listing told it; its bytes `fetched` already when a
    /// read-ahead did) and decodes its footer, unless `footer` (read earlier from the same file) is given.
    /// - Throws: `DataFlowError` (`.io`) when it cannot be read, (`.parse`) when it is not Parquet or its
    ///   footer is truncated or corrupt.
    init(path: String, size: Int? = nil, footer: ParquetFooter? = nil, fetched: Data? = nil) throws {
        self.path = path
        object = try ObjectStores.resolve(path)
        guard let object else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                throw DataFlowError(.io, "cannot read file", location: ErrorLocation(path: path), underlying: DescribedError(error))
            }
            self.footer = try footer ?? data.withUnsafeBytes { try ParquetFooter(file: $0, path: path) }
            return
        }
        if let fetched {
            data = fetched
            loaded = [0..<fetched.count]
            self.footer = try footer ?? data.withUnsafeBytes { try ParquetFooter(file: $0, path: path) }
            return
        }
        guard let fileSize = try size ?? object.store.head(object.key)?.size else {
            throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: path))
        }
        data = Self.zeroedBuffer(fileSize)
        // A file no larger than the coalescing gap comes whole: the bytes cost less than a second request.
        let whole = fileSize <= Self.coalesceGap
        if let footer {
            self.footer = footer
            if whole { place(try Self.get(object, 0..<fileSize, path: path), at: 0..<fileSize) }
            return
        }
        let guess = whole ? fileSize : min(fileSize, Self.tailFetchSize)
        var tail = try Self.get(object, (fileSize - guess)..<fileSize, path: path)
        let needed = try tail.withUnsafeBytes { raw in
            try ParquetFooter.tailLength(lastEight: UnsafeRawBufferPointer(rebasing: raw[max(0, raw.count - 8)...]), fileSize: fileSize, path: path)
        }
        if needed > guess { tail = try Self.get(object, (fileSize - needed)..<(fileSize - guess), path: path) + tail }
        self.footer = try tail.withUnsafeBytes { try ParquetFooter(tail: $0, fileSize: fileSize, path: path) }
        place(tail, at: (fileSize - tail.count)..<fileSize)
    }

    /// Makes the bytes of the column chunks `columns` (chunk indices) of row group `group` present:
    /// nothing to do for a local file; a remote file's missing ranges are fetched, those within
    /// `coalesceGap` of each other in one request.
    /// - Throws: `DataFlowError` (`.io`) naming the file when the store fails.
    func load(rowGroup group: Int, columns: [Int]) throws {
        guard object != nil else { return }
        let chunks = metadata.rowGroups[group].columns
        let wanted = columns.compactMap { index -> Range<Int>? in
            guard let meta = chunks[index].metadata else { return nil }
            let start = Int(meta.chunkStart)
            return start..<(start + Int(meta.totalCompressedSize))
        }.filter { range in !loaded.contains { $0.contains(range.lowerBound) && $0.contains(range.upperBound - 1) } }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in wanted where !range.isEmpty {
            if let last = merged.last, range.lowerBound - last.upperBound <= Self.coalesceGap {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        for range in merged { try fetch(range) }
    }

    /// Fetches `range` of the remote file into place.
    private func fetch(_ range: Range<Int>) throws {
        guard let object else { return }
        place(try Self.get(object, range, path: path), at: range)
    }

    /// Puts fetched bytes at their place in the buffer.
    private func place(_ bytes: Data, at range: Range<Int>) {
        data.replaceSubrange(range, with: bytes)
        loaded.append(range)
    }

    /// The bytes in `range` of `object` (the file at `path`).
    /// - Throws: `DataFlowError` (`.io`) when the store fails or returns fewer bytes.
    private static func get(_ object: ObjectPath, _ range: Range<Int>, path: String) throws -> Data {
        let bytes = try object.store.get(object.key, range: range)
        guard bytes.count == range.count else {
            throw DataFlowError(.io, "read \(bytes.count) bytes at offset \(range.lowerBound) where \(range.count) were expected: the object changed while it was read",
                                location: ErrorLocation(path: path, byteOffset: range.lowerBound))
        }
        return bytes
    }

    /// A buffer of `size` zero bytes from `calloc`, whose pages the system maps only when written:
    /// a remote file's unread chunks take no memory.
    private static func zeroedBuffer(_ size: Int) -> Data {
        guard size > 0, let memory = calloc(size, 1) else { return Data(count: size) }
        return Data(bytesNoCopy: memory, count: size, deallocator: .free)
    }
}
