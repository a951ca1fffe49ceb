@testable import DataFlow
import Testing

/// Higher-order functions with Swift closures building the lambdas, on rows with a null array, an
/// empty one and null elements; the expected values and column names are local PySpark 4's for the
/// same calls (`SparkOracleQueries.higherOrder` compares them with Spark at scale).
@Suite("Functions: higher-order functions")
struct HigherOrderFunctionTests {
    static func frame(_ session: Session = Session(parallelism: 2)) throws -> DataFrame {
        try session.createDataFrame(rows: [
            [1, .array([1, 2, .null, 4]), .map(keys: ["a", "b"], values: [1, .null])], [2, .null, .null],
            [3, .array([]), .map(keys: [], values: [])], [4, .array([5, 6]), .map(keys: ["c"], values: [3])],
        ], schema: try Schema(ddl: "k int, xs array<int>, m map<string, int>")).coalesce(1)
    }

    /// An array of integers, as `array<int>` values are.
    static func ints(_ values: Int32?...) -> Scalar { .array(values.map { $0.map(Scalar.int32) ?? .null }) }

    static func column(_ expr: Expr) throws -> [Scalar] {
        try frame().select(expr).collect().map { $0.values[0] }
    }

    @Test("transform with the element, its position and the row's columns; Spark's column names")
    func transform() throws {
        #expect(try Self.column(.transform("xs") { $0 + 1 }) == [Self.ints(2, 3, nil, 5), .null, Self.ints(), Self.ints(6, 7)])
        let positional = Expr.transform("xs") { x, i in x * i + col("k") }
        #expect(try Self.column(positional) == [Self.ints(1, 3, nil, 13), .null, Self.ints(), Self.ints(4, 10)])
        #expect(positional.description
            == "transform(xs, lambdafunction(((namedlambdavariable() * namedlambdavariable()) + k), namedlambdavariable(), namedlambdavariable()))")
        let nested = Expr.transform("xs") { x in .aggregate(Expr.array(x, col("k")), lit(0)) { acc, y in acc + y } }
        #expect(try Self.column(nested) == [Self.ints(2, 3, nil, 5), .null, Self.ints(), Self.ints(9, 10)])
    }

    @Test("filter, exists and forall: three-valued, a null array null")
    func predicates() throws {
        #expect(try Self.column(.filter("xs") { $0 > 1 }) == [Self.ints(2, 4), .null, Self.ints(), Self.ints(5, 6)])
        #expect(try Self.column(.filter("xs") { x, i in i % 2 == 0 && x.isNotNull() }) == [Self.ints(1), .null, Self.ints(), Self.ints(5)])
        #expect(try Self.column(.exists("xs") { $0 > 4 }) == [.null, .null, .boolean(false), .boolean(true)])
        #expect(try Self.column(.forall("xs") { $0 > 0 }) == [.null, .null, .boolean(true), .boolean(true)])
        #expect(try Self.column(.exists("xs") { $0 == 2 }) == [.boolean(true), .null, .boolean(false), .boolean(false)])
        #expect(throws: DataFlowError.self) { try Self.column(.filter("xs") { $0 + 1 }) }
    }

    @Test("aggregate folds in order from the initial value, then finishes; its type is the initial value's")
    func aggregate() throws {
        #expect(try Self.column(.aggregate("xs", lit(0)) { acc, x in acc + x }) == [.null, .null, .int32(0), .int32(11)])
        #expect(try Self.column(.aggregate("xs", lit(0.5), { acc, x in acc + x }, finish: { $0 * 2 })) == [.null, .null, .float64(1), .float64(23)])
        #expect(try Self.column(.reduce("xs", lit(""), { acc, x in Expr.concat(acc, Expr.coalesce(x.cast(.string), lit("?"))) }))
            == ["12?4", .null, "", "56"])
        let mismatch = #expect(throws: DataFlowError.self) { try Self.column(.aggregate("xs", lit(0)) { acc, x in acc + x * 1.5 }) }
        #expect(mismatch?.message.contains("cast the initial value") == true)
    }

    @Test("zip_with pads the shorter array with nulls")
    func zipWith() throws {
        #expect(try Self.column(.zipWith("xs", Expr.array(lit(10), lit(20))) { x, y in Expr.coalesce(x, lit(0)) + y })
            == [Self.ints(11, 22, nil, nil), .null, Self.ints(10, 20), Self.ints(15, 26)])
    }

    @Test("map_filter, transform_values and transform_keys; a repeated key is an error")
    func maps() throws {
        #expect(try Self.column(.mapFilter("m") { _, v in v > 1 })
            == [.map(keys: [], values: []), .null, .map(keys: [], values: []), .map(keys: ["c"], values: [.int32(3)])])
        #expect(try Self.column(.transformValues("m") { k, v in Expr.concat(k, v.cast(.string)) })
            == [.map(keys: ["a", "b"], values: ["a1", .null]), .null, .map(keys: [], values: []), .map(keys: ["c"], values: ["c3"])])
        #expect(try Self.column(.transformKeys("m") { k, _ in Expr.upper(k) })
            == [.map(keys: ["A", "B"], values: [.int32(1), .null]), .null, .map(keys: [], values: []), .map(keys: ["C"], values: [.int32(3)])])
        #expect(throws: DataFlowError.self) { try Self.column(.transformKeys("m") { _, _ in lit("same") }) }
    }

    @Test("a lambda outside a higher-order function, or of the wrong arity, is an analysis error")
    func errors() throws {
        #expect(throws: DataFlowError.self) { try Self.column(.zipWith("xs", "k") { x, _ in x }) }
        let frame = try Self.frame()
        #expect(throws: DataFlowError.self) { try frame.select(Expr.lambda(["x"]) { $0[0] }) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr(.function(name: "transform", arguments: [col("xs"), Expr.lambda(["a", "b", "c"]) { $0[0] }]))) }
    }
}

/// The same functions in SQL, with Spark's lambda syntax (`x -> …`, `(acc, x) -> …`).
@Suite("Functions: higher-order functions in SQL")
struct HigherOrderSQLTests {
    @Test("lambdas of one and two variables, nested, reading the row's columns; exists as a function beside EXISTS (SELECT …)")
    func lambdas() throws {
        let session = Session(parallelism: 1)
        try HigherOrderFunctionTests.frame(session).createOrReplaceTempView("t")
        let rows = try session.sql("""
            SELECT transform(xs, x -> x + k), filter(xs, (x, i) -> i > 0 AND x IS NOT NULL), exists(xs, x -> x = 4),
                   aggregate(xs, 0L, (acc, x) -> acc + coalesce(x, 0), acc -> acc * 10), reduce(xs, 0, (a, b) -> a + 1),
                   transform(xs, x -> aggregate(array(x, k), 0, (acc, y) -> acc + y)), map_filter(m, (key, value) -> key <> 'a')
            FROM t WHERE EXISTS (SELECT 1) ORDER BY k
            """).collect().map(\.values)
        #expect(rows.count == 4)
        #expect(rows[0] == [HigherOrderFunctionTests.ints(2, 3, nil, 5), HigherOrderFunctionTests.ints(2, 4), .boolean(true), .int64(70), .int32(4),
                            HigherOrderFunctionTests.ints(2, 3, nil, 5), .map(keys: ["b"], values: [.null])])
        #expect(rows[1] == [.null, .null, .null, .null, .null, .null, .null])
        #expect(rows[3][0] == HigherOrderFunctionTests.ints(9, 10) && rows[3][3] == .int64(110))
        let names = try session.sql("SELECT transform(xs, x -> x + 1), filter(xs, (x, i) -> i > 0) FROM t").schema.fields.map(\.name)
        #expect(names == ["transform(xs, lambdafunction((namedlambdavariable() + 1), namedlambdavariable()))",
                          "filter(xs, lambdafunction((namedlambdavariable() > 0), namedlambdavariable(), namedlambdavariable()))"])
        #expect(throws: DataFlowError.self) { try session.sql("SELECT transform(xs, x -> y) FROM t").collect() }
    }
}
