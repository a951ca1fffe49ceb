// Seed 002's consolidation, first steps: a landing zone of small snappy Parquet files laid out as
// chargebacks/yyyy/MM/dd/, one day read with partition pruning, rewritten as 10 zstd files and
// as Hive directories by currency, then read back. The program makes a scratch directory with a
// generated landing zone, then runs the API contract of issue 6 as written.
import DataFlow
import DataFlowIO
import Foundation

let scratch = NSTemporaryDirectory() + "dataflow-chargeback-lake"
try? FileManager.default.removeItem(atPath: scratch)
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
FileManager.default.changeCurrentDirectoryPath(scratch)

// The landing zone: three days of 20 small files each.
let generator = Session()
let currencies: [Scalar] = ["EUR", "USD", "GBP", "JPY"]
for (dayIndex, day) in ["2025/11/01", "2025/11/02", "2025/11/03"].enumerated() {
    let rows: [[Scalar]] = (0..<2_000).map { row in
        let id = dayIndex * 2_000 + row
        return [.string("cb-\(id)"), .int64(Int64(id % 97)), .decimal(unscaled: Int128(id * 37 % 100_000), precision: 18, scale: 2),
                currencies[id % currencies.count], .timestamp(1_761_955_200_000_000 + Int64(id) * 60_000_000)]
    }
    let schema = try Schema(ddl: "chargeback_id STRING, merchant_id BIGINT, amount DECIMAL(18,2), currency STRING, created_at TIMESTAMP")
    try generator.createDataFrame(rows: rows, schema: schema).repartition(20).write.parquet("landing/chargebacks/" + day)
}

// The API contract of issue 6, as written.
let session = Session()
let lake = try session.read.parquet("landing/chargebacks",
                                    options: ParquetReadOptions(partitionLayout: "{year}/{month}/{day}"))
let day = try lake.filter(col("year") == 2025 && col("month") == 11 && col("day") == 2)
try day.repartition(10).write.mode(.overwrite)
    .parquet("consolidated/day", options: ParquetWriteOptions(compression: .zstd))
try day.write.mode(.overwrite).partitionBy("currency").parquet("by_currency")
let back = try session.read.parquet("by_currency")   // Hive partitions discovered: currency is a column
print(try back.explain())                              // shows the pushed filters and partition pruning

try back.groupBy("currency").agg(Expr.count().alias("chargebacks"), Expr.sum("amount").alias("total"))
    .orderBy(col("currency")).show()
print(try session.read.parquet("by_currency").filter(col("currency") == "EUR").explain(.analyze))   // files, row groups and bytes read and skipped
print("wrote consolidated/day and by_currency under \(scratch)")
