import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Parquet schema merging across files")
struct ParquetSchemaMergeTests {
    static let script = """
import sys, pyarrow as pa, pyarrow.parquet as pq
d = sys.argv[1]
pq.write_table(pa.table({'id': pa.array([1, 2], pa.int32()), 's': ['a', None]}), d + '/merge/part-0.parquet')
pq.write_table(pa.table({'extra': [0.5, 1.5, None], 'id': pa.array([3, 2**40, None], pa.int64()), 's': ['c', 'd', 'e']}),
               d + '/merge/part-1.parquet')
pq.write_table(pa.table({'s': ['f'], 'flag': [True]}), d + '/merge/part-2.parquet')
pq.write_table(pa.table({'id': pa.array([1], pa.int32())}), d + '/clash/a.parquet')
pq.write_table(pa.table({'id': ['x']}), d + '/clash/b.parquet')
"""

    private static func files() throws -> String {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/merge", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/clash", withIntermediateDirectories: true)
        _ = try runPython(script, [dir])
        return dir
    }

    /// Options that merge the files' schemas.
    static var merging: ParquetReadOptions {
        var options = ParquetReadOptions()
        options.mergeSchema = true
        return options
    }

    @Test("with mergeSchema, files that add or lack columns read with the union; INT and BIGINT widen to BIGINT")
    func union() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frame = try Session(parallelism: 2).read.parquet(dir + "/merge", options: Self.merging)
        #expect(frame.schema.fields.map { "\($0.name):\($0.type):\($0.nullable)" } == [
            "id:long:true", "s:string:true", "extra:double:true", "flag:boolean:true",
        ])
        #expect(try canonicalRows(frame) == """
        1|a|None|None
        2|None|None|None
        3|c|0.5|None
        1099511627776|d|1.5|None
        None|e|None|None
        None|f|None|True

        """)
        // Row-group pruning on a column some files lack keeps their row groups.
        #expect(try frame.filter(col("extra") > 1.0).select("s").collect().map(\.values) == [[.string("d")]])
        #expect(try frame.filter(col("id") == 1_099_511_627_776).count() == 1)
    }

    @Test("by default (mergeSchema off, as in Spark) the first file's columns are read; files lacking one read it as null")
    func firstFile() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let frame = try session.read.parquet(dir + "/merge/part-0.parquet", dir + "/merge/part-2.parquet")
        // part-2 has no `id`: with several files every column is nullable, and its rows hold nulls.
        #expect(frame.schema.fields.map { "\($0.name):\($0.type):\($0.nullable)" } == ["id:integer:true", "s:string:true"])
        #expect(try canonicalRows(frame) == "1|a\n2|None\nNone|f\n")
        #expect(try frame.filter(col("id").isNull()).select("s").collect().map(\.values) == [[.string("f")]])
        // The directory: part-0's columns; `extra` and `flag`, only in later files, are ignored.
        #expect(try session.read.parquet(dir + "/merge").schema.names == ["id", "s"])
        // A later file whose type differs from the first file's is an error naming it, when the scan reads it.
        let wider = try session.read.parquet(dir + "/merge/part-0.parquet", dir + "/merge/part-1.parquet")
        let error = #expect(throws: DataFlowError.self) { try wider.collect() }
        #expect(error?.category == .schema)
        #expect(error?.location?.path?.hasSuffix("part-1.parquet") == true)
        #expect(error?.location?.column == "id")
        // A single file keeps its required columns non-nullable.
        _ = try runPython("import sys, pyarrow as pa, pyarrow.parquet as pq; pq.write_table(pa.table({'k': pa.array([1], pa.int64())}, "
            + "schema=pa.schema([pa.field('k', pa.int64(), nullable=False)])), sys.argv[1])", [dir + "/required.parquet"])
        #expect(try session.read.parquet(dir + "/required.parquet").schema.fields.map(\.nullable) == [false])
        // Asking for a column the first file lacks names it and points at mergeSchema.
        var options = ParquetReadOptions()
        options.columns = ["flag"]
        let missing = #expect(throws: DataFlowError.self) { try session.read.parquet(dir + "/merge", options: options) }
        #expect(missing?.category == .analysis)
        #expect(missing?.message.contains("mergeSchema") == true)
        options.mergeSchema = true
        #expect(try session.read.parquet(dir + "/merge", options: options).collect().map(\.values) == [[.null], [.null], [.null], [.null], [.null], [.boolean(true)]])
    }

    @Test("with mergeSchema, incompatible types are an error naming both files and the column, at planning")
    func incompatible() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: DataFlowError.self) { try Session(parallelism: 2).read.parquet(dir + "/clash", options: Self.merging) }
        #expect(error?.category == .schema)
        #expect(error?.location?.column == "id")
        #expect(error?.message.contains("a.parquet") == true)
        #expect(error?.message.contains("b.parquet") == true)
        #expect(error?.message.contains("column 'id' is integer") == true)
    }
}
