@testable import DataFlow
import Testing

/// Arrays, maps and structs as columns: built from rows, read back, and moved, compared, sorted,
/// grouped and joined by the engine as Spark does.
@Suite("Memory: nested columns")
struct NestedColumnTests {
    static let schema = Schema([
        Field("id", .int64),
        Field("tags", .array(.string)),
        Field("point", .struct([Field("x", .int32), Field("y", .float64)])),
        Field("attrs", .map(key: .string, value: .int64)),
    ])

    static func point(_ x: Int32?, _ y: Double) -> Scalar { .struct(names: ["x", "y"], values: [x.map(Scalar.int32) ?? .null, .float64(y)]) }

    static let rows: [[Scalar]] = [
        [1, .array(["a", "b"]), point(1, 2.5), .map(keys: ["k"], values: [10])],
        [2, .array([]), point(nil, 0.0), .map(keys: [], values: [])],
        [3, .null, .null, .null],
        [4, .array(["a", .null, ""]), point(1, 2.5), .map(keys: ["k", "z"], values: [.null, 3])],
        [5, .array(["a"]), point(-1, -0.0), .map(keys: ["k"], values: [10])],
    ]

    static func frame(_ session: Session = Session(parallelism: 2, batchSize: 2)) throws -> DataFrame {
        try session.createDataFrame(rows: rows, schema: schema)
    }

    @Test("nested types parse from DDL, print as Spark prints them and round-trip through their names")
    func typesInDDL() throws {
        let type = try DataType(ddl: "array<struct<a:int, b string NOT NULL>>")
        #expect(type == .array(.struct([Field("a", .int32), Field("b", .string, nullable: false)])))
        #expect(type.simpleString == "array<struct<a:int,b:string>>")
        #expect(try DataType(ddl: "MAP<STRING, ARRAY<BIGINT>>") == .map(key: .string, value: .array(.int64)))
        #expect(try DataType(ddl: "struct<>") == .struct([]))
        let schema = try Schema(ddl: "id bigint, m map<string,int>, s struct<x: int, y: double>")
        #expect(try Schema(ddl: schema.ddl) == schema)
        #expect(schema.ddl == "id BIGINT, m MAP<STRING, INT>, s STRUCT<x: INT, y: DOUBLE>")
        #expect(throws: DataFlowError.self) { try DataType(ddl: "array<int") }
        #expect(throws: DataFlowError.self) { try DataType(ddl: "map<int>") }
        #expect(Self.schema.treeString == """
        root
         |-- id: long (nullable = true)
         |-- tags: array (nullable = true)
         |    |-- element: string (containsNull = true)
         |-- point: struct (nullable = true)
         |    |-- x: integer (nullable = true)
         |    |-- y: double (nullable = true)
         |-- attrs: map (nullable = true)
         |    |-- key: string
         |    |-- value: long (valueContainsNull = true)

        """)
    }

    @Test("rows of nested values collect back as they went in, through slices and batch boundaries")
    func collectRoundTrip() throws {
        let frame = try Self.frame()
        #expect(try frame.collect().map(\.values) == Self.rows)
        #expect(try frame.filter(col("id") % 2 == 1).collect().map(\.values) == [Self.rows[0], Self.rows[2], Self.rows[4]])
        #expect(try frame.limit(2).collect().map(\.values) == Array(Self.rows.prefix(2)))
        let column = try Column.from(Self.rows.map { $0[1] }, type: .array(.string))
        #expect(column.slice(3, 2).scalars == [Self.rows[3][1], Self.rows[4][1]])
        #expect(take(column, indices: [4, -1, 0]).scalars == [Self.rows[4][1], .null, Self.rows[0][1]])
        #expect(concat([column.slice(3, 2), column.slice(0, 1)]).scalars == [Self.rows[3][1], Self.rows[4][1], Self.rows[0][1]])
    }

    @Test("nested values show and cast to text as Spark writes them")
    func text() throws {
        let frame = try Self.frame()
        let text = try frame.select(col("tags").cast(.string).alias("t"), col("point").cast(.string).alias("p"),
                                    col("attrs").cast(.string).alias("m"))
        #expect(try text.collect().map(\.values) == [
            ["[a, b]", "{1, 2.5}", "{k -> 10}"],
            ["[]", "{null, 0.0}", "{}"],
            [.null, .null, .null],
            ["[a, null, ]", "{1, 2.5}", "{k -> null, z -> 3}"],
            ["[a]", "{-1, -0.0}", "{k -> 10}"],
        ])
        #expect(try frame.select("id", "tags").showString(2) == """
        +---+------+
        | id|  tags|
        +---+------+
        |  1|[a, b]|
        |  2|    []|
        +---+------+
        only showing top 2 rows

        """)
    }

    @Test("casts between nested types convert element by element and field by field")
    func nestedCasts() throws {
        let frame = try Self.frame()
        let cast = try frame.select(col("point").cast("struct<a: bigint, b: string>").alias("p"),
                                    col("attrs").cast("map<string, double>").alias("m"))
        #expect(cast.schema.fields.map(\.type) == [.struct([Field("a", .int64), Field("b", .string)]), .map(key: .string, value: .float64)])
        #expect(try cast.collect()[0].values == [.struct(names: ["a", "b"], values: [.int64(1), "2.5"]), .map(keys: ["k"], values: [10.0])])
        #expect(throws: DataFlowError.self) { try frame.select(col("tags").cast(.int64)).collect() }
        #expect(throws: DataFlowError.self) { try frame.select(col("id").cast("array<int>")).collect() }
    }

    @Test("sorting orders arrays element by element, shorter first, and structs field by field, nulls first")
    func sorting() throws {
        let frame = try Self.frame()
        let byTags = try frame.orderBy(col("tags").asc(), col("id").asc()).collect().map { $0[0] }
        // null < [] < [a] < [a, null, ""] < [a, b]: a null element sorts before any value.
        #expect(byTags == [3, 2, 5, 4, 1])
        let byPoint = try frame.orderBy(col("point").desc(), col("id").asc()).collect().map { $0[0] }
        // {1, 2.5} twice, then {-1, -0.0}, then {null, 0.0}; a null struct last when descending.
        #expect(byPoint == [1, 4, 5, 2, 3])
    }

    @Test("structs and arrays group, deduplicate and join by value; -0.0 equals 0.0 and nulls inside are equal")
    func groupingAndJoins() throws {
        let session = Session(parallelism: 2, batchSize: 2)
        let frame = try Self.frame(session)
        let counts = try frame.groupBy("point").agg(.count().alias("n"), .sum("id").alias("ids")).orderBy(col("ids").asc(), col("n").asc()).collect()
        #expect(counts.map(\.values) == [
            [Self.point(nil, 0.0), 1, 2],
            [.null, 1, 3],
            [Self.point(-1, 0.0), 1, 5],
            [Self.point(1, 2.5), 2, 5],
        ])
        #expect(try frame.select("attrs").distinct().count() == 4)
        let other = try session.createDataFrame(rows: [
            [Self.point(1, 2.5), "first"], [Self.point(-1, 0.0), "negative"], [.null, "null"],
        ], schema: Schema([Field("point", Self.schema.fields[2].type), Field("name", .string)]))
        let joined = try frame.join(other, on: ["point"]).orderBy(col("id").asc()).select("id", "name").collect()
        #expect(joined.map(\.values) == [[1, "first"], [4, "first"], [5, "negative"]])
        #expect(try frame.filter(col("tags") == lit(Scalar.array(["a"]))).collect().map { $0[0] } == [5])
    }

    @Test("nested values survive the byte images that compare, hash and group them")
    func orderedBytesRoundTrip() throws {
        for (index, field) in Self.schema.fields.enumerated() {
            let column = try Column.from(Self.rows.map { $0[index] }, type: field.type)
            let images = NestedOrderedBytes.encode(column)
            var builder = ColumnBuilder(type: field.type)
            images.withBytes { offsets, data, validity in
                for row in 0..<images.count {
                    if validity[row] {
                        NestedOrderedBytes.append(UnsafeRawBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row])), to: &builder)
                    } else {
                        builder.appendNull()
                    }
                }
            }
            guard field.type.isNested else { continue }
            // -0.0 reads back as 0.0, as grouping shows it.
            let expected = column.scalars.map { $0 == Self.point(-1, -0.0) ? Self.point(-1, 0.0) : $0 }
            #expect(builder.finish().scalars == expected, "\(field.name)")
        }
    }

    @Test("a struct literal and a value that does not fit its type fail clearly")
    func badValues() throws {
        let session = Session()
        let error = try #require(throws: DataFlowError.self) {
            try session.createDataFrame(rows: [[.array([1, "x"])]], schema: Schema([Field("a", .array(.int64))]))
        }
        #expect(error.message.contains("string"))
        #expect(throws: DataFlowError.self) {
            try session.createDataFrame(rows: [[.map(keys: [.null], values: [1])]], schema: Schema([Field("m", .map(key: .string, value: .int64))]))
        }
        #expect(throws: DataFlowError.self) {
            try session.createDataFrame(rows: [[Self.point(1, 2)]], schema: Schema([Field("s", .struct([Field("x", .int32)]))]))
        }
    }
}
