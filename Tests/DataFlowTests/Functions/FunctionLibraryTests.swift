@testable import DataFlow
import Testing

/// The function library through SQL and the builders: Spark's argument orders and names, and the
/// aggregates' edge cases (the differential suites compare the values at scale).
@Suite("Functions: SQL forms and edge cases")
struct FunctionLibraryTests {
    static func session() throws -> Session {
        let session = Session(parallelism: 2)
        try session.createDataFrame(rows: [
            [.string("xxaxx"), .float64(1), .boolean(true)], [.string(" b "), .float64(2), .boolean(false)],
            [.null, .float64(4), .null], [.string("cx"), .null, .boolean(true)],
        ], schema: try Schema(ddl: "s STRING, v DOUBLE, flag BOOLEAN")).createOrReplaceTempView("t")
        return session
    }

    static func values(_ session: Session, _ query: String) throws -> [[Scalar]] {
        try session.sql(query).collect().map(\.values)
    }

    @Test("SQL's trim forms take the characters first, as Spark's: trim(chars, s) and trim(BOTH chars FROM s)")
    func trimForms() throws {
        let session = try Self.session()
        #expect(try Self.values(session, "SELECT trim('x', s), trim(BOTH 'x' FROM s), ltrim('x', s), trim(TRAILING 'x' FROM s) FROM t WHERE s = 'xxaxx'")
            == [["a", "a", "axx", "xxa"]])
        #expect(try Self.values(session, "SELECT btrim(s, 'x'), trim(s) FROM t WHERE s IN ('xxaxx', ' b ') ORDER BY s")
            == [[" b ", "b"], ["a", "xxaxx"]])
    }

    @Test("statistics in SQL: sample statistics of one value are null, population ones 0; boolean aggregates and count_if skip nulls")
    func statistics() throws {
        let session = try Self.session()
        let row = try Self.values(session, """
            SELECT stddev(v), stddev_pop(v), variance(v), var_pop(v), count_if(flag), bool_and(flag), bool_or(flag), every(flag), some(flag)
            FROM t
            """)
        let mean = 7.0 / 3, squares = (1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean)
        #expect(row.count == 1)
        if case let .float64(stddev) = row[0][0], case let .float64(variance) = row[0][3] {
            #expect(Swift.abs(stddev - (squares / 2).squareRoot()) < 1e-12 && Swift.abs(variance - squares / 3) < 1e-12)
        } else {
            Issue.record("stddev and var_pop are doubles: \(row)")
        }
        #expect(Array(row[0][4...]) == [.int64(2), .boolean(false), .boolean(true), .boolean(false), .boolean(true)])
        let single = try Self.values(session, "SELECT stddev_samp(v), var_pop(v), skewness(v), kurtosis(v) FROM t WHERE v = 4")
        #expect(single == [[.null, .float64(0), .null, .null]])
        #expect(throws: DataFlowError.self) { try session.sql("SELECT bool_and(v) FROM t").collect() }
        #expect(throws: DataFlowError.self) { try session.sql("SELECT stddev(DISTINCT v) FROM t").collect() }
    }

    @Test("aliases and column names: lcase, len, substr, position; Expr builders take names")
    func aliases() throws {
        let session = try Self.session()
        #expect(try Self.values(session, "SELECT ucase(s), len(s), substr(s, 2, 2), position('a' IN s), locate('x', s, 3) FROM t WHERE s = 'xxaxx'")
            == [["XXAXX", .int32(5), "xa", .int32(3), .int32(4)]])
        let frame = try session.sql("SELECT * FROM t")
        #expect(try frame.filter(col("s").isNotNull()).orderBy("s").select(Expr.initcap("s"), Expr.sqrt("v")).collect().map(\.values)
            == [[" B ", .float64(2.0.squareRoot())], ["Cx", .null], ["Xxaxx", .float64(1)]])
    }
}
