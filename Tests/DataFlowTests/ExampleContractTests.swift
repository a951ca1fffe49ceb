import DataFlow
import Testing

/// The API contract program of the README, as a test.
@Suite("API contract")
struct ExampleContractTests {
    struct Sale: Codable, Sendable { var id: Int64; var region: String; var amount: Double?; var day: String }
    struct RegionTotal: Decodable, Equatable { var region: String; var total: Double; var n: Int64; var days: Int64 }

    @Test("sales by region, parallelism 1 and 8", arguments: [1, 2, 8])
    func salesByRegion(parallelism: Int) throws {
        let session = Session(parallelism: parallelism)
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
        #expect(try totals.collect(as: RegionTotal.self) == [
            RegionTotal(region: "us", total: 30, n: 1, days: 1),
            RegionTotal(region: "eu", total: 17.5, n: 2, days: 2),
        ])
        #expect(try totals.showString() == """
        +------+-----+---+----+
        |region|total|  n|days|
        +------+-----+---+----+
        |    us| 30.0|  1|   1|
        |    eu| 17.5|  2|   2|
        +------+-----+---+----+

        """)
        let explain = try totals.explain()
        #expect(explain.contains("== Physical Plan =="))
        #expect(explain.contains("sum(amount) AS total"))
    }

    @Test("a misspelt column names the closest one")
    func misspeltColumn() throws {
        let sales = try Session().createDataFrame([Sale(id: 1, region: "eu", amount: 1, day: "d")])
        #expect {
            try sales.select("amout")
        } throws: { error in
            let message = (error as? DataFlowError)?.description ?? ""
            return message.contains("did you mean 'amount'") && message.contains("[id, region, amount, day]")
        }
    }
}
