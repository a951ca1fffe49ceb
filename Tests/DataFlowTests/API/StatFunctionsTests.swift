@testable import DataFlow
import Testing

/// `df.stat`: quantiles, correlation and covariance as Swift values, against local PySpark 4's
/// answers for the same rows (nulls and a NaN among them).
@Suite("DataFrame: stat functions")
struct StatFunctionsTests {
    static func frame() throws -> DataFrame {
        let rows: [[Scalar]] = (1...11).map { i in [.float64(Double(i)), i % 3 == 0 ? .null : .int32(Int32(i * 2))] }
            + [[.null, .int32(5)], [.float64(.nan), .int32(7)]]
        return try Session(parallelism: 3).createDataFrame(rows: rows, schema: try Schema(ddl: "x double, y int")).repartition(3)
    }

    @Test("approxQuantile: nearest rank among the values, nulls and NaN left out; several columns at once; none gives empty")
    func quantiles() throws {
        let frame = try Self.frame()
        #expect(try frame.stat.approxQuantile("x", probabilities: [0, 0.1, 0.25, 0.5, 0.9, 1], relativeError: 0) == [1, 2, 3, 6, 10, 11])
        #expect(try frame.stat.approxQuantile(["x", "y"], probabilities: [0.5], relativeError: 0.01) == [[6], [8]])
        #expect(try frame.filter(col("x") > 100).stat.approxQuantile("x", probabilities: [0.5], relativeError: 0.1) == [])
        #expect(throws: DataFlowError.self) { try frame.stat.approxQuantile("x", probabilities: [1.5], relativeError: 0) }
    }

    /// (Spark's own `stat.corr` reads a null as 0.0 — 0.6487 here — while its `corr` aggregate
    /// skips the row; DataFrame's `stat` is the aggregate's, 1.0.)
    @Test("corr and cov over the rows where both are present, as the corr and covar_samp aggregates; NaN makes them NaN")
    func correlation() throws {
        let frame = try Self.frame()
        let clean = try frame.filter(!Expr.isnan("x"))
        #expect(try clean.stat.corr("x", "y") == 1)
        #expect(try clean.stat.cov("x", "y").map { Swift.abs($0 - 26.285714285714285) < 1e-12 } == true)
        #expect(try frame.stat.corr("x", "y")?.isNaN == true)
        #expect(try frame.filter(col("x") > 100).stat.cov("x", "y") == nil)
    }
}
