@testable import DataFlow
import Testing

/// get_json_object and json_tuple against the values local PySpark 4 returns for the same text and
/// paths (Jackson's compact re-serialization: doubles as Java prints them, integers as written,
/// strings unescaped at the top and re-escaped inside; text after the first value ignored).
@Suite("Functions: JSON paths")
struct JSONFunctionTests {
    static let document = #"{"a": {"b": [1, 2.50, {"c": "x\u00e9\n"}], "s": "hi", "n": null, "t": true, "e": 1e3}, "k": [ {"v": 1, "s": "a"}, {"v": 2}, {"w": 3, "s": "b\"c"} ], "q": "\"quoted\"", "x": [[1,2],[3]], "big": 123456789012345678901, "f": 1.0E10, "g": -0.0, "u": "\ud83d\ude00", "dup": 1, "dup": 2, "e": [], "o": {}}"#

    static func values(_ path: String) throws -> [Scalar] {
        let frame = try Session(parallelism: 1).createDataFrame(rows: [[.string(document)], ["not json"], [.null], ["[1,2]"], [#"{"a": 1} trailing"#]],
                                                               schema: try Schema(ddl: "j string"))
        return try frame.select(Expr.getJSONObject("j", path)).collect().map { $0.values[0] }
    }

    @Test("paths into objects and arrays; strings unquoted at the top; numbers and nested text as Spark prints them")
    func paths() throws {
        #expect(try Self.values("$.a") == [#"{"b":[1,2.5,{"c":"xé\n"}],"s":"hi","n":null,"t":true,"e":1000.0}"#, .null, .null, .null, "1"])
        #expect(try Self.values("$.a.b[2].c") == ["xé\n", .null, .null, .null, .null])
        #expect(try Self.values("$.a.b[1]")[0] == "2.5")
        #expect(try Self.values("$['a']['s']")[0] == "hi")
        #expect(try Self.values("$.a.n")[0] == .null)
        #expect(try Self.values("$.a.t")[0] == "true")
        #expect(try Self.values("$.q")[0] == #""quoted""#)
        #expect(try Self.values("$.big")[0] == "123456789012345678901")
        #expect(try Self.values("$.f")[0] == "1.0E10")
        #expect(try Self.values("$.g")[0] == "-0.0")
        #expect(try Self.values("$.u")[0] == "😀")
        #expect(try Self.values("$.dup")[0] == "1")
        #expect(try Self.values("$.k[*].v") == ["[1,2]", .null, .null, .null, .null])
        #expect(try Self.values("$.e")[0] == "[]" && Self.values("$.o")[0] == "{}")
        #expect(try Self.values("$[0]") == [.null, .null, .null, "1", .null])
        #expect(try Self.values("$")[4] == #"{"a":1}"#)
        for unmatched in ["$.missing", "$.k[5]", "$.k[-1]", "$.k.v", "a.s", "$.a.*", "$.e[*]"] {
            #expect(try Self.values(unmatched)[0] == .null, "\(unmatched)")
        }
    }

    @Test("a null member matches nothing, a null element is the text null; leading zeros, or a number or literal running into letters, are not JSON")
    func nullsAndTokens() throws {
        let frame = try Session(parallelism: 1).createDataFrame(rows: [["[1, null]"], ["null"], ["0abc"], ["5 x"], ["truex"], [#"{"a": null, "b": [null]}"#], ["00"], ["028 x"], ["0.5e1"]],
                                                               schema: try Schema(ddl: "j string"))
        func values(_ path: String) throws -> [Scalar] { try frame.select(Expr.getJSONObject("j", path)).collect().map { $0.values[0] } }
        #expect(try values("$") == ["[1,null]", "null", .null, "5", .null, #"{"a":null,"b":[null]}"#, .null, .null, "5.0"])
        #expect(try values("$[1]") == ["null", .null, .null, .null, .null, .null, .null, .null, .null])
        #expect(try values("$.a") == [.null, .null, .null, .null, .null, .null, .null, .null, .null])
        #expect(try values("$.b[0]") == [.null, .null, .null, .null, .null, "null", .null, .null, .null])
        #expect(try values("$.b[*]") == [.null, .null, .null, .null, .null, "null", .null, .null, .null])
    }

    @Test("wildcards gather their matches into an array, flattening nested ones; one match stands alone")
    func wildcards() throws {
        #expect(try Self.values("$.k[*].v")[0] == "[1,2]")
        #expect(try Self.values("$.k[*].w")[0] == "3")
        #expect(try Self.values("$.k[*].s")[0] == #"["a","b\"c"]"#)
        #expect(try Self.values("$.x[*][*]")[0] == "[1,2,3]")
        #expect(try Self.values("$.x[*][0]")[0] == "[1,3]")
        #expect(try Self.values("$.k[*]")[0] == #"[{"v":1,"s":"a"},{"v":2},{"w":3,"s":"b\"c"}]"#)
    }

    @Test("json_tuple: one column per field, c0, c1, …; a row of nulls for text that is not JSON")
    func tuple() throws {
        let frame = try Session(parallelism: 1).createDataFrame(rows: [[.string(Self.document)], ["not json"], [.null]], schema: try Schema(ddl: "j string"))
        let tuples = try frame.select(Expr.jsonTuple("j", "q", "s", "missing"))
        #expect(try tuples.schema.fields.map(\.name) == ["c0", "c1", "c2"])
        #expect(try tuples.collect().map(\.values) == [[#""quoted""#, .null, .null], [.null, .null, .null], [.null, .null, .null]])
    }
}
