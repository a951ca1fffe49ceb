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

    @Test("files that add or lack columns read with the union; INT and BIGINT widen to BIGINT")
    func union() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frame = try Session(parallelism: 2).read.parquet(dir + "/merge")
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

    @Test("with mergeSchema off the first file's columns are read")
    func firstFile() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ParquetReadOptions()
        options.mergeSchema = false
        let frame = try Session(parallelism: 2).read.parquet(dir + "/merge/part-0.parquet", dir + "/merge/part-2.parquet", options: options)
        #expect(frame.schema.names == ["id", "s"])
        #expect(try canonicalRows(frame) == "1|a\n2|None\nNone|f\n")
        // A later file whose type differs from the first file's is an error naming it.
        let wider = try Session(parallelism: 2).read.parquet(dir + "/merge/part-0.parquet", dir + "/merge/part-1.parquet", options: options)
        let error = #expect(throws: DataFlowError.self) { try wider.collect() }
        #expect(error?.category == .schema)
        #expect(error?.location?.path?.hasSuffix("part-1.parquet") == true)
    }

    @Test("incompatible types are an error naming both files and the column")
    func incompatible() throws {
        let dir = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: DataFlowError.self) { try Session(parallelism: 2).read.parquet(dir + "/clash") }
        #expect(error?.category == .schema)
        #expect(error?.location?.column == "id")
        #expect(error?.message.contains("a.parquet") == true)
        #expect(error?.message.contains("b.parquet") == true)
        #expect(error?.message.contains("column 'id' is integer") == true)
    }
}
