import DataFlow
@testable import DataFlowIO
import Foundation
import Testing
import TestSupport

/// Gzip and zstd text files are read as streams: decompressed a window at a time, records and
/// lines that straddle windows read whole, errors located as in the plain file.
@Suite("Compressed CSV and JSON files, read streaming")
struct StreamedTextFileTests {
    /// Writes `text` to `path`, compressed as its extension says, in pieces of `piece` bytes.
    static func write(_ text: String, to path: String, piece: Int = 1 << 16) throws {
        let file = try OutputFile(path: path, compression: FileCompression.forPath(path))
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: piece) { try file.write(Array(bytes[start..<min(bytes.count, start + piece)])) }
        _ = try file.close()
    }

    /// A CSV of `records` records, about 100 bytes each, with quoted commas, quoted line breaks and
    /// CRLF line ends, so that records straddle the windows of a compressed read.
    static func csv(records: Int, malformedAt: Int? = nil) -> String {
        var text = "id,text,amount\r\n"
        for id in 0..<records {
            if id == malformedAt { text += "\(id),only two\r\n"; continue }
            let note = id % 7 == 0 ? "\"line one\nline two, with a comma \(id)\"" : "\"plain text number \(id) padded to make records longer than fifty bytes\""
            text += "\(id),\(note),\(Double(id) / 4)\r\n"
        }
        return text
    }

    @Test("a window holds a few MiB of a large file, and its lines come out whole and in order", arguments: ["gz", "zst"])
    func windowIsBounded(_ suffix: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = 600_000
        let text = (0..<lines).map { "line \($0) of the file\n" }.joined()
        let path = dir + "/big.txt." + suffix
        try Self.write(text, to: path)
        let window = try ByteWindow(path: path)
        var position = 0, seen = 0, largest = 0
        while true {
            let end = try window.wholeLines(from: &position)
            largest = max(largest, window.count)
            guard position < end else { break }
            #expect(window.lineBreaksBefore + window.withBytes { bytes in bytes[0..<position].count { $0 == 0x0A } } == seen)
            let chunk = window.withBytes { String(decoding: $0[position..<end], as: UTF8.self) }
            let chunkLines = chunk.split(separator: "\n")
            #expect(chunkLines.first == "line \(seen) of the file")
            seen += chunkLines.count
            position = end
        }
        #expect(seen == lines)
        #expect(text.utf8.count > 3 * ByteWindow.chunkSize)
        #expect(largest <= 2 * ByteWindow.chunkSize)
    }

    @Test("a large CSV reads the same plain, gzip and zstd, with quoted line breaks across windows", arguments: ["gz", "zst"])
    func csvAcrossWindows(_ suffix: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = Self.csv(records: 90_000)
        try writeFile(dir + "/plain/a.csv", text)
        try Self.write(text, to: dir + "/packed/a.csv." + suffix, piece: 4_099)
        var options = CSVOptions.rfc4180
        options.inferSchema = true
        let plain = try Session().read.csv(dir + "/plain/a.csv", options: options)
        let packed = try Session().read.csv(dir + "/packed/a.csv." + suffix, options: options)
        #expect(packed.schema == plain.schema)
        let rows = try packed.collect()
        #expect(rows.count == 90_000)
        #expect(rows.map(\.values) == (try plain.collect()).map(\.values))
        #expect(rows[77].values == [.int32(77), "line one\nline two, with a comma 77", .float64(19.25)])
    }

    @Test("a malformed record far into a compressed CSV is located at the same line as in the plain file", arguments: ["gz", "zst"])
    func csvErrorLine(_ suffix: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = Self.csv(records: 80_000, malformedAt: 71_234)
        try writeFile(dir + "/a.csv", text)
        try Self.write(text, to: dir + "/a.csv." + suffix)
        var options = CSVOptions.rfc4180
        options.schema = try Schema(ddl: "id INT, text STRING, amount DOUBLE")
        options.mode = .failFast
        let plain = try #require(throws: DataFlowError.self) { try Session().read.csv(dir + "/a.csv", options: options).count() }
        let packed = try #require(throws: DataFlowError.self) { try Session().read.csv(dir + "/a.csv." + suffix, options: options).count() }
        // Records 0..<71_234 take one line each, plus one more for every seventh, after the header.
        let line = 2 + 71_234 + (71_234 + 6) / 7
        #expect(plain.location?.line == line)
        #expect(packed.location?.line == line)
        #expect(packed.location?.row == 71_235)
        #expect(packed.location?.path == dir + "/a.csv." + suffix)
    }

    @Test("JSON lines across windows read the same, and a bad line far in names its line", arguments: ["gz", "zst"])
    func jsonAcrossWindows(_ suffix: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = (0..<120_000).map { #"{"id": \#($0), "name": "name number \#($0) with some padding text"}"# }
        try writeFile(dir + "/a.jsonl", lines.joined(separator: "\n") + "\n")
        try Self.write(lines.joined(separator: "\n") + "\n", to: dir + "/a.jsonl." + suffix, piece: 10_007)
        let plain = try Session().read.jsonl(dir + "/a.jsonl")
        let packed = try Session().read.jsonl(dir + "/a.jsonl." + suffix)
        #expect(packed.schema == plain.schema)
        #expect(try packed.collect().map(\.values) == (try plain.collect()).map(\.values))

        var broken = lines
        broken[110_001] = #"{"id": 110001, "name": "#
        try Self.write(broken.joined(separator: "\n"), to: dir + "/bad.jsonl." + suffix)
        var options = JSONOptions()
        options.schema = plain.schema
        options.mode = .failFast
        let error = try #require(throws: DataFlowError.self) { try Session().read.jsonl(dir + "/bad.jsonl." + suffix, options: options).count() }
        #expect(error.location?.row == 110_002)
    }

    @Test("a truncated or corrupt compressed file is a parse error naming it, not short data", arguments: ["gz", "zst"])
    func truncated(_ suffix: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.csv." + suffix
        try Self.write(Self.csv(records: 50_000), to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DataFlowError.self) { try Session().read.csv(path, options: .rfc4180).count() }
        #expect(error.category == .parse)
        #expect(error.location?.path == path)
        var garbled = [UInt8](whole)
        for index in stride(from: 200, to: garbled.count, by: 97) { garbled[index] ^= 0x5A }
        try Data(garbled).write(to: URL(fileURLWithPath: path))
        #expect(throws: DataFlowError.self) { try Session().read.csv(path, options: .rfc4180).count() }
    }
}
