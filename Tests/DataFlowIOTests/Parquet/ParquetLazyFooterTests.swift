import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet footers read by the scan tasks")
struct ParquetLazyFooterTests {
    /// Hive partitions day=1 and day=2 of valid files, and day=3 holding a `.parquet` file of garbage.
    private static func dataset(_ dir: String) throws -> String {
        let session = Session(parallelism: 1)
        let schema = try Schema(ddl: "id BIGINT, name STRING")
        for day in 1...2 {
            let rows: [[Scalar]] = (0..<3).map { [.int64(Int64(day * 10 + $0)), .string("d\(day)-\($0)")] }
            try session.createDataFrame(rows: rows, schema: schema).write.parquet(dir + "/lake/day=\(day)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/lake/day=3", withIntermediateDirectories: true)
        let garbage = dir + "/lake/day=3/part-00000.parquet"
        try Data("this is not a Parquet file, only its name says so".utf8).write(to: URL(fileURLWithPath: garbage))
        return garbage
    }

    @Test("files that partition filters prune are never opened: a garbage file there is never read")
    func prunedFilesUnopened() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let garbage = try Self.dataset(dir)
        let session = Session(parallelism: 2)
        let lake = try session.read.parquet(dir + "/lake")
        #expect(lake.schema.names == ["id", "name", "day"])
        let kept = try lake.filter(col("day") <= 2)
        let plan = try kept.explain()
        #expect(plan.contains("files: 2 of 3 after partition pruning"))
        #expect(!plan.contains("row groups:"))
        #expect(try kept.orderBy(col("id")).select("id").collect().map(\.values) == [10, 11, 12, 20, 21, 22].map { [.int64($0)] })
        #expect(try kept.explain().contains("files: 2 of 3 after partition pruning; last run: row groups: 2 of 2 read"))
        let one = try kept.filter(col("name") == "d2-1")
        #expect(try one.select("id").collect().map(\.values) == [[.int64(21)]])
        #expect(try one.explain().contains("row groups: 1 of 2 read, 1 skipped by statistics"))

        // Without the filter the scan reaches the garbage file: a parse error naming it.
        let error = #expect(throws: DataFlowError.self) { try lake.collect() }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == garbage)
        #expect(error?.message.contains("not a Parquet file") == true)
        // Merging schemas reads every footer while planning, so it fails there.
        var merging = ParquetReadOptions()
        merging.mergeSchema = true
        let planning = #expect(throws: DataFlowError.self) { try session.read.parquet(dir + "/lake", options: merging) }
        #expect(planning?.location?.path == garbage)
    }
}
