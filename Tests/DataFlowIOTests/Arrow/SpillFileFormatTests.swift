@testable import DataFlow
import Foundation
import Testing
import TestSupport

/// Spill files are Arrow IPC streams whose bodies LZ4 compresses buffer by buffer: what the engine
/// writes it reads back exactly, and any Arrow implementation (pyarrow here) reads the same values.
@Suite("Spill files: Arrow IPC streams with LZ4-compressed bodies")
struct SpillFileFormatTests {
    /// Writes `batches` to a new spill file under `directory`; returns it and the position each batch starts at.
    static func spill(_ batches: [RecordBatch], schema: Schema, in directory: String) throws -> (SpillFile, [Int]) {
        let spillDirectory = SpillDirectory(root: directory)
        let writer = try SpillFileWriter(path: try spillDirectory.newFilePath(prefix: "format"), schema: schema,
                                         spills: QuerySpills(directory: spillDirectory))
        var positions: [Int] = []
        for batch in batches {
            positions.append(writer.position)
            try writer.write(batch)
        }
        return (try writer.finish(), positions)
    }

    static func readAll(_ stream: any BatchStream) throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try stream.next() { batches.append(batch) }
        return batches
    }

    @Test("every type, nulls and slices read back as written, whole and by section, compressed; pyarrow reads the same values")
    func everyType() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 3_000)
        let written = [batch, batch.slice(45, 777), batch.slice(2_999, 1)]
        let (file, positions) = try Self.spill([written[0], batch.slice(0, 0), written[1], written[2]], schema: batch.schema, in: directory)
        #expect(file.rows == 3_778)

        let read = try Self.readAll(try file.stream())
        #expect(read.count == 3)
        for (batch, original) in zip(read, written) { ArrowTestSupport.expectSame(batch, original) }
        let section = try Self.readAll(try file.stream(section: positions[2]..<positions[3]))
        #expect(section.count == 1)
        if let only = section.first { ArrowTestSupport.expectSame(only, written[1]) }

        let plain = try ArrowStreamWriter.write(schema: batch.schema, batches: written)
        #expect(file.bytes * 3 < plain.count * 2, "\(file.bytes) bytes compressed, \(plain.count) plain")
        let dump = try runPython(ArrowTestSupport.pythonDump, [file.path])
        #expect(dump.split(separator: "\n", maxSplits: 2).last.map(String.init) == ArrowTestSupport.canonical(written))
    }

    @Test("buffers LZ4 cannot shrink (random values, bytes and offsets) are stored raw and read back as written, by pyarrow too")
    func incompressible() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SeededRandom(seed: 21)
        let values = (0..<5_000).map { _ in Int64(bitPattern: random.next()) }
        let bytes = (0..<60_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let offsets = (0...5_000).map { Int32($0 * 12) }
        let schema = Schema([Field("value", .int64), Field("bytes", .binary)])
        let batch = try RecordBatch(schema: schema, columns: [try Column(values), try Column(offsets: offsets, bytes: bytes, type: .binary)])
        let (file, _) = try Self.spill([batch], schema: schema, in: directory)

        let read = try Self.readAll(try file.stream())
        #expect(read.count == 1)
        if let only = read.first { ArrowTestSupport.expectSame(only, batch) }
        // Stored raw: the plain stream's size, give or take the buffers' length prefixes.
        let plain = try ArrowStreamWriter.write(schema: schema, batches: [batch])
        #expect(abs(file.bytes - plain.count) < 256, "\(file.bytes) bytes stored, \(plain.count) plain")
        let dump = try runPython(ArrowTestSupport.pythonDump, [file.path])
        #expect(dump.split(separator: "\n", maxSplits: 2).last.map(String.init) == ArrowTestSupport.canonical([batch]))
    }
}
