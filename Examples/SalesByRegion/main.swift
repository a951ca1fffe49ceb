// The quick-start program of the README: deduplicate sales, filter, derive a column, aggregate per
// region and read the result back as Swift values.
import DataFlow

struct Sale: Codable, Sendable { var id: Int64; var region: String; var amount: Double?; var day: String }
struct RegionTotal: Decodable { var region: String; var total: Double; var n: Int64; var days: Int64 }

let session = Session(parallelism: 2)
let sales = try session.createDataFrame([
    Sale(id: 1, region: "eu", amount: 10.5, day: "2025-11-01"),
    Sale(id: 2, region: "us", amount: nil, day: "2025-11-01"),
    Sale(id: 3, region: "eu", amount: 7.0, day: "2025-11-02"),
    Sale(id: 3, region: "eu", amount: 7.0, day: "2025-11-02"),
    Sale(id: 4, region: "us", amount: 30.0, day: "2025-11-03"),
])
let totals = try sales
    .dropDuplicates(["id"])
    .filter(col("amount").isNotNull() && col("amount") > 5)
    .withColumn("amount_eur", col("amount") * 0.9)
    .groupBy("region")
    .agg(.sum("amount").alias("total"), .count().alias("n"), .countDistinct("day").alias("days"))
    .orderBy(col("total").desc(), col("region"))
try totals.show()
let typed = try totals.collect(as: RegionTotal.self)
precondition(typed.count == 2 && typed[0].region == "us" && typed[0].total == 30.0)
precondition(typed[1].total == 17.5 && typed[1].n == 2 && typed[1].days == 2)
print(try totals.explain())
do { _ = try sales.select("amout") } catch let error as DataFlowError { print(error) } // names "amount"
