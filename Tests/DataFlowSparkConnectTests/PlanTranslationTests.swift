@testable import DataFlow
@testable import DataFlowSparkConnect
import DataFlowIO
import Foundation
import SwiftProtobuf
import Testing

/// Each operator and function translated into Spark Connect messages, compared with the message
/// Spark's own clients send for the same DataFrame code (written in protobuf text format). No
/// server is involved: the plans are built on a local session over a remote file source.
@Suite("Spark Connect: plan translation")
struct PlanTranslationTests {
    static let session = Session(parallelism: 1)
    static let read = #"read { data_source { format: "parquet" paths: "/data/t" options { key: "mergeSchema" value: "false" } } }"#
    static let table = session.read(RemoteFileSource(
        read: RemoteFileRead(format: "parquet", paths: ["/data/t"], options: ["mergeSchema": "false"]),
        schema: Schema([Field("k", .string), Field("v", .int64), Field("d", .date)]), backendName: "test"))

    static func column(_ name: String) -> String { "unresolved_attribute { unparsed_identifier: \"`\(name)`\" }" }
    static func call(_ name: String, _ arguments: String...) -> String {
        "unresolved_function { function_name: \"\(name)\" " + arguments.map { "arguments { \($0) }" }.joined(separator: " ") + " }"
    }

    /// Asserts that `frame` translates to the relation `expected` (text format).
    func expect(_ frame: DataFrame, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try PlanTranslator().translate(frame.plan)
        let wanted = try Spark_Connect_Relation(textFormatString: expected)
        #expect(actual == wanted, "got:\n\(actual.textFormatString())\nwanted:\n\(wanted.textFormatString())", sourceLocation: sourceLocation)
    }

    /// Asserts that `expr`, selected from the table, translates to `expected` (text format).
    func expect(_ expr: Expr, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try ExpressionTranslator().translate(expr)
        let wanted = try Spark_Connect_Expression(textFormatString: expected)
        #expect(actual == wanted, "got:\n\(actual.textFormatString())\nwanted:\n\(wanted.textFormatString())", sourceLocation: sourceLocation)
    }

    @Test("read, project with aliases, filter")
    func projectFilter() throws {
        let frame = try Self.table.filter(col("v") > 10).select(col("k"), (col("v") * 2).alias("twice"), Expr.lower(col("k")))
        try expect(frame, """
            project {
              input { filter { input { \(Self.read) } condition { \(Self.call(">", Self.column("v"), "literal { integer: 10 }")) } } }
              expressions { \(Self.column("k")) }
              expressions { alias { expr { \(Self.call("*", Self.column("v"), "literal { integer: 2 }")) } name: "twice" } }
              expressions { alias { expr { \(Self.call("lower", Self.column("k"))) } name: "lower(k)" } }
            }
            """)
    }

    @Test("groupBy and aggregates: count(*), distinct, first ignoring nulls")
    func aggregate() throws {
        let frame = try Self.table.groupBy("k").agg(Expr.count().alias("n"), Expr.countDistinct("d").alias("days"), Expr.sum("v"),
                                                    Expr.first("v", ignoreNulls: true).alias("f"))
        try expect(frame, """
            aggregate {
              input { \(Self.read) }
              group_type: GROUP_TYPE_GROUPBY
              grouping_expressions { \(Self.column("k")) }
              aggregate_expressions { alias { expr { \(Self.call("count", "literal { integer: 1 }")) } name: "n" } }
              aggregate_expressions { alias { expr { unresolved_function { function_name: "count" arguments { \(Self.column("d")) } is_distinct: true } } name: "days" } }
              aggregate_expressions { alias { expr { \(Self.call("sum", Self.column("v"))) } name: "sum(v)" } }
              aggregate_expressions { alias { expr { \(Self.call("first", Self.column("v"), "literal { boolean: true }")) } name: "f" } }
            }
            """)
    }

    @Test("sort, limit, distinct and dropDuplicates")
    func sortLimitDeduplicate() throws {
        try expect(try Self.table.orderBy(col("v").desc(), col("k").ascNullsLast()).limit(5), """
            limit { input { sort { input { \(Self.read) }
              order { child { \(Self.column("v")) } direction: SORT_DIRECTION_DESCENDING null_ordering: SORT_NULLS_LAST }
              order { child { \(Self.column("k")) } direction: SORT_DIRECTION_ASCENDING null_ordering: SORT_NULLS_LAST }
              is_global: true } } limit: 5 }
            """)
        try expect(try Self.table.dropDuplicates(["k"]), "deduplicate { input { \(Self.read) } column_names: \"k\" }")
        try expect(try Self.table.distinct(), #"deduplicate { input { \#(Self.read) } column_names: "k" column_names: "v" column_names: "d" }"#)
    }

    @Test("union of three inputs nests by position")
    func union() throws {
        let frame = try Self.table.union(Self.table).union(Self.table)
        let inner = "set_op { left_input { \(Self.read) } right_input { \(Self.read) } set_op_type: SET_OP_TYPE_UNION is_all: true by_name: false }"
        try expect(frame, "set_op { left_input { \(inner) } right_input { \(Self.read) } set_op_type: SET_OP_TYPE_UNION is_all: true by_name: false }")
    }

    @Test("repartition: round robin, by hash, by range, coalesce")
    func repartition() throws {
        try expect(try Self.table.repartition(8), "repartition { input { \(Self.read) } num_partitions: 8 shuffle: true }")
        try expect(try Self.table.coalesce(2), "repartition { input { \(Self.read) } num_partitions: 2 shuffle: false }")
        try expect(try Self.table.repartition(4, by: ["k"]),
                   "repartition_by_expression { input { \(Self.read) } partition_exprs { \(Self.column("k")) } num_partitions: 4 }")
        try expect(try Self.table.repartitionByRange(3, by: col("v").desc()), """
            repartition_by_expression { input { \(Self.read) }
              partition_exprs { sort_order { child { \(Self.column("v")) } direction: SORT_DIRECTION_DESCENDING null_ordering: SORT_NULLS_LAST } }
              num_partitions: 3 }
            """)
    }

    @Test("joins: every type, qualified columns of aliased sides", arguments: JoinType.allCases)
    func join(_ type: JoinType) throws {
        let left = Self.table.alias("l"), right = Self.table.alias("r")
        let frame = try left.join(right, on: col("l.k") == col("r.k") && col("l.v") < col("r.v"), how: type)
        let sparkType: [JoinType: String] = [.inner: "JOIN_TYPE_INNER", .left: "JOIN_TYPE_LEFT_OUTER", .right: "JOIN_TYPE_RIGHT_OUTER",
                                             .full: "JOIN_TYPE_FULL_OUTER", .leftSemi: "JOIN_TYPE_LEFT_SEMI", .leftAnti: "JOIN_TYPE_LEFT_ANTI", .cross: "JOIN_TYPE_CROSS"]
        func qualified(_ q: String, _ name: String) -> String { "unresolved_attribute { unparsed_identifier: \"`\(q)`.`\(name)`\" }" }
        try expect(frame, """
            join {
              left { subquery_alias { input { \(Self.read) } alias: "l" } }
              right { subquery_alias { input { \(Self.read) } alias: "r" } }
              join_condition { \(Self.call("and", Self.call("==", qualified("l", "k"), qualified("r", "k")), Self.call("<", qualified("l", "v"), qualified("r", "v")))) }
              join_type: \(sparkType[type]!)
            }
            """)
    }

    @Test("window functions become a projection over the input with frames and offsets")
    func window() throws {
        let spec = Window.partitionBy("k").orderBy(col("d").asc()).rowsBetween(-2, 0)
        let frame = try Self.table.select(col("k"), Expr.rowNumber().over(Window.partitionBy("k").orderBy(col("d").asc())).alias("rn"),
                                          Expr.sum("v").over(spec).alias("s"), Expr.lag(col("v"), 1).over(Window.orderBy(col("d").asc())).alias("prev"))
        let text = try PlanTranslator().translate(frame.plan).textFormatString()
        // Three window nodes (one per spec), each a projection of * and the aliased window expression.
        #expect(text.components(separatedBy: "unresolved_star").count - 1 == 3, "\(text)")
        #expect(text.contains("function_name: \"row_number\""))
        #expect(text.contains("frame_type: FRAME_TYPE_ROW"))
        #expect(text.contains("lower {\n") && text.contains("integer: -2"), "rows frame from 2 preceding: \(text)")
        #expect(text.contains("function_name: \"lag\""))
        #expect(text.contains("name: \"rn\"") && text.contains("name: \"s\"") && text.contains("name: \"prev\""))
    }

    @Test("expressions: operators, casts, CASE WHEN, IN, literals of every type, null tests")
    func expressions() throws {
        try expect(col("v") != 3, Self.call("not", Self.call("==", Self.column("v"), "literal { integer: 3 }")))
        try expect(col("v").eqNullSafe(lit(3)), Self.call("<=>", Self.column("v"), "literal { integer: 3 }"))
        try expect(-col("v"), Self.call("negative", Self.column("v")))
        try expect(col("k").isNull(), Self.call("isnull", Self.column("k")))
        try expect(!(col("v") % 2 == 0 || col("v") / 3 >= 1),
                   Self.call("not", Self.call("or", Self.call("==", Self.call("%", Self.column("v"), "literal { integer: 2 }"), "literal { integer: 0 }"),
                                              Self.call(">=", Self.call("/", Self.column("v"), "literal { integer: 3 }"), "literal { integer: 1 }"))))
        try expect(col("k").cast(.int32), "cast { expr { \(Self.column("k")) } type { integer {} } eval_mode: EVAL_MODE_LEGACY }")
        try expect(when(col("v") > 0, lit("pos")).otherwise(lit("other")),
                   Self.call("when", Self.call(">", Self.column("v"), "literal { integer: 0 }"), "literal { string: \"pos\" }", "literal { string: \"other\" }"))
        try expect(col("k").isin([lit("a"), lit("b")]), Self.call("in", Self.column("k"), "literal { string: \"a\" }", "literal { string: \"b\" }"))
        try expect(lit(Scalar.int64(1 << 40)), "literal { long: 1099511627776 }")
        try expect(lit(2.5), "literal { double: 2.5 }")
        try expect(lit(Scalar.decimal(unscaled: -12345, precision: 7, scale: 2)), #"literal { decimal { value: "-123.45" precision: 7 scale: 2 } }"#)
        try expect(lit(Scalar.date(19_000)), "literal { date: 19000 }")
        try expect(lit(Scalar.timestamp(1_700_000_000_000_000)), "literal { timestamp: 1700000000000000 }")
        try expect(lit(Scalar.binary([1, 2])), #"literal { binary: "\001\002" }"#)
        try expect(nullLiteral(.decimal(precision: 10, scale: 2)), "literal { null { decimal { scale: 2 precision: 10 } } }")
        try expect(lit(true), "literal { boolean: true }")
    }

    @Test("every DataFlow function has a Spark name or is composed of Spark functions, not both")
    func everyFunctionMapped() throws {
        for name in FunctionRegistry.functions.keys.sorted() {
            let mapped = SparkFunctions.names[name] != nil, composed = SparkFunctions.composed[name] != nil
            #expect(mapped != composed, "\(name): mapped \(mapped), composed \(composed)")
        }
        let error = #expect(throws: DataFlowError.self) { try SparkFunctions.sparkName("dataflow_only") }
        #expect(error?.category == .notImplemented && error?.message.contains("dataflow_only") == true)
    }

    /// Counts rows, for the Swift aggregate below.
    struct Rows: Aggregator {
        func zero() -> Int64 { 0 }
        func reduce(_ buffer: inout Int64, _ input: Int64) { buffer += 1 }
        func merge(_ buffer: inout Int64, _ other: Int64) { buffer += other }
        func finish(_ buffer: Int64) -> Int64 { buffer }
    }

    @Test("a Swift UDF or aggregate in a plan for Spark is refused, naming the function and where it runs")
    func swiftFunctions() throws {
        let doubled = udf("doubled") { (v: Int64) in v * 2 }
        let rows = udaf("my_rows", Rows())
        for frame in [try Self.table.select(doubled("v")), try Self.table.groupBy("k").agg(rows("v")),
                      try Self.table.select(rows("v").over(Window.partitionBy("k")))] {
            let error = #expect(throws: DataFlowError.self) { try PlanTranslator().translate(frame.plan) }
            #expect(error?.category == .notImplemented)
            #expect(error?.message.contains("is a Swift UDF: it runs only in this process, not on Spark") == true)
            #expect(error?.message.hasPrefix("doubled") == true || error?.message.hasPrefix("my_rows") == true)
        }
    }

    @Test("uuid_from_hash becomes sha1 of the namespace bytes and the value, cut into a version-5 UUID")
    func nameBasedUUID() throws {
        func text(_ value: String) -> String { "literal { string: \"\(value)\" }" }
        func digest(namespace: String) -> String {
            Self.call("sha1", Self.call("concat", Self.call("unhex", text(namespace)),
                                        "cast { expr { \(Self.column("k")) } type { binary {} } eval_mode: EVAL_MODE_LEGACY }"))
        }
        func uuid(namespace: String) -> String {
            func digits(_ start: Int, _ count: Int) -> String {
                Self.call("substring", digest(namespace: namespace), "literal { integer: \(start) }", "literal { integer: \(count) }")
            }
            return Self.call("concat", digits(1, 8), text("-"), digits(9, 4), text("-5"), digits(14, 3), text("-"),
                             Self.call("translate", digits(17, 1), text("0123456789abcdef"), text("89ab89ab89ab89ab")),
                             digits(18, 3), text("-"), digits(21, 12))
        }
        try expect(Expr.uuidFromHash(col("k")), uuid(namespace: "6ba7b8119dad11d180b400c04fd430c8"))
        try expect(Expr.uuidFromHash(col("k"), namespace: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"), uuid(namespace: "6ba7b8109dad11d180b400c04fd430c8"))
    }

    @Test("a range and local rows translate; local rows travel as an Arrow IPC stream")
    func rangeAndLocalRows() throws {
        try expect(try Self.session.range(0, 10, step: 2, partitions: 3), "range { start: 0 end: 10 step: 2 num_partitions: 3 }")
        let local = try Self.session.createDataFrame(rows: [[.int64(1), .string("a")], [.null, .string("b")]],
                                                     schema: Schema([Field("x", .int64), Field("s", .string)]))
        let translated = try PlanTranslator().translate(local.plan)
        let decoded = try ArrowIPC.readStream([UInt8](translated.localRelation.data))
        #expect(decoded.schema == local.schema)
        #expect(decoded.batches.flatMap { batch in (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row) } } }
                == [[.int64(1), .string("a")], [.null, .string("b")]])
    }

    @Test("rows a cluster keeps for a cached DataFrame are read by their id")
    func cachedRows() throws {
        let released = ReleaseCounter()
        var rows: RemoteCachedRows? = RemoteCachedRows(id: "0b8e-rows") { released.add() }
        let frame = Self.session.read(RemoteCachedSource(rows: rows!, schema: Schema([Field("k", .string)]), backendName: "test"))
        try expect(try frame.filter(col("k").isNotNull()), """
            filter { input { cached_remote_relation { relation_id: "0b8e-rows" } } condition { \(Self.call("isnotnull", Self.column("k"))) } }
            """)
        rows = nil
        #expect(released.count == 0)
        _ = consume frame
        #expect(released.count == 1)
    }

    @Test("a source only this process reads (a SQLite table) is read here and travels as local rows")
    func localSources() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-translation-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: database) }
        let rows: [[Scalar]] = [[.int64(1), .string("a")], [.int64(2), .null]]
        try Self.session.createDataFrame(rows: rows, schema: Schema([Field("x", .int64), Field("s", .string)])).write.sqlite(database, table: "t")
        let frame = try Self.session.read.sqlite(database, table: "t")
        let translated = try PlanTranslator().translate(frame.plan)
        let decoded = try ArrowIPC.readStream([UInt8](translated.localRelation.data))
        #expect(decoded.schema.names == ["x", "s"])
        #expect(decoded.batches.flatMap { batch in (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row) } } } == rows)
    }
}

/// Counts releases of cached rows.
private final class ReleaseCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var releases = 0
    var count: Int { lock.withLock { releases } }
    func add() { lock.withLock { releases += 1 } }
}
