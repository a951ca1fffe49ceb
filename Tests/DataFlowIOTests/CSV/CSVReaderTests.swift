import DataFlow
import DataFlowIO
import Foundation
import Testing

/// Writes `text` to `path`, creating its directory.
func writeFile(_ path: String, _ text: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Suite("CSV reading")
struct CSVReaderTests {
    @Test("Redshift UNLOAD: escaped delimiters, quotes and line breaks; \\N null quoted or not")
    func redshift() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/bookings/part_000", "\"1\"|\"acme \\| co\"|\"10.5\"|\"2025-11-01\"\n\"2\"|\\N|\"\\N\"|\"2025-11-02\"\n")
        try writeFile(dir + "/bookings/part_001", "\"3\"|\"say \\\"hi\\\"\"|\"7\"|\\N\n\"4\"|\"multi\\\nline\"|\"1\"|\"2025-11-04\"\n\"5\"|\"back\\\\slash \\\\N\"|\"2\"|\"2025-11-05\"\n")
        var options = CSVOptions.redshiftUnload
        options.schema = try Schema(ddl: "id BIGINT, name STRING, amount DECIMAL(10,2), day DATE")
        let frame = try Session(parallelism: 2).read.csv(dir + "/bookings/", options: options)
        let rows = try frame.orderBy(col("id")).collect().map(\.values)
        #expect(rows == [
            [1, "acme | co", .decimal(unscaled: 1050, precision: 10, scale: 2), .date(20_393)],
            [2, .null, .null, .date(20_394)],
            [3, "say \"hi\"", .decimal(unscaled: 700, precision: 10, scale: 2), .null],
            [4, "multi\nline", .decimal(unscaled: 100, precision: 10, scale: 2), .date(20_396)],
            [5, "back\\slash \\N", .decimal(unscaled: 200, precision: 10, scale: 2), .date(20_397)],
        ])
    }

    @Test("RFC 4180: doubled quotes, quoted line breaks and delimiters, CRLF, BOM, empty vs null")
    func rfc4180() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/a.csv", "\u{FEFF}id,text,n\r\n1,\"a, b\",3\r\n2,\"he said \"\"yo\"\"\",\r\n3,\"two\nlines\",4\r\n4,\"\",5\r\n5,,6\r\n")
        var options = CSVOptions.rfc4180
        options.inferSchema = true
        let frame = try Session().read.csv(dir + "/a.csv", options: options)
        #expect(frame.schema.fields.map(\.type) == [.int32, .string, .int32])
        #expect(try frame.collect().map(\.values) == [
            [.int32(1), "a, b", .int32(3)], [.int32(2), "he said \"yo\"", .null], [.int32(3), "two\nlines", .int32(4)],
            [.int32(4), "", .int32(5)], [.int32(5), .null, .int32(6)],
        ])
    }

    @Test("schema inference widens int to long to double, and recognises dates and timestamps")
    func inference() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/x.csv", "a,b,c,d,e,f\n1,1,1,2025-01-02,2025-01-02 10:00:00,true\n2,9999999999,1.5,2025-01-03,2025-01-03,false\n,3,,,,\n")
        let frame = try Session().read.csv(dir + "/x.csv", options: CSVOptions(header: true, inferSchema: true))
        #expect(frame.schema.fields.map(\.type) == [.int32, .int64, .float64, .date, .timestamp, .boolean])
        #expect(try frame.count() == 3)
    }

    @Test("malformed records: permissive fills nulls and keeps the raw record; dropMalformed drops; failFast names file and line")
    func malformed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/m.csv", "1,a\n2,b,extra\nx,c\n4\n")
        var options = CSVOptions(schema: try Schema(ddl: "id INT, name STRING, _corrupt_record STRING"))
        let permissive = try Session().read.csv(dir + "/m.csv", options: options).collect().map(\.values)
        #expect(permissive == [[.int32(1), "a", .null], [.int32(2), "b", "2,b,extra"], [.null, "c", "x,c"], [.int32(4), .null, "4"]])
        options.mode = .dropMalformed
        #expect(try Session().read.csv(dir + "/m.csv", options: options).collect().map(\.values) == [[.int32(1), "a", .null]])
        options.mode = .failFast
        options.schema = try Schema(ddl: "id INT, name STRING")
        #expect {
            try Session().read.csv(dir + "/m.csv", options: options).collect()
        } throws: { error in
            guard let error = error as? DataFlowError else { return false }
            return error.location?.path?.hasSuffix("m.csv") == true && error.location?.row == 2
        }
    }

    @Test("headers only, empty files, trailing delimiters and Hive partitions")
    func edges() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/t/day=2025-11-01/a.csv", "k,v\n1,x\n")
        try writeFile(dir + "/t/day=2025-11-02/b.csv", "k,v\n")
        try writeFile(dir + "/t/day=2025-11-03/c.csv", "")
        try writeFile(dir + "/t/day=2025-11-04/d.csv", "k,v\n2,\n")
        let frame = try Session().read.csv(dir + "/t", options: CSVOptions(header: true))
        #expect(frame.columns == ["k", "v", "day"])
        #expect(frame.schema.fields.last?.type == .date)
        #expect(try frame.orderBy(col("k")).collect().map(\.values) == [["1", "x", .date(20_393)], ["2", .null, .date(20_396)]])
        #expect(try frame.filter(col("day") == lit("2025-11-04").cast(.date)).count() == 1)
    }

    @Test("a large file is read in parallel byte ranges with the same rows in order", arguments: [CSVOptions(), CSVOptions.redshiftUnload])
    func splits(options: CSVOptions) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = ""
        for i in 0..<20_000 { text += options.delimiter == "|" ? "\"\(i)\"|\"row \(i) \\| x\"\n" : "\(i),row \(i)\n" }
        try writeFile(dir + "/big.csv", text)
        var split = options
        split.splitSize = 4096
        split.schema = try Schema(ddl: "id INT, label STRING")
        let rows = try Session(parallelism: 4).read.csv(dir + "/big.csv", options: split).collect()
        #expect(rows.count == 20_000)
        #expect(rows.enumerated().allSatisfy { $0.element[0] == .int32(Int32($0.offset)) })
        #expect(rows[123][1] == .string(options.delimiter == "|" ? "row 123 | x" : "row 123"))
    }
}

@Suite("CSV metadata columns")
struct CSVMetadataTests {
    @Test("file name and record number columns expose file order")
    func metadata() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/a.csv", "x\n1\n2\n3\n")
        try writeFile(dir + "/b.csv", "x\n4\n")
        let options = CSVOptions(header: true, fileNameColumn: "file", rowIndexColumn: "row")
        let rows = try Session(parallelism: 2, batchSize: 2).read.csv(dir, options: options).collect()
        #expect(rows.map { [$0["x"]!, $0["row"]!] } == [["1", 0], ["2", 1], ["3", 2], ["4", 0]])
        #expect(rows.map { ($0["file"].flatMap { if case let .string(s) = $0 { s } else { nil } } ?? "").hasSuffix(".csv") } == [true, true, true, true])
        #expect(try Session().read.csv(dir, options: options).select("file").distinct().count() == 2)
    }
}

@Suite("CSV hostile input")
struct CSVHostileInputTests {
    @Test("invalid UTF-8, a trailing delimiter and ragged rows never crash or shift columns")
    func hostile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array("a,b,c\n1,ok,\n".utf8)
        bytes += [0x32, 0x2C, 0xFF, 0xFE, 0x2C, 0x78, 0x0A]          // 2,<invalid>,x
        bytes += Array("3\n4,d,e,f\n".utf8)                           // too few, too many
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/h.csv"))
        let options = CSVOptions(header: true, schema: try Schema(ddl: "a INT, b STRING, c STRING, _corrupt_record STRING"))
        let rows = try Session().read.csv(dir + "/h.csv", options: options).collect()
        #expect(rows.count == 4)
        #expect(rows[0].values == [.int32(1), "ok", .null, .null])
        #expect(rows[1][0] == .int32(2) && rows[1][2] == "x" && rows[1][3] == .null)
        if case let .string(text) = rows[1][1] { #expect(text.unicodeScalars.count == 2) } else { Issue.record("invalid UTF-8 field lost") }
        #expect(rows[2].values == [.int32(3), .null, .null, "3"])
        #expect(rows[3].values == [.int32(4), "d", "e", "4,d,e,f"])
    }

    @Test("\\N, a quoted \"\\N\", an escaped \\\\N and an empty field read as null, null, the text \\N, and null")
    func nullMarkers() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/n.txt", "\"1\"|\\N\n\"2\"|\"\\N\"\n\"3\"|\"\\\\N\"\n\"4\"|\n")
        var options = CSVOptions.redshiftUnload
        options.schema = try Schema(ddl: "id INT, v STRING")
        #expect(try Session().read.csv(dir + "/n.txt", options: options).collect().map { $0[1] } == [.null, .null, "\\N", .null])
    }

    @Test("an empty file with a schema reads as no rows")
    func emptyFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/e.csv", "")
        #expect(try Session().read.csv(dir + "/e.csv", options: CSVOptions(schema: try Schema(ddl: "a INT"))).count() == 0)
        #expect(throws: DataFlowError.self) { try Session().read.csv(dir + "/e.csv", options: CSVOptions(header: true)) }
    }
}
