import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet: nested columns read from and written for pyarrow and DuckDB")
struct ParquetNestedTests {
    /// Writes to `sys.argv[1]` 300 rows of lists, lists of lists, structs holding lists, maps,
    /// lists of structs and a required struct, with nulls and empty lists at every level, in row
    /// groups of 128 rows and small pages; `sys.argv[2]` is the data page version.
    static let pyarrowWriter = """
import sys, pyarrow as pa, pyarrow.parquet as pq
def value(kind, r):
    if kind == 'id': return r
    if kind == 'req': return {'n': r, 'tags': ['t' + str(k) for k in range(r % 3)]}
    if r % 7 == 3: return None
    if kind == 'l': return [None if (r + k) % 5 == 0 else r * 10 + k for k in range(r % 4)]
    if kind == 'll': return [None if k == 2 else ['x' * j + str(r) for j in range(k)] for k in range(r % 4)]
    if kind == 's': return {'a': None if r % 6 == 1 else r - 20, 'b': [r / 4, -1.5] if r % 2 else None}
    if kind == 'm': return [('k' + str(k), None if k == 1 else r + k) for k in range(r % 3)]
    return [None if k == 3 else {'x': None if k == 2 else 'é' + str(k), 'y': [k] * k} for k in range(r % 5)]
fields = [pa.field('id', pa.int64(), False), pa.field('l', pa.list_(pa.int32())), pa.field('ll', pa.list_(pa.list_(pa.string()))),
          pa.field('s', pa.struct([('a', pa.int64()), ('b', pa.list_(pa.float64()))])), pa.field('m', pa.map_(pa.string(), pa.int32())),
          pa.field('ls', pa.list_(pa.struct([('x', pa.string()), ('y', pa.list_(pa.int64()))]))),
          pa.field('req', pa.struct([pa.field('n', pa.int64(), False), pa.field('tags', pa.list_(pa.field('element', pa.string(), False)), False)]), False)]
schema = pa.schema(fields)
table = pa.table({f.name: pa.array([value(f.name, r) for r in range(300)], f.type) for f in fields}, schema=schema)
pq.write_table(table, sys.argv[1], row_group_size=128, data_page_size=256, data_page_version=sys.argv[2], write_batch_size=32)
"""

    /// Prints `sys.argv[1]`'s schema as pyarrow reads it, then its rows as Spark's text.
    static let pyarrowReader = pythonSparkText + """
import pyarrow.parquet as pq
table = pq.read_table(sys.argv[1])
print(';'.join(f'{f.name}:{f.type}' for f in table.schema))
print(rows(table), end='')
"""

    /// Prints the rows of `sys.argv[1]` as DuckDB reads them, as Spark's text.
    static let duckdbReader = pythonSparkText + """
import duckdb
print(rows(duckdb.connect().sql(f"SELECT * FROM read_parquet('{sys.argv[1]}') ORDER BY id").to_arrow_table()), end='')
"""

    static let types: [DataType] = [
        .int64, .array(.int32), .array(.array(.string)), .struct([Field("a", .int64), Field("b", .array(.float64))]),
        .map(key: .string, value: .int32), .array(.struct([Field("x", .string), Field("y", .array(.int64))])),
        .struct([Field("n", .int64, nullable: false), Field("tags", .array(.string), nullable: false)]),
    ]

    /// Each row of `frame` as Spark's text of its values, joined by `|`.
    static func textRows(_ frame: DataFrame) throws -> [String] {
        try frame.collect().map { row in row.values.map { $0.formatted() }.joined(separator: "|") }
    }

    @Test("pyarrow's nested files read as DataFlow's arrays, structs and maps; DataFlow's nested files read back the same in pyarrow, DuckDB and DataFlow",
          arguments: [("1.0", ParquetDataPageVersion.v1), ("2.0", .v2)])
    func roundTrip(pyarrowVersion: String, version: ParquetDataPageVersion) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = dir + "/pyarrow.parquet"
        _ = try runPython(Self.pyarrowWriter, [source, pyarrowVersion])
        let expected = try runPython(Self.pyarrowReader, [source]).split(separator: "\n").map(String.init)
        #expect(expected.count == 301)

        let session = Session(parallelism: 2)
        let frame = try session.read.parquet(source)
        #expect(frame.schema.fields.map(\.type) == Self.types)
        #expect(frame.schema.fields.map(\.nullable) == [false, true, true, true, true, true, false])
        let rows = try Self.textRows(frame.orderBy("id"))
        #expect(rows == Array(expected.dropFirst()))
        #expect(rows[1] == "1|[10]|[[]]|{null, [0.25, -1.5]}|{k0 -> 1}|[{é0, []}]|{1, [t0]}")
        #expect(rows[3] == "3|NULL|NULL|NULL|NULL|NULL|{3, []}")
        #expect(rows[4] == "4|[]|[]|{-16, null}|{k0 -> 4}|[{é0, []}, {é1, [1]}, {null, [2, 2]}, null]|{4, [t0]}")
        #expect(rows[11] == "11|[110, 111, 112]|[[], [11], null]|{-9, [2.75, -1.5]}|{k0 -> 11, k1 -> null}|[{é0, []}]|{11, [t0, t1]}")

        // One nested column alone, and a filter on a flat column beside it.
        var options = ParquetReadOptions()
        options.columns = ["ls"]
        #expect(try session.read.parquet(source, options: options).count() == 300)
        let filtered = try session.read.parquet(source).filter(col("id") == 11).select("m", "req")
        #expect(try Self.textRows(filtered) == ["{k0 -> 11, k1 -> null}|{11, [t0, t1]}"])

        // Written by DataFlow, in small pages of the asked version, and read back everywhere.
        var writeOptions = ParquetWriteOptions()
        writeOptions.pageSize = 200
        writeOptions.dataPageVersion = version
        try frame.write.mode(.overwrite).parquet(dir + "/dataflow", options: writeOptions)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir + "/dataflow").filter { $0.hasSuffix(".parquet") }.map { dir + "/dataflow/" + $0 }
        #expect(!written.isEmpty)
        let readBack = try session.read.parquet(dir + "/dataflow")
        #expect(readBack.schema.fields.map(\.type) == Self.types)
        #expect(try Self.textRows(readBack.orderBy("id")) == Array(expected.dropFirst()))
        var pyarrowLines: [String] = [], duckdbLines: [String] = []
        for path in written {
            let lines = try runPython(Self.pyarrowReader, [path]).split(separator: "\n").map(String.init)
            // DataFlow's arrays do not say whether their elements may be null: Parquet's are optional.
            #expect(lines.first == expected.first?.replacingOccurrences(of: "element: string not null>", with: "element: string>"))
            pyarrowLines += lines.dropFirst()
            duckdbLines += try runPython(Self.duckdbReader, [path]).split(separator: "\n").map(String.init)
        }
        #expect(pyarrowLines.sorted() == expected.dropFirst().sorted())
        #expect(duckdbLines.sorted() == expected.dropFirst().sorted())
    }

    @Test("nested columns built by functions write and read back, nulls and empty lists kept apart")
    func builtColumns() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 1)
        let frame = try session.createDataFrame(rows: [
            [1, "a", 1.5, .array([])],
            [2, .null, .null, .null],
            [3, "c", -0.0, .array([.map(keys: [1], values: [.struct(names: ["v"], values: [.null])])])],
        ], schema: try Schema(ddl: "id bigint, s string, d double, deep array<map<int, struct<v: string>>>"))
            .select(col("id"), Expr.array(col("s"), lit("z")).alias("arr"),
                    Expr.struct(col("s").alias("name"), Expr.array(col("d")).alias("ds")).alias("st"),
                    Expr.createMap((Expr.coalesce(col("s"), lit("none")), col("id"))).alias("m"), col("deep"))
        let rows = try Self.textRows(frame)
        try frame.write.mode(.overwrite).parquet(dir + "/built")
        #expect(try Self.textRows(session.read.parquet(dir + "/built").orderBy("id")) == rows)
        #expect(rows == ["1|[a, z]|{a, [1.5]}|{a -> 1}|[]", "2|[null, z]|{null, [null]}|{none -> 2}|NULL", "3|[c, z]|{c, [-0.0]}|{c -> 3}|[{1 -> {null}}]"])
    }

    @Test("a null in a field declared not null is named and nothing is written; nested columns are checked as they are built")
    func badNested() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 1)
        let keys = try Column(offsets: [0, 1, 2], bytes: Array("ab".utf8))
        let values = try Column([Int64(1), 2])
        let map = try Column(mapOffsets: [0, 1, 2], keys: keys, values: values)
        let inner = try Column([Int64(1), 0], validity: [true, false])
        let record = try Column(structFields: [Field("n", .int64, nullable: false)], columns: [inner], count: 2)
        let batch = try RecordBatch(schema: Schema([Field("m", map.type), Field("r", record.type)]), columns: [map, record])
        let error = #expect(throws: DataFlowError.self) { try session.createDataFrame(columns: batch.columns, schema: batch.schema).write.parquet(dir + "/bad") }
        #expect(error?.message.contains("column 'r.n' is declared NOT NULL but holds a null") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad"))
        #expect(throws: DataFlowError.self) { try Column(mapOffsets: [0, 2], keys: inner, values: values) }
        #expect(throws: DataFlowError.self) { try Column(arrayOffsets: [0, 3], elements: values) }
    }
}

@Suite("Parquet: the nested layouts of older writers")
struct ParquetNestedLayoutTests {
    /// The type and levels DataFlow reads a one-column schema as.
    static func read(_ elements: [SchemaElement]) throws -> (type: DataType?, unsupported: String?, levels: [[Int]]) {
        let schema = try ParquetSchema([SchemaElement(name: "schema", childCount: 1)] + elements, path: "layouts.parquet")
        let column = try #require(schema.columns.first)
        return (column.field?.type, column.unsupported, schema.leaves.map { [$0.maxDefinitionLevel, $0.maxRepetitionLevel] })
    }

    static func group(_ name: String, _ repetition: ParquetRepetition, children: Int, _ converted: ParquetConvertedType? = nil) -> SchemaElement {
        SchemaElement(name: name, repetition: repetition, childCount: Int32(children), convertedType: converted)
    }

    static func int(_ name: String, _ repetition: ParquetRepetition) -> SchemaElement {
        SchemaElement(name: name, type: .int32, repetition: repetition)
    }

    @Test("two-level lists, `array` and `_tuple` element groups, Spark's legacy `bag`, MAP_KEY_VALUE maps and bare repeated fields")
    func layouts() throws {
        // A repeated leaf inside a LIST group is the element itself.
        let twoLevel = try Self.read([Self.group("a", .optional, children: 1, .list), Self.int("array", .repeated)])
        #expect(twoLevel.type == .array(.int32) && twoLevel.levels == [[2, 1]])
        // A repeated one-field group named `array` or `<list>_tuple` is the element (a struct).
        for name in ["array", "a_tuple"] {
            let tuple = try Self.read([Self.group("a", .optional, children: 1, .list), Self.group(name, .repeated, children: 1), Self.int("x", .optional)])
            #expect(tuple.type == .array(.struct([Field("x", .int32)])) && tuple.levels == [[3, 1]])
        }
        // Spark's legacy layout: the repeated group `bag` wraps an optional element `array`.
        let bag = try Self.read([Self.group("a", .required, children: 1, .list), Self.group("bag", .repeated, children: 1), Self.int("array", .optional)])
        #expect(bag.type == .array(.int32) && bag.levels == [[2, 1]])
        // A repeated group of several fields is a struct element.
        let pairs = try Self.read([Self.group("a", .optional, children: 1, .list), Self.group("pair", .repeated, children: 2),
                                   Self.int("x", .required), Self.int("y", .optional)])
        #expect(pairs.type == .array(.struct([Field("x", .int32, nullable: false), Field("y", .int32)])) && pairs.levels == [[2, 1], [3, 1]])
        // MAP_KEY_VALUE marks older maps.
        let map = try Self.read([Self.group("m", .optional, children: 1, .mapKeyValue), Self.group("map", .repeated, children: 2),
                                 Self.int("key", .required), Self.int("value", .optional)])
        #expect(map.type == .map(key: .int32, value: .int32) && map.levels == [[2, 1], [3, 1]])
        // A repeated field outside LIST and MAP is a non-null array of non-null values.
        let bare = try Self.read([Self.int("r", .repeated)])
        #expect(bare.type == .array(.int32) && bare.levels == [[1, 1]])
        let bareGroup = try Self.read([Self.group("g", .repeated, children: 1), Self.int("x", .required)])
        #expect(bareGroup.type == .array(.struct([Field("x", .int32, nullable: false)])))
        // What no layout allows is named.
        let keyless = try Self.read([Self.group("m", .optional, children: 1, .map), Self.group("kv", .repeated, children: 1), Self.int("key", .required)])
        #expect(keyless.type == nil && keyless.unsupported?.contains("must hold a key and a value") == true)
        let optionalKey = try Self.read([Self.group("m", .optional, children: 1, .map), Self.group("kv", .repeated, children: 2),
                                         Self.int("key", .optional), Self.int("value", .optional)])
        #expect(optionalKey.unsupported?.contains("map keys must be required") == true)
    }
}
