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

@Suite("Functions: bits")
struct BitFunctionTests {
    @Test("bit_count counts the sign extension, shifts take the bits modulo the width, bit_get refuses positions outside it (Spark's answers)")
    func bits() throws {
        let session = Session(parallelism: 1)
        let row = try session.sql("""
            SELECT bit_count(CAST(-1 AS INT)), bit_count(-1L), bit_count(true) + bit_count(false), bit_count(CAST(NULL AS INT)), shiftleft(1, 33), shiftleft(1L, 65),
                   shiftright(-8, 1), shiftrightunsigned(-8, 1), shiftrightunsigned(-8L, 1), shiftleft(1, -1), shiftleft('3', 1), getbit(11, 0),
                   bit_get(11L, 2), bitwise_not(5), bitwise_not(CAST(NULL AS BIGINT))
            """).collect().map(\.values)
        #expect(row == [[.int32(64), .int32(64), .int32(1), .null, .int32(2), .int64(2), .int32(-4), .int32(2_147_483_644),
                         .int64(9_223_372_036_854_775_804), .int32(Int32.min), .int32(6), .int32(1), .int32(0), .int32(-6), .null]])
        let frame = try session.createDataFrame(rows: [[5, 3.0], [.null, .null]], schema: try Schema(ddl: "n bigint, r double"))
        #expect(try frame.select(.bitCount("n"), .shiftLeft("n", 2), .bitwiseNot("n"), .toDegrees("r"), .toRadians(lit(180.0))).collect().map(\.values)
            == [[.int32(2), .int64(20), .int64(-6), .float64(3.0 * 180 / Double.pi), .float64(Double.pi)], [.null, .null, .null, .null, .float64(Double.pi)]])
        let error = #expect(throws: DataFlowError.self) { try session.sql("SELECT getbit(11, 32)").collect() }
        #expect(error?.message.contains("must be in [0, 32), got 32") == true)
        #expect(throws: DataFlowError.self) { try session.sql("SELECT bit_count(1.5D)").collect() }
    }
}
