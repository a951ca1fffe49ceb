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
}
