import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("File formats named by paths")
struct FileFormatTests {
    @Test("extensions name formats, looking through .gz and .zst")
    func extensions() {
        #expect(FileFormat.forExtension(of: "a/b.csv") == .csv)
        #expect(FileFormat.forExtension(of: "a/b.TSV.gz") == .csv)
        #expect(FileFormat.forExtension(of: "b.jsonl.zst") == .jsonl)
        #expect(FileFormat.forExtension(of: "b.ndjson") == .jsonl)
        #expect(FileFormat.forExtension(of: "part-00000.parquet") == .parquet)
        #expect(FileFormat.forExtension(of: "b.gz") == nil)
        #expect(FileFormat.forExtension(of: "landing/chargebacks") == nil)
    }

    @Test("a directory's format is the one its files share; mixed or unknown files are errors naming the path")
    func directories() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/j/day=1/a.jsonl", "{\"x\": 1}\n")
        try writeFile(dir + "/j/day=2/b.jsonl.gz", "")
        #expect(try FileFormat.detect(dir + "/j") == .jsonl)
        try writeFile(dir + "/m/a.csv", "x\n1\n")
        try writeFile(dir + "/m/b.jsonl", "{}\n")
        let mixed = #expect(throws: DataFlowError.self) { try FileFormat.detect(dir + "/m") }
        #expect(mixed?.message.contains("several formats (csv, jsonl)") == true)
        try writeFile(dir + "/u/notes", "x\n")
        let unknown = #expect(throws: DataFlowError.self) { try FileFormat.detect(dir + "/u") }
        #expect(unknown?.message.contains(dir + "/u") == true)
        #expect(throws: DataFlowError.self) { try FileFormat.detect(dir + "/missing") }
    }

    @Test("CSVOptions.partitionLayout turns year/month/day directories into columns that prune files")
    func csvLayout() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/cb/2025/11/02/a.csv", "amount\n5\n7\n")
        try writeFile(dir + "/cb/2025/11/03/b.csv", "amount\n11\n")
        try writeFile(dir + "/cb/2025/12/01/c.csv", "amount\nbad\n")
        var options = CSVOptions.rfc4180
        options.schema = try Schema(ddl: "amount bigint")
        options.mode = .failFast
        options.partitionLayout = "{year}/{month}/{day}"
        let frame = try Session(parallelism: 2).read.csv(dir + "/cb", options: options)
        #expect(frame.schema.names == ["amount", "year", "month", "day"])
        let november = try frame.filter(col("year") == 2025 && col("month") == 11)
        #expect(try november.explain().contains("files: 2 of 3 after partition pruning"))
        #expect(try november.agg(Expr.sum("amount").alias("total")).collect().map { $0["total"] } == [Scalar.int64(23)])
    }

    @Test("JSON lines datasets prune files by partition values like CSV and Parquet")
    func jsonPartitionPruning() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/j/day=1/a.jsonl", "{\"amount\": 5}\n{\"amount\": 7}\n")
        try writeFile(dir + "/j/day=2/b.jsonl", "{\"amount\": 11}\n")
        try writeFile(dir + "/j/day=3/c.jsonl", "not json\n")
        var options = JSONOptions()
        options.schema = try Schema(ddl: "amount bigint")
        options.mode = .failFast
        let early = try Session(parallelism: 2).read.jsonl(dir + "/j", options: options).filter(col("day") <= 2)
        #expect(try early.explain().contains("files: 2 of 3 after partition pruning"))
        #expect(try early.agg(Expr.sum("amount").alias("total")).collect().map { $0["total"] } == [Scalar.int64(23)])
    }
}
