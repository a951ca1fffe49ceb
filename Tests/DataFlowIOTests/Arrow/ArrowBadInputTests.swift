import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Arrow IPC: malformed streams throw DataFlowError, never crash")
struct ArrowBadInputTests {
    /// A two-batch stream and the lengths at which a prefix of it ends on a message boundary.
    static func stream() throws -> (bytes: [UInt8], boundaries: Set<Int>) {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 9)
        let parts = [batch.slice(0, 5), batch.slice(5, 4)]
        let bytes = try ArrowIPC.writeStream(schema: batch.schema, batches: parts)
        // Each stream without its 8-byte end marker ends where the next message would start.
        var boundaries: Set<Int> = [bytes.count]
        for count in 0...parts.count {
            boundaries.insert(try ArrowIPC.writeStream(schema: batch.schema, batches: Array(parts.prefix(count))).count - 8)
        }
        return (bytes, boundaries)
    }

    @Test("every truncation throws, except at message boundaries where the batches read so far come back")
    func truncated() throws {
        let (bytes, boundaries) = try Self.stream()
        for length in 0..<bytes.count {
            do {
                let (_, batches) = try ArrowIPC.readStream(Array(bytes.prefix(length)))
                #expect(boundaries.contains(length), "prefix of \(length) bytes read as \(batches.count) batches")
            } catch let error as DataFlowError {
                #expect(!boundaries.contains(length), "prefix of \(length) bytes: \(error)")
                #expect(error.category == .parse, "prefix of \(length) bytes: \(error)")
            }
        }
    }

    @Test("random byte corruption reads or throws DataFlowError")
    func corrupted() throws {
        let (bytes, _) = try Self.stream()
        var random = SeededRandom(seed: 20_240_611)
        var failures = 0
        for _ in 0..<3_000 {
            var damaged = bytes
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(damaged.count))
                damaged[position] = random.next() % 4 == 0 ? 0xFF : UInt8(truncatingIfNeeded: random.next())
            }
            do { _ = try ArrowIPC.readStream(damaged) } catch is DataFlowError { failures += 1 }
        }
        // Most damage lands in value bytes and reads; metadata damage throws.
        #expect(failures > 0)
    }

    @Test("string offsets beyond the data or decreasing throw a parse error naming the field")
    func badOffsets() throws {
        let schema = try Schema(ddl: "s STRING")
        let batch = try RecordBatch(schema: schema, columns: [Column(["abc", "de"])])
        let bytes = try ArrowIPC.writeStream(schema: schema, batches: [batch])
        let offsets: [UInt8] = [0, 0, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0]
        let at = try #require(Self.find(offsets, in: bytes))
        // Last offset past the 5 data bytes; decreasing; a negative first offset; a negative last one.
        for (index, value) in [(8, [UInt8(200), 0, 0, 0]), (4, [6, 0, 0, 0]), (0, [0xFF, 0xFF, 0xFF, 0xFF]), (8, [0x80, 0, 0, 0x80])] {
            var damaged = bytes
            damaged.replaceSubrange(at + index..<at + index + 4, with: value)
            let error = try #require(throws: DataFlowError.self) { try ArrowIPC.readStream(damaged) }
            #expect(error.category == .parse)
            #expect(error.location?.column == "s", "\(error)")
        }
    }

    @Test("streams that do not start with a schema, garbage and empty input throw")
    func notAStream() throws {
        let (bytes, boundaries) = try Self.stream()
        let schemaEnd = try #require(boundaries.min())
        let withoutSchema = Array(bytes[schemaEnd...])
        for input in [withoutSchema, [], [0xFF, 0xFF, 0xFF, 0xFF], Array("not an arrow stream at all".utf8), [0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0xFF]] {
            let error = try #require(throws: DataFlowError.self) { try ArrowIPC.readStream(input) }
            #expect(error.category == .parse, "\(error)")
        }
    }

    @Test("a forged Null column length is refused instead of allocated")
    func forgedNullLength() throws {
        let schema = Schema([Field("v", .null)])
        let batch = try RecordBatch(schema: schema, columns: [Column.nulls(type: .null, count: 3)])
        var bytes = try ArrowIPC.writeStream(schema: schema, batches: [batch])
        // The batch length and the node length and null count are Int64 3s; make them 2^31 - 1.
        var replaced = 0
        while let at = Self.find([3, 0, 0, 0, 0, 0, 0, 0], in: bytes) {
            bytes.replaceSubrange(at..<at + 8, with: [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0])
            replaced += 1
        }
        #expect(replaced == 3)
        let error = try #require(throws: DataFlowError.self) { try ArrowIPC.readStream(bytes) }
        #expect(error.message.contains("Null column"), "\(error)")
    }

    static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }
    }
}
