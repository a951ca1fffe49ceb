@testable import DataFlow
import Testing

/// The functions that build and read arrays, maps and structs, on hand-made rows with nulls at
/// every level; Spark's answers for the same calls are in `SparkOracleQueries`.
@Suite("Functions: arrays, maps and structs")
struct NestedFunctionTests {
    static func frame() throws -> DataFrame {
        try Session(parallelism: 2, batchSize: 2).createDataFrame(rows: [
            [1, .array([3, 1, .null, 3]), .array([1, 5]), .map(keys: ["a", "b"], values: [1, .null]), "x,y,,z"],
            [2, .array([]), .array([.null]), .map(keys: [], values: []), ""],
            [3, .null, .array([2]), .null, .null],
            [4, .array([2, .float64(.nan), 2]), .array([.float64(.nan)]), .map(keys: ["c"], values: [7]), "solo"],
        ], schema: try Schema(ddl: "id bigint, a array<double>, b array<double>, m map<string, bigint>, s string"))
    }

    static func values(_ frame: DataFrame, _ exprs: Expr...) throws -> [[Scalar]] {
        try frame.orderBy("id").select(exprs.enumerated().map { $1.alias("c\($0)") }).collect().map(\.values)
    }

    static func texts(_ frame: DataFrame, _ expr: Expr) throws -> [String] {
        try frame.orderBy("id").select(expr.cast(.string).alias("t")).collect().map { $0[0].formatted() }
    }

    @Test("array, struct, named_struct and map build values from columns; struct names fields by column or alias")
    func constructors() throws {
        let frame = try Self.frame()
        func build(_ frame: DataFrame) throws -> DataFrame {
            try frame.orderBy("id").select(.array(col("id"), lit(7), lit(Scalar.null)).alias("a"),
                                           .struct(col("id"), (col("id") * 2).alias("twice"), col("id") + 1).alias("st"),
                                           .namedStruct(("k", col("s"))).alias("n"), .createMap((col("s"), col("id"))).alias("m"))
        }
        let built = try build(frame)
        #expect(built.schema.fields.map(\.type) == [
            .array(.int64), .struct([Field("id", .int64), Field("twice", .int64), Field("col3", .int64)]),
            .struct([Field("k", .string)]), .map(key: .string, value: .int64),
        ])
        let error = try #require(throws: DataFlowError.self) { try built.collect() }
        #expect(error.message.contains("map key is null"))
        let rows = try build(frame.filter(col("s").isNotNull())).collect().map { $0.values.map { $0.formatted() } }
        #expect(rows == [["[1, 7, null]", "{1, 2, 2}", "{x,y,,z}", "{x,y,,z -> 1}"], ["[2, 7, null]", "{2, 4, 3}", "{}", "{ -> 2}"],
                         ["[4, 7, null]", "{4, 8, 5}", "{solo}", "{solo -> 4}"]])
        #expect(throws: DataFlowError.self) { try frame.select(Expr.createMap((lit("k"), lit(1)), (lit("k"), lit(2)))).collect() }
    }

    @Test("getField, getItem, element_at, get, size and map parts read inside values, null where absent")
    func accessors() throws {
        let frame = try Self.frame()
        let rows = try Self.values(frame, col("a").getItem(0), .elementAt("a", -1), .elementAt("m", "b"), col("m").getItem("a"),
                                   .size("a"), .arraySize("a"), .mapKeys("m"), .mapValues("m"))
        #expect(rows == [
            [3.0, 3.0, .null, 1, .int32(4), .int32(4), .array(["a", "b"]), .array([1, .null])],
            [.null, .null, .null, .null, .int32(0), .int32(0), .array([]), .array([])],
            [.null, .null, .null, .null, .int32(-1), .null, .null, .null],
            [2.0, 2.0, .null, .null, .int32(3), .int32(3), .array(["c"]), .array([7])],
        ])
        let point = try frame.select(Expr.struct(col("id"), col("s")).alias("p")).select(col("p").getField("S").alias("s"))
        #expect(try point.collect().map { $0[0] } == ["x,y,,z", "", .null, "solo"])
        #expect(throws: DataFlowError.self) { try frame.select(Expr.elementAt("a", 0)).collect() }
        #expect(throws: DataFlowError.self) { try frame.select(col("a").getField("x")).collect() }
        #expect(try Self.texts(frame, .mapEntries("m")) == ["[{a, 1}, {b, null}]", "[]", "NULL", "[{c, 7}]"])
    }

    @Test("searches: contains, position, overlap and map keys, with Spark's three-valued answers")
    func searches() throws {
        let frame = try Self.frame()
        let rows = try Self.values(frame, .arrayContains("a", 1.0), .arrayContains("a", 9.0), .arrayPosition("a", 3.0),
                                   .arraysOverlap("a", "b"), .mapContainsKey("m", "b"), .arrayContains("a", .float64(.nan)))
        #expect(rows == [
            [true, .null, 1, true, true, .null],
            [false, false, 0, false, false, false],
            [.null, .null, .null, .null, .null, .null],
            [false, false, 0, true, false, true],
        ])
    }

    @Test("set operations, removal, sorting and extremes over elements")
    func reshaping() throws {
        let frame = try Self.frame()
        #expect(try Self.texts(frame, .arrayDistinct("a")) == ["[3.0, 1.0, null]", "[]", "NULL", "[2.0, NaN]"])
        #expect(try Self.texts(frame, .arrayUnion("a", "b")) == ["[3.0, 1.0, null, 5.0]", "[null]", "NULL", "[2.0, NaN]"])
        #expect(try Self.texts(frame, .arrayIntersect("a", "b")) == ["[1.0]", "[]", "NULL", "[NaN]"])
        #expect(try Self.texts(frame, .arrayExcept("a", "b")) == ["[3.0, null]", "[]", "NULL", "[2.0]"])
        #expect(try Self.texts(frame, .arrayRemove("a", 3.0)) == ["[1.0, null]", "[]", "NULL", "[2.0, NaN, 2.0]"])
        #expect(try Self.texts(frame, .arrayCompact("a")) == ["[3.0, 1.0, 3.0]", "[]", "NULL", "[2.0, NaN, 2.0]"])
        #expect(try Self.texts(frame, .sortArray("a")) == ["[null, 1.0, 3.0, 3.0]", "[]", "NULL", "[2.0, 2.0, NaN]"])
        #expect(try Self.texts(frame, .sortArray("a", ascending: false)) == ["[3.0, 3.0, 1.0, null]", "[]", "NULL", "[NaN, 2.0, 2.0]"])
        #expect(try Self.texts(frame, .arraySort("a")) == ["[1.0, 3.0, 3.0, null]", "[]", "NULL", "[2.0, 2.0, NaN]"])
        #expect(try Self.texts(frame, .arrayMax("a")) == ["3.0", "NULL", "NULL", "NaN"])
        #expect(try Self.texts(frame, .arrayMin("a")) == ["1.0", "NULL", "NULL", "2.0"])
    }

    @Test("joining, flattening, slicing, repeating, sequences, zips and appends")
    func building() throws {
        let frame = try Self.frame()
        #expect(try Self.values(frame, .arrayJoin("a", "|"), .arrayJoin("a", "|", nullReplacement: "?"))
            == [["3.0|1.0|3.0", "3.0|1.0|?|3.0"], ["", ""], [.null, .null], ["2.0|NaN|2.0", "2.0|NaN|2.0"]])
        #expect(try Self.texts(frame, .flatten(Expr.array(col("a"), col("b")))) == ["[3.0, 1.0, null, 3.0, 1.0, 5.0]", "[null]", "NULL", "[2.0, NaN, 2.0, NaN]"])
        #expect(try Self.texts(frame, .slice("a", 2, 2)) == ["[1.0, null]", "[]", "NULL", "[NaN, 2.0]"])
        #expect(try Self.texts(frame, .slice("a", -1, 5)) == ["[3.0]", "[]", "NULL", "[2.0]"])
        #expect(throws: DataFlowError.self) { try frame.select(Expr.slice("a", 0, 1)).collect() }
        #expect(try Self.texts(frame, .arrayRepeat("s", 2)) == ["[x,y,,z, x,y,,z]", "[, ]", "[null, null]", "[solo, solo]"])
        #expect(try Self.texts(frame, .sequence(col("id"), lit(2))) == ["[1, 2]", "[2]", "[3, 2]", "[4, 3, 2]"])
        #expect(try Self.texts(frame, .sequence(lit(0), col("id") * 3, col("id"))) == ["[0, 1, 2, 3]", "[0, 2, 4, 6]", "[0, 3, 6, 9]", "[0, 4, 8, 12]"])
        #expect(throws: DataFlowError.self) { try frame.select(Expr.sequence(lit(1), lit(5), lit(-1))).collect() }
        let zipped = try frame.orderBy("id").select(Expr.arraysZip("a", "b").alias("z"))
        #expect(zipped.schema.fields[0].type == .array(.struct([Field("a", .float64), Field("b", .float64)])))
        #expect(try Self.texts(frame, .arraysZip("a", "b")) == ["[{3.0, 1.0}, {1.0, 5.0}, {null, null}, {3.0, null}]", "[{null, null}]", "NULL",
                                                                 "[{2.0, NaN}, {NaN, null}, {2.0, null}]"])
        #expect(try Self.texts(frame, .arrayAppend("b", col("id"))) == ["[1.0, 5.0, 1.0]", "[null, 2.0]", "[2.0, 3.0]", "[NaN, 4.0]"])
        #expect(try Self.texts(frame, .arrayPrepend("a", lit(Scalar.null))) == ["[null, 3.0, 1.0, null, 3.0]", "[null]", "NULL", "[null, 2.0, NaN, 2.0]"])
    }

    @Test("split cuts text as Spark does: limits, trailing empty pieces kept, zero-width matches, characters")
    func split() throws {
        let frame = try Self.frame()
        #expect(try Self.texts(frame, .split("s", ",")) == ["[x, y, , z]", "[]", "NULL", "[solo]"])
        #expect(try Self.texts(frame, .split("s", ",", limit: 2)) == ["[x, y,,z]", "[]", "NULL", "[solo]"])
        #expect(SplitFunction.pieces("a,b,,", try StringFunctions.compile("split", ","), limit: -1) == ["a", "b", "", ""])
        #expect(SplitFunction.pieces("a,b,,", try StringFunctions.compile("split", ","), limit: 0) == ["a", "b", "", ""])
        #expect(SplitFunction.pieces("abc", try StringFunctions.compile("split", "x*"), limit: -1) == ["a", "b", "c", ""])
        #expect(SplitFunction.pieces("abc", nil, limit: -1) == ["a", "b", "c"])
        #expect(SplitFunction.pieces("abc", nil, limit: 2) == ["a", "bc"])
        #expect(SplitFunction.pieces("", try StringFunctions.compile("split", ","), limit: -1) == [""])
    }

    @Test("to_json writes structs without their null fields, arrays with nulls, maps keyed by text; strings escaped, odd doubles quoted")
    func toJSON() throws {
        let frame = try Self.frame()
        #expect(try Self.values(frame, .toJSON(Expr.struct(col("id"), col("s"), col("a"))), .toJSON("m")).map { $0.map { $0.formatted() } } == [
            [#"{"id":1,"s":"x,y,,z","a":[3.0,1.0,null,3.0]}"#, #"{"a":1,"b":null}"#],
            [#"{"id":2,"s":"","a":[]}"#, "{}"],
            [#"{"id":3}"#, "NULL"],
            [#"{"id":4,"s":"solo","a":[2.0,"NaN",2.0]}"#, #"{"c":7}"#],
        ])
        let session = try Session(timeZone: "America/New_York")
        let special = try session.createDataFrame(rows: [["quote \" and \n", .date(19000), .timestamp(1_700_000_000_123_000), .binary([0, 255])]],
                                                  schema: try Schema(ddl: "s string, d date, t timestamp, b binary"))
        let json = try special.select(Expr.toJSON(Expr.struct(col("s"), col("d"), col("t"), col("b")))).collect()[0][0]
        #expect(json == #"{"s":"quote \" and \n","d":"2022-01-08","t":"2023-11-14T17:13:20.123-05:00","b":"AP8="}"#)
        #expect(throws: DataFlowError.self) { try frame.select(Expr.toJSON("id")).collect() }
    }

    @Test("map_from_arrays and map_from_entries pair values; mismatched lengths and repeated keys are errors")
    func mapsFromArrays() throws {
        let frame = try Self.frame()
        #expect(try Self.texts(frame, .mapFromArrays(Expr.array(lit("p"), lit("q")), Expr.array(col("id"), lit(0))))
            == ["{p -> 1, q -> 0}", "{p -> 2, q -> 0}", "{p -> 3, q -> 0}", "{p -> 4, q -> 0}"])
        #expect(try Self.texts(frame, .mapFromEntries(.mapEntries("m"))) == ["{a -> 1, b -> null}", "{}", "NULL", "{c -> 7}"])
        #expect(throws: DataFlowError.self) { try frame.select(Expr.mapFromArrays("a", "b")).collect() }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.mapFromArrays(Expr.array(lit(1), lit(1)), Expr.array(lit(1), lit(2)))).collect() }
    }

    @Test("collect_list and collect_set gather a group's non-null values in input order, across partitions and over windows")
    func collect() throws {
        let session = Session(parallelism: 3, batchSize: 2)
        let frame = try session.createDataFrame(rows: [
            ["a", 1], ["b", 2], ["a", .null], ["a", 1], ["b", 3], ["a", 4], ["c", .null],
        ], schema: try Schema(ddl: "g string, v bigint"))
        let grouped = try frame.groupBy("g").agg(.collectList("v").alias("list"), .collectSet("v").alias("set")).orderBy("g")
        #expect(grouped.schema.fields.map(\.type) == [.string, .array(.int64), .array(.int64)])
        #expect(grouped.schema.fields[1].nullable == false)
        #expect(try grouped.collect().map { $0.values.map { $0.formatted() } } == [["a", "[1, 1, 4]", "[1, 4]"], ["b", "[2, 3]", "[2, 3]"], ["c", "[]", "[]"]])
        let all = try frame.groupBy().agg(Expr.size(.collectSet("g")).alias("n")).collect()
        #expect(all.map(\.values) == [[.int32(3)]])
        let window = Window.partitionBy("g").orderBy(col("v").asc()).rowsBetween(Window.unboundedPreceding, Window.currentRow)
        let running = try frame.select(col("g"), col("v"), Expr.collectList("v").over(window).alias("so_far")).orderBy(col("g").asc(), col("v").asc())
        #expect(try running.collect().map { $0.values.map { $0.formatted() } } == [
            ["a", "NULL", "[]"], ["a", "1", "[1]"], ["a", "1", "[1, 1]"], ["a", "4", "[1, 1, 4]"], ["b", "2", "[2]"], ["b", "3", "[2, 3]"], ["c", "NULL", "[]"],
        ])
    }

    @Test("the README's nested example runs and gives what it promises")
    func readmeExample() throws {
        let session = Session()
        let orders = try session.createDataFrame(rows: [
            ["o1", .array(["tea", "cake"]), .map(keys: ["store"], values: ["north"])],
            ["o2", .array(["tea"]), .map(keys: [], values: [])],
        ], schema: try Schema(ddl: "id string, items array<string>, tags map<string, string>"))
        let perItem = try orders.select(col("id"), Expr.explode("items").alias("item"))
            .groupBy("item").agg(Expr.collectList("id").alias("orders"))
        let summary = try orders.select(col("id"), Expr.size("items").alias("n"), Expr.toJSON(Expr.struct(col("id"), col("tags"))).alias("json"))
        #expect(try perItem.orderBy("item").collect().map(\.values) == [["cake", .array(["o1"])], ["tea", .array(["o1", "o2"])]])
        #expect(try summary.collect().map(\.values) == [["o1", .int32(2), #"{"id":"o1","tags":{"store":"north"}}"#], ["o2", .int32(1), #"{"id":"o2","tags":{}}"#]])
    }
}
