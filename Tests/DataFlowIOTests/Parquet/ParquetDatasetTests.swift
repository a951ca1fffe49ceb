import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Parquet datasets: path layouts, partition pruning, partitioned writes, footers")
struct ParquetDatasetTests {
    /// Chargebacks of three days laid out as `chargebacks/yyyy/MM/dd/*.parquet`.
    static func landing(_ dir: String, session: Session) throws {
        let schema = try Schema(ddl: "id STRING, amount DECIMAL(18,2), currency STRING")
        for (day, rows) in [("2025/11/01", 3), ("2025/11/02", 4), ("2025/12/02", 5)] {
            let table: [[Scalar]] = (0..<rows).map { row in
                [.string("\(day)-\(row)"), .decimal(unscaled: Int128(100 * (row + 1)), precision: 18, scale: 2), .string(row % 2 == 0 ? "EUR" : "USD")]
            }
            try session.createDataFrame(rows: table, schema: schema).repartition(2).write.parquet(dir + "/landing/chargebacks/" + day)
        }
    }

    @Test("the issue's contract: a {year}/{month}/{day} lake filtered to one day, written as 10 zstd files and by currency")
    func contract() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        try Self.landing(dir, session: session)
        let lake = try session.read.parquet(dir + "/landing/chargebacks", options: ParquetReadOptions(partitionLayout: "{year}/{month}/{day}"))
        #expect(lake.schema.names == ["id", "amount", "currency", "year", "month", "day"])
        let day = try lake.filter(col("year") == 2025 && col("month") == 11 && col("day") == 2)
        let plan = try day.explain()
        #expect(plan.contains("files: 2 of 6 after partition pruning"))
        #expect(try day.count() == 4)

        var zstd = ParquetWriteOptions()
        zstd.compression = .zstd
        try day.repartition(10).write.mode(.overwrite).parquet(dir + "/consolidated/day", options: zstd)
        #expect(try parquetFiles(dir + "/consolidated/day").count == 10)
        #expect(try ParquetInspection.describe(path: try parquetFiles(dir + "/consolidated/day")[0]).contains("ZSTD"))

        try day.write.mode(.overwrite).partitionBy("currency").parquet(dir + "/by_currency")
        let back = try session.read.parquet(dir + "/by_currency")
        #expect(back.schema.names.last == "currency")
        let usd = try back.filter(col("currency") == "USD")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dir + "/by_currency").filter { $0.hasSuffix(".parquet") }
        let usdFiles = written.filter { $0.hasPrefix("currency=USD/") }.count
        let usdPlan = try usd.explain()
        #expect(usdPlan.contains("files: \(usdFiles) of \(written.count) after partition pruning"), "\(usdPlan)")
        #expect(try usd.orderBy(col("id")).select(col("id"), col("amount")).collect().map(\.values)
            == [[.string("2025/11/02-1"), .decimal(unscaled: 200, precision: 18, scale: 2)], [.string("2025/11/02-3"), .decimal(unscaled: 400, precision: 18, scale: 2)]])
    }

    @Test("meta describes row groups, codecs, encodings, sizes and typed statistics of a pyarrow file")
    func inspection() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/py.parquet"
        _ = try runPython("""
        import sys, datetime, decimal, pyarrow as pa, pyarrow.parquet as pq
        t = pa.table({'id': pa.array([1, 2, None], pa.int64()), 'name': ['a', 'bb', None],
                      'amt': pa.array([decimal.Decimal('1.50'), decimal.Decimal('-2.25'), None], pa.decimal128(18, 2)),
                      'd': pa.array([datetime.date(2025, 11, 2), datetime.date(2024, 2, 29), None])})
        pq.write_table(t, sys.argv[1], row_group_size=2, compression='gzip')
        """, [path])
        let text = try ParquetInspection.describe(path: path)
        #expect(text.contains("rows: 3, row groups: 2"))
        #expect(text.contains("amt: FIXED_LEN_BYTE_ARRAY(8) -> decimal(18,2)"))
        let firstGroup = text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let id = try #require(firstGroup.first { $0.first == "id" && $0.count == 9 })
        #expect(id[1] == "GZIP" && id[3] == "2" && id[4] == "0" && id[7] == "1" && id[8] == "2")
        let amt = try #require(firstGroup.first { $0.first == "amt" && $0.count == 9 })
        #expect(amt[7] == "-2.25" && amt[8] == "1.50")
        let d = try #require(firstGroup.first { $0.first == "d" && $0.count == 9 })
        #expect(d[7] == "2024-02-29" && d[8] == "2025-11-02")
        let error = #expect(throws: DataFlowError.self) { try ParquetInspection.describe(path: dir + "/missing.parquet") }
        #expect(error?.location?.path == dir + "/missing.parquet")
    }
}
