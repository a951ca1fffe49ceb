@testable import DataFlow
import Testing

/// The operators through small DataFrames, at several parallelisms (partition counts) and batch
/// sizes, checked against what the rows must be.
@Suite("API: DataFrame operators")
struct DataFrameOperatorTests {
    static let shapes: [(parallelism: Int, batchSize: Int)] = [(1, 65_536), (3, 2), (4, 7)]

    /// A frame of `n` rows: id (0..<n), group (id % 3, null every 5th row), name.
    static func numbers(_ n: Int, _ session: Session) throws -> DataFrame {
        try session.createDataFrame(rows: (0..<n).map { id in
            [.int64(Int64(id)), id % 5 == 4 ? .null : .int32(Int32(id % 3)), .string("n\(id)")]
        }, schema: Schema([Field("id", .int64), Field("group", .int32), Field("name", .string)]))
    }

    static func ids(_ frame: DataFrame) throws -> [Int64] {
        try frame.collect().map { row in if case let .int64(id) = row["id"] { return id } else { return -1 } }
    }

    @Test("limit takes the first rows in input order, across partitions", arguments: shapes.indices)
    func limit(shape: Int) throws {
        let (parallelism, batchSize) = Self.shapes[shape]
        let session = Session(parallelism: parallelism, batchSize: batchSize)
        let frame = try Self.numbers(20, session)
        for count in [0, 1, 3, 7, 20, 25] {
            #expect(try Self.ids(frame.limit(count)) == Array(0..<Int64(min(count, 20))), "parallelism \(parallelism), limit \(count)")
        }
        #expect(try Self.ids(frame.orderBy(col("id").desc()).limit(3)) == [19, 18, 17])
        #expect(try Self.ids(frame.limit(5).limit(2)) == [0, 1])
        #expect(throws: DataFlowError.self) { try frame.limit(-1) }
    }

    @Test("union appends by position and widens types; unionByName matches names", arguments: shapes.indices)
    func unions(shape: Int) throws {
        let (parallelism, batchSize) = Self.shapes[shape]
        let session = Session(parallelism: parallelism, batchSize: batchSize)
        let left = try session.createDataFrame(rows: [[.int32(1), .string("a")], [.int32(2), .null]],
                                               schema: Schema([Field("x", .int32), Field("y", .string)]))
        let right = try session.createDataFrame(rows: [[.int64(3_000_000_000), .string("c")]],
                                                schema: Schema([Field("x", .int64), Field("y", .string)]))
        let union = try left.union(right)
        #expect(union.schema.fields.map(\.type) == [.int64, .string])
        #expect(try union.collect().map(\.values) == [[.int64(1), .string("a")], [.int64(2), .null], [.int64(3_000_000_000), .string("c")]])
        #expect(try union.count() == 3)
        let narrow = try session.createDataFrame(rows: [[.int32(9)]], schema: Schema([Field("x", .int32)]))
        #expect(throws: DataFlowError.self) { try left.union(narrow) }

        // By name: columns reordered; missing ones become nulls of the other side's type.
        let swapped = try session.createDataFrame(rows: [[.string("z"), .int32(7)]], schema: Schema([Field("y", .string), Field("x", .int32)]))
        #expect(try left.unionByName(swapped).collect().map(\.values).last == [.int32(7), .string("z")])
        let extra = try session.createDataFrame(rows: [[.int32(5), .date(3)]], schema: Schema([Field("x", .int32), Field("d", .date)]))
        #expect(throws: DataFlowError.self) { try left.unionByName(extra) }
        let filled = try left.unionByName(extra, allowMissingColumns: true)
        #expect(filled.columns == ["x", "y", "d"])
        #expect(filled.schema.fields.map(\.type) == [.int32, .string, .date])
        #expect(try filled.collect().map(\.values) == [
            [.int32(1), .string("a"), .null], [.int32(2), .null, .null], [.int32(5), .null, .date(3)],
        ])
    }

    @Test("repartition and coalesce keep every row; coalesce keeps their order", arguments: shapes.indices)
    func partitioning(shape: Int) throws {
        let (parallelism, batchSize) = Self.shapes[shape]
        let session = Session(parallelism: parallelism, batchSize: batchSize)
        let frame = try Self.numbers(50, session)
        for partitions in [1, 2, 5, 64] {
            #expect(try Self.ids(frame.repartition(partitions)).sorted() == Array(0..<50), "repartition(\(partitions))")
            #expect(try Self.ids(frame.repartition(partitions, by: col("group"))).sorted() == Array(0..<50), "repartition(\(partitions), by: group)")
            #expect(try Self.ids(frame.coalesce(partitions)) == Array(0..<50), "coalesce(\(partitions))")
            #expect(try frame.repartition(partitions).count() == 50)
        }
        // Rows of one key land in one partition: per-partition distinct keeps one row per group.
        let keyed = try frame.repartition(3, by: col("group"))
        #expect(try keyed.select("group").distinct().count() == 4)
        #expect(throws: DataFlowError.self) { try frame.repartition(0) }
        #expect(throws: DataFlowError.self) { try frame.coalesce(0) }
    }

    @Test("cache keeps the result and its partitions", arguments: shapes.indices)
    func cache(shape: Int) throws {
        let (parallelism, batchSize) = Self.shapes[shape]
        let session = Session(parallelism: parallelism, batchSize: batchSize)
        let frame = try Self.numbers(30, session).filter(col("group") == 1)
        let cached = try frame.cache()
        #expect(try cached.collect().map(\.values) == frame.collect().map(\.values))
        #expect(try Self.ids(cached) == [1, 7, 10, 13, 16, 22, 25, 28])
        #expect(try cached.groupBy("group").count().collect().map(\.values) == [[.int32(1), .int64(8)]])
        #expect(try cached.schema == frame.schema)
    }

    @Test("count and first")
    func countAndFirst() throws {
        let session = Session(parallelism: 3, batchSize: 4)
        let frame = try Self.numbers(17, session)
        #expect(try frame.count() == 17)
        #expect(try frame.filter(col("group").isNull()).count() == 3)
        #expect(try frame.filter(col("id") < 0).count() == 0)
        #expect(try frame.first()?.values == [.int64(0), .int32(0), .string("n0")])
        #expect(try frame.filter(col("id") > 100).first() == nil)
        #expect(try frame.take(2).map(\.values) == [[.int64(0), .int32(0), .string("n0")], [.int64(1), .int32(1), .string("n1")]])
        // count("*") counts rows, nulls included, as in Spark.
        #expect(try frame.agg(Expr.count("*").alias("n"), Expr.count("group").alias("g")).collect().map(\.values) == [[.int64(17), .int64(14)]])
        #expect(try session.range(0, 10, step: 3).count() == 4)
        #expect(try Self.ids(session.range(10, 0, step: -4)) == [10, 6, 2])
    }

    @Test("printSchema prints Spark's tree")
    func printSchema() throws {
        let schema = Schema([
            Field("flag", .boolean), Field("i", .int32, nullable: false), Field("l", .int64), Field("d", .float64),
            Field("amount", .decimal(precision: 12, scale: 2)), Field("s", .string), Field("b", .binary),
            Field("day", .date), Field("at", .timestamp),
        ])
        let frame = try Session().createDataFrame(rows: [], schema: schema)
        #expect(frame.schema.treeString == """
            root
             |-- flag: boolean (nullable = true)
             |-- i: integer (nullable = false)
             |-- l: long (nullable = true)
             |-- d: double (nullable = true)
             |-- amount: decimal(12,2) (nullable = true)
             |-- s: string (nullable = true)
             |-- b: binary (nullable = true)
             |-- day: date (nullable = true)
             |-- at: timestamp (nullable = true)

            """)
    }

    @Test("showString escapes line breaks and tabs in values, so every row stays on one line, as Spark 3.4+ does")
    func showStringEscapes() throws {
        let frame = try Session(parallelism: 1).createDataFrame(rows: [[.string("two\nlines"), .string("a\tb\r")]], schema: Schema(ddl: "x STRING, y STRING"))
        #expect(try frame.showString() == """
            +----------+------+
            |         x|     y|
            +----------+------+
            |two\\nlines|a\\tb\\r|
            +----------+------+

            """)
    }

    @Test("showString truncates cells at 20 characters by default, right-aligns, and counts hidden rows")
    func showString() throws {
        let session = Session(parallelism: 2)
        let frame = try session.createDataFrame(rows: [
            [.string("a long value of more than twenty characters"), .float64(1e7), .null, .binary([1, 0xAB])],
            [.string("short"), .float64(-0.5), .date(0), .null],
            [.string("é"), .float64(.nan), .date(-1), .binary([])],
        ], schema: Schema([Field("text", .string), Field("x", .float64), Field("day", .date), Field("a_column_name_longer_than_20", .binary)]))
        // Spark: null cells print as "null", binary as "[01 AB]", column names are never cut.
        #expect(try frame.showString() == """
            +--------------------+-----+----------+----------------------------+
            |                text|    x|       day|a_column_name_longer_than_20|
            +--------------------+-----+----------+----------------------------+
            |a long value of m...|1.0E7|      null|                     [01 AB]|
            |               short| -0.5|1970-01-01|                        null|
            |                   é|  NaN|1969-12-31|                          []|
            +--------------------+-----+----------+----------------------------+

            """)
        #expect(try frame.select("text", "x", "day").showString(1, truncate: 0) == """
            +-------------------------------------------+-----+----+
            |text                                       |x    |day |
            +-------------------------------------------+-----+----+
            |a long value of more than twenty characters|1.0E7|null|
            +-------------------------------------------+-----+----+
            only showing top 1 row

            """)
        // Below 4 characters Spark cuts without an ellipsis.
        #expect(try frame.select("text").showString(2, truncate: 3) == """
            +----+
            |text|
            +----+
            | a l|
            | sho|
            +----+
            only showing top 2 rows

            """)
    }
}
