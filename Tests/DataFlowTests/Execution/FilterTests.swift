@testable import DataFlow
import Testing

/// Filters checked conjunct by conjunct against the rows worked out in Swift.
@Suite("Filter")
struct FilterTests {
    @Test("conjuncts run cheapest first on the rows the earlier ones kept: same rows as one pass, nulls drop rows, the predicate shown as written")
    func conjunctsInTurn() throws {
        for parallelism in [1, 3] {
            let session = Session(parallelism: parallelism, batchSize: 100)
            let names: [Scalar] = ["ab", "b", .null, "abc", "zz", "Ab"]
            let rows: [[Scalar]] = (0..<1000).map { (i: Int) -> [Scalar] in
                let key: Scalar = i % 11 == 0 ? .null : .int64(Int64(i % 50))
                return [key, names[i % names.count], .float64(Double(i) / 10)]
            }
            let frame = try session.createDataFrame(rows: rows, schema: Schema([Field("k", .int64), Field("s", .string), Field("x", .float64)]))
            // Written string and function conjuncts first: the fixed-width ones run before them.
            let filtered = try frame.filter(Expr.upper(col("s")) != "AB" && col("s") != "zz" && col("k") > 3 && col("x") < 90)
            let expected = rows.filter { row in
                guard case let .int64(k) = row[0], case let .string(s) = row[1], case let .float64(x) = row[2] else { return false }
                return s.uppercased() != "AB" && s != "zz" && k > 3 && x < 90
            }
            #expect(try filtered.collect().map(\.values) == expected, "parallelism \(parallelism)")
            #expect(try filtered.explain().contains("Filter ((((upper(s#"), "the predicate as written")
            // A conjunct that keeps nothing ends the batch; one that keeps everything changes nothing.
            #expect(try frame.filter(col("k") > 3 && col("k") < 0 && col("s") == "b").count() == 0)
            #expect(try frame.filter(col("x") >= 0 && col("s") == "b").count() == Int64(rows.filter { $0[1] == "b" }.count))
            // Conjuncts keeping most rows combine their masks, also when a constant true comes last.
            let most = try frame.filter(col("x") > 10 && col("s") != "zz" && lit(true))
            #expect(try most.count() == Int64(rows.filter { row in
                guard case let .float64(x) = row[2], case let .string(s) = row[1] else { return false }
                return x > 10 && s != "zz"
            }.count))
        }
    }
}
