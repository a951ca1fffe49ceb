import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Overwriting partitioned outputs")
struct PartitionOverwriteTests {
    static func frame(_ rows: [[Scalar]]) throws -> DataFrame {
        try Session(parallelism: 2).createDataFrame(rows: rows, schema: try Schema(ddl: "day STRING, currency STRING, amount BIGINT"))
    }

    static func totals(_ path: String) throws -> [[Scalar]] {
        let options = CSVOptions(header: true, schema: try Schema(ddl: "amount BIGINT"))
        return try Session().read.csv(path, options: options).groupBy("day", "currency").agg(Expr.sum("amount").alias("total"))
            .orderBy(col("day"), col("currency")).collect().map(\.values)
    }

    @Test("dynamic overwrite replaces only the partitions written; static overwrite replaces everything")
    func dynamicAndStatic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out"
        let first = try Self.frame([["d1", "EUR", 1], ["d1", "USD", 2], ["d2", "EUR", 3], ["d2", "USD", 4]])
        try first.write.partitionBy("day", "currency").csv(target, options: CSVOptions(header: true))

        let rerun = try Self.frame([["d2", "EUR", 30], ["d3", "EUR", 50]])
        try rerun.write.mode(.overwrite).partitionOverwriteMode(.dynamic).partitionBy("day", "currency")
            .csv(target, options: CSVOptions(header: true))
        #expect(try Self.totals(target) == [["d1", "EUR", 1], ["d1", "USD", 2], ["d2", "EUR", 30], ["d2", "USD", 4], ["d3", "EUR", 50]])
        #expect(FileManager.default.fileExists(atPath: target + "/_SUCCESS"))
        // Running the same job again gives the same output (idempotent).
        try rerun.write.mode(.overwrite).partitionOverwriteMode(.dynamic).partitionBy("day", "currency")
            .csv(target, options: CSVOptions(header: true))
        #expect(try Self.totals(target) == [["d1", "EUR", 1], ["d1", "USD", 2], ["d2", "EUR", 30], ["d2", "USD", 4], ["d3", "EUR", 50]])
        let staged = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("staging") }
        #expect(staged.isEmpty)

        try rerun.write.mode(.overwrite).partitionBy("day", "currency").csv(target, options: CSVOptions(header: true))
        #expect(try Self.totals(target) == [["d2", "EUR", 30], ["d3", "EUR", 50]])
    }
}
