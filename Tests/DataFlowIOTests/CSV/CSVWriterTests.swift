import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("CSV writing")
struct CSVWriterTests {
    static let schema = try! Schema(ddl: "id BIGINT, note STRING, amount DECIMAL(10,2), day DATE, ts TIMESTAMP, ok BOOLEAN")
    static let rows: [[Scalar]] = [
        [1, "plain", .decimal(unscaled: 1050, precision: 10, scale: 2), .date(20_393), .timestamp(1_762_000_000_123_456), true],
        [2, "comma, quote \" pipe | backslash \\ and\nnewline", .null, .null, .null, false],
        [3, "", .decimal(unscaled: -5, precision: 10, scale: 2), .date(-1), .timestamp(0), .null],
        [4, .null, .decimal(unscaled: 0, precision: 10, scale: 2), .date(0), .timestamp(-1), true],
        [5, "\\N", .decimal(unscaled: 1, precision: 10, scale: 2), .date(1), .timestamp(1), false],
    ]

    static func frame(_ parallelism: Int = 2) throws -> DataFrame {
        try Session(parallelism: parallelism).createDataFrame(rows: rows, schema: schema)
    }

    // A quoted line break reads back only with multiLine (as in Spark); Redshift escapes it instead.
    @Test("round trips in each dialect", arguments: [CSVOptions.rfc4180, CSVOptions.redshiftUnload, CSVOptions(header: true, nullValue: "NULL", multiLine: true, quoting: .all)])
    func roundTrip(options: CSVOptions) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try Self.frame().write.csv(dir + "/out", options: options)
        #expect(summary.rows == 5)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/_SUCCESS"))
        var read = options
        read.schema = Self.schema
        let back = try Session().read.csv(dir + "/out", options: read).orderBy(col("id")).collect().map(\.values)
        #expect(back == Self.rows)
    }

    @Test("modes: error refuses an existing target, ignore leaves it, append adds, overwrite replaces")
    func modes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/t"
        let options = CSVOptions(header: true, multiLine: true, schema: Self.schema)
        try Self.frame().write.csv(target, options: options)
        #expect(throws: DataFlowError.self) { try Self.frame().write.csv(target, options: options) }
        #expect(try Self.frame().write.mode(.ignore).csv(target, options: options).rows == 0)
        try Self.frame().write.mode(.append).csv(target, options: options)
        #expect(try Session().read.csv(target, options: options).count() == 10)
        try Self.frame().limit(2).write.mode(.overwrite).csv(target, options: options)
        #expect(try Session().read.csv(target, options: options).count() == 2)
        // No staging directories are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t"])
    }

    @Test("a failing write leaves the previous output untouched")
    func atomic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/t"
        let options = CSVOptions(header: true, multiLine: true, schema: Self.schema)
        try Self.frame().write.csv(target, options: options)
        let before = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        // ANSI casts fail at run time, mid-write.
        let failing = try Session(parallelism: 2, ansiMode: true).createDataFrame(rows: Self.rows.map { [$0[1]] }, schema: Schema([Field("note", .string)]))
            .select(col("note").cast(.int64).alias("n"))
        #expect(throws: DataFlowError.self) { try failing.write.mode(.overwrite).csv(target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t"])
        #expect(try Session().read.csv(target, options: options).count() == 5)
    }

    @Test("partitionBy writes Hive directories read back as typed columns; gzip and zstd outputs read back", arguments: FileCompression.allCases)
    func partitionsAndCompression(compression: FileCompression) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = CSVOptions(header: true, multiLine: true, compression: compression)
        try Self.frame().write.partitionBy("day").csv(dir + "/p", options: options)
        let directories = try FileManager.default.contentsOfDirectory(atPath: dir + "/p").filter { $0.hasPrefix("day=") }.sorted()
        #expect(directories == ["day=1969-12-31", "day=1970-01-01", "day=1970-01-02", "day=2025-11-01", "day=__HIVE_DEFAULT_PARTITION__"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/p/day=1970-01-01")
        #expect(files.allSatisfy { $0.hasSuffix(".csv" + compression.fileExtension) })
        options.schema = try Schema(ddl: "id BIGINT, note STRING, amount DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN")
        let back = try Session().read.csv(dir + "/p", options: options)
        #expect(back.columns.last == "day")
        #expect(try back.orderBy(col("id")).select(col("id"), col("day")).collect().map(\.values)
            == [[1, .date(20_393)], [2, .null], [3, .date(-1)], [4, .date(0)], [5, .date(1)]])
    }
}

@Suite("Output file counts")
struct OutputFileCountTests {
    @Test("repartition(n) before a write gives exactly n files, even when some partitions are empty", arguments: [1, 3, 10])
    func exactFiles(n: Int) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frame = try Session(parallelism: 2).range(0, 5)
        try frame.repartition(n).write.csv(dir + "/out")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasPrefix("part-") }
        #expect(files.count == n)
        #expect(try Session().read.csv(dir + "/out").count() == 5)
    }
}
