import Foundation

/// Batches an operator wrote to disk because they did not fit its memory budget: one Arrow IPC
/// stream file (a schema message, one record batch message per batch, the end-of-stream marker)
/// with LZ4_FRAME-compressed bodies, readable by any Arrow implementation. The file is removed
/// when the last reference goes, or when its query ends, whichever comes first.
final class SpillFile: Sendable {
    let path: String
    let schema: Schema
    /// Bytes on disk.
    let bytes: Int
    /// Rows written.
    let rows: Int
    private let spills: QuerySpills

    init(path: String, schema: Schema, bytes: Int, rows: Int, spills: QuerySpills) {
        self.path = path
        self.schema = schema
        self.bytes = bytes
        self.rows = rows
        self.spills = spills
    }

    /// The file's batches, in the order written, read one at a time; with `section`, only the
    /// batches written between those two `SpillFileWriter.position`s.
    /// - Throws: `DataFlowError` (`.io`) naming the file when it cannot be opened.
    func stream(section: Range<Int>? = nil) throws -> any BatchStream { try SpillFileReader(self, section: section) }

    deinit { spills.remove(path) }
}

/// Writes batches to a new spill file, message by message through a buffer, so that writing holds
/// about one batch in memory beyond the buffer.
final class SpillFileWriter {
    private let path: String
    private let schema: Schema
    private let spills: QuerySpills
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var bytes = 0
    private var rows = 0
    private var finished = false
    /// Small messages gather up to this many bytes before a write; larger ones go straight to disk.
    private static let bufferSize = 64 << 10

    /// Creates the file at `path` (registered with `spills`, so the query's end removes it).
    /// - Throws: `DataFlowError` (`.io`) naming the path.
    init(path: String, schema: Schema, spills: QuerySpills) throws {
        self.path = path
        self.schema = schema
        self.spills = spills
        spills.add(path)
        descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            spills.remove(path)
            throw DataFlowError(.io, "cannot create a spill file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
        buffer.reserveCapacity(Self.bufferSize)
        buffer += ArrowStreamWriter.schemaMessage(schema)
    }

    /// The byte offset the next batch's message starts at: sections of one file (an exchange's
    /// output partitions) are read back by the offsets around them.
    var position: Int { bytes + buffer.count }

    /// Appends `batch` (of the writer's schema), its body compressed.
    /// - Throws: `DataFlowError` (`.io`) when the disk refuses the bytes (full, say).
    func write(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        let (head, body) = try ArrowStreamWriter.compressedRecordBatchMessage(batch)
        rows += batch.rowCount
        try append(head)
        try append(body)
    }

    /// Adds `bytes` to the buffer, or writes them straight to disk after it when they outgrow it.
    private func append(_ bytes: [UInt8]) throws {
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
            if bytes.count > Self.bufferSize { return try emit(bytes) }
        }
        buffer += bytes
    }

    /// Ends the stream and closes the file.
    /// - Throws: `DataFlowError` (`.io`) when the disk refuses the bytes.
    func finish() throws -> SpillFile {
        buffer += ArrowStreamWriter.endOfStream
        try flush()
        finished = true
        guard close(descriptor) == 0 else { throw failure("close") }
        return SpillFile(path: path, schema: schema, bytes: bytes, rows: rows, spills: spills)
    }

    private func flush() throws {
        try emit(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func emit(_ data: [UInt8]) throws {
        try data.withUnsafeBytes { data in
            var offset = 0
            while offset < data.count {
                let written = Foundation.write(descriptor, data.baseAddress! + offset, data.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw failure("write") }
                offset += written
            }
        }
        bytes += data.count
    }

    private func failure(_ call: String) -> DataFlowError {
        DataFlowError(.io, "spill file \(call) failed: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
    }

    deinit {
        guard !finished else { return }
        close(descriptor)
        spills.remove(path)
    }
}

/// Reads a spill file's batches (or one section's) one message at a time: memory holds one batch
/// and its body.
private final class SpillFileReader: BatchStream {
    private let file: SpillFile
    private let descriptor: Int32
    private let section: Range<Int>?
    private var decoder: ArrowRecordBatchDecoder?
    private var offset = 0
    private var done = false

    init(_ file: SpillFile, section: Range<Int>?) throws {
        self.file = file
        self.section = section
        descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DataFlowError(.io, "cannot open a spill file: \(String(cString: strerror(errno)))", location: ErrorLocation(path: file.path))
        }
    }

    deinit { close(descriptor) }

    func next() throws -> RecordBatch? {
        while !done {
            if let section, decoder != nil {
                // The schema is read; go to the section, and stop at its end.
                if offset < section.lowerBound {
                    guard lseek(descriptor, off_t(section.lowerBound), SEEK_SET) >= 0 else { throw corrupt(String(cString: strerror(errno))) }
                    offset = section.lowerBound
                }
                if offset >= section.upperBound {
                    done = true
                    return nil
                }
            }
            guard let (message, body) = try readMessage() else {
                done = true
                return nil
            }
            switch message.header {
            case let .schema(schema):
                decoder = ArrowRecordBatchDecoder(fields: schema.fields, schema: file.schema, zstd: nil)
            case let .recordBatch(header):
                guard let decoder else { throw corrupt("a record batch before the schema") }
                return try body.withUnsafeBytes { try decoder.decode(header, body: $0, bodyOffset: 0) }
            default:
                throw corrupt("an unexpected message")
            }
        }
        return nil
    }

    /// The next message and its body; nil at the end-of-stream marker.
    private func readMessage() throws -> (ArrowMessage, [UInt8])? {
        let prefix = try read(8)
        let length = prefix.withUnsafeBytes { Int(Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: Int32.self))) }
        guard length > 0 else { return nil }
        let message = try ArrowMessage(metadata: try read(length))
        return (message, try read(message.bodyLength))
    }

    /// Exactly `count` bytes from the file.
    private func read(_ count: Int) throws -> [UInt8] {
        guard count >= 0 else { throw corrupt("a negative length") }
        // Not through the initializer for nothing: with no capacity it writes the count of the
        // shared empty array, which threads reading at once would race on.
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let got = Foundation.read(descriptor, buffer.baseAddress! + initialized, count - initialized)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw corrupt(got == 0 ? "an early end" : String(cString: strerror(errno))) }
                initialized += got
            }
            offset += count
        }
    }

    private func corrupt(_ detail: String) -> DataFlowError {
        DataFlowError(.io, "spill file is damaged: \(detail)", location: ErrorLocation(path: file.path))
    }
}
