import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Datasets: discovery, layouts and partition pruning")
struct DatasetTests {
    @Test("filters on partition columns skip whole files before they are opened")
    func partitionPruning() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for day in 1...4 {
            for currency in ["EUR", "USD"] {
                try writeFile(dir + "/t/day=2025-11-0\(day)/currency=\(currency)/part.csv", "amount\n\(day)\n\(day * 10)\n")
            }
        }
        // A file that would fail to parse proves it is never opened.
        try writeFile(dir + "/t/day=2025-11-09/currency=EUR/part.csv", "amount\nnot a number\n")
        let frame = try Session(parallelism: 2).read.csv(dir + "/t", options: CSVOptions(header: true, schema: try Schema(ddl: "amount INT"), mode: .failFast))
        let filtered = try frame.filter(col("day") == lit("2025-11-02").cast(.date) && col("currency") == "EUR")
        let plan = try filtered.explain()
        #expect(plan.contains("files: 1 of 9 after partition pruning"))
        #expect(!plan.contains("Filter (day"))
        #expect(try filtered.collect().map { $0["amount"] } == [Scalar.int32(2), Scalar.int32(20)])
        #expect(try frame.filter(col("day") >= lit("2025-11-03").cast(.date) && col("day") <= lit("2025-11-04").cast(.date)).count() == 8)
    }

    @Test("a path layout such as {year}/{month}/{day} gives typed partition columns")
    func layout() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/cb/2025/11/02/a.csv", "x\n")
        try writeFile(dir + "/cb/2025/11/03/b.csv", "y\n")
        try writeFile(dir + "/cb/2025/12/01/c.csv", "z\n")
        let dataset = try Dataset.discover([dir + "/cb"], layout: "{year}/{month}/{day}")
        #expect(dataset.partitionSchema.names == ["year", "month", "day"])
        #expect(dataset.partitionSchema.fields.map(\.type) == [.int32, .int32, .int32])
        #expect(dataset.partitionValues == [[.int32(2025), .int32(11), .int32(2)], [.int32(2025), .int32(11), .int32(3)], [.int32(2025), .int32(12), .int32(1)]])
        let kept = try dataset.files(matching: [.compare(column: "month", op: .equal, value: .int32(11)), .compare(column: "day", op: .greater, value: .int64(2))])
        #expect(kept == [1])
        #expect(throws: DataFlowError.self) { try Dataset.discover([dir + "/cb"], layout: "{year}/{month}/{day}/{hour}") }
        #expect(throws: DataFlowError.self) { try Dataset.discover([dir + "/cb"], layout: "{year}/month") }
    }

    @Test("globs with ** and classes; hidden and underscore files are skipped")
    func globs() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for path in ["a/1.csv", "a/b/2.csv", "a/b/3.txt", "a/_SUCCESS", "a/.hidden.csv", "c/4.csv"] { try writeFile(dir + "/" + path, "v\n") }
        #expect(try Dataset.discover([dir + "/a/**/*.csv"]).files.map { ($0.path as NSString).lastPathComponent } == ["1.csv", "2.csv"])
        #expect(try Dataset.discover([dir + "/[ac]/*.csv"]).files.count == 2)
        #expect(try Dataset.discover([dir]).files.count == 4)
        #expect(throws: DataFlowError.self) { try Dataset.discover([dir + "/missing"]) }
    }

    @Test("another file system's listing (a cluster's) finds files as a local walk does: layouts, globs, extensions, named files")
    func listing() throws {
        let store: [String: [(path: String, size: Int)]] = [
            "s3a://lake/cb": [("s3a://lake/cb/2025/11/02/a.parquet", 10), ("s3a://lake/cb/2025/11/02/notes.txt", 1), ("s3a://lake/cb/2025/11/03/b.parquet", 20)],
            "s3a://lake/cb/2025/11/02/a.parquet": [("s3a://lake/cb/2025/11/02/a.parquet", 10)],
            "landing": [("/opt/spark/work/landing/x.parquet", 5)],
        ]
        let list = { (path: String) throws -> [(path: String, size: Int)] in
            guard let files = store[path] else { throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: path)) }
            return files
        }
        let layout = try Dataset.discover(["s3a://lake/cb/"], extensions: ["parquet"], layout: "{year}/{month}/{day}", listing: list)
        #expect(layout.files.map(\.path) == ["s3a://lake/cb/2025/11/02/a.parquet", "s3a://lake/cb/2025/11/03/b.parquet"])
        #expect(layout.files.map(\.size) == [10, 20])
        #expect(layout.partitionValues == [[.int32(2025), .int32(11), .int32(2)], [.int32(2025), .int32(11), .int32(3)]])
        #expect(try Dataset.discover(["s3a://lake/cb/**/03/*.parquet"], listing: list).files.map(\.path) == ["s3a://lake/cb/2025/11/03/b.parquet"])
        #expect(try Dataset.discover(["s3a://lake/cb/2025/11/02/a.parquet"], extensions: ["csv"], listing: list).files.count == 1)
        // A relative root the cluster resolves elsewhere cannot name partitions: refused, naming it.
        let outside = #expect(throws: DataFlowError.self) { try Dataset.discover(["landing"], layout: "{day}", listing: list) }
        #expect(outside?.message.contains("absolute path") == true)
        #expect(throws: DataFlowError.self) { try Dataset.discover(["s3a://lake/missing"], listing: list) }
    }
}
