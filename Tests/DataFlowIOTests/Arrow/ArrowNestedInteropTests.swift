import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Arrow IPC: nested columns exchanged with pyarrow")
struct ArrowNestedInteropTests {
    /// Prints the rows of the Arrow stream at `sys.argv[1]` as Spark's text of each value (what
    /// `Scalar.formatted()` writes), one line per row, after a line with the schema.
    static let sparkTextDump = pythonSparkText + """
with pa.ipc.open_stream(sys.argv[1]) as reader:
    table = reader.read_all()
table.validate(full=True)
print(';'.join(f'{f.name}:{f.type}' for f in table.schema))
print(rows(table), end='')
"""

    /// Writes to `sys.argv[1]` a stream of lists, large lists, structs, maps and lists of structs,
    /// with nulls at every level, taken from a slice so that offsets start above zero.
    static let nestedScript = """
import sys, pyarrow as pa
rows = 40
def value(kind, r):
    if r % 7 == 3: return None
    if kind == 'l': return [None if (r + k) % 5 == 0 else r * 10 + k for k in range(r % 4)]
    if kind == 'll': return ['x' * k + str(r) for k in range(r % 3)]
    if kind == 's': return {'a': None if r % 6 == 1 else r - 20, 'b': [r / 4, -1.5] if r % 2 else None}
    if kind == 'm': return [('k' + str(k), None if k == 1 else r + k) for k in range(r % 3)]
    return [{'x': None if k == 2 else 'é' + str(k)} for k in range(r % 4)]
types = {'l': pa.list_(pa.int32()), 'll': pa.large_list(pa.string()),
         's': pa.struct([('a', pa.int64()), ('b', pa.list_(pa.float64()))]), 'm': pa.map_(pa.string(), pa.int32()),
         'ls': pa.list_(pa.struct([('x', pa.string())]))}
table = pa.table({k: pa.array([value(k, r) for r in range(rows)], t) for k, t in types.items()}).slice(5, 30)
with pa.ipc.new_stream(sys.argv[1], table.schema) as writer:
    for batch in table.to_batches(max_chunksize=12):
        writer.write_batch(batch)
"""

    @Test("pyarrow's nested columns read as DataFlow's arrays, structs and maps; DataFlow's stream of them reads back the same in pyarrow")
    func nestedRoundTrip() throws {
        let stream = try ArrowTestSupport.streamFromPython(Self.nestedScript)
        let (schema, batches) = try ArrowIPC.readStream(stream)
        let types: [DataType] = [
            .array(.int32), .array(.string), .struct([Field("a", .int64), Field("b", .array(.float64))]),
            .map(key: .string, value: .int32), .array(.struct([Field("x", .string)])),
        ]
        #expect(schema.fields.map(\.type) == types)
        #expect(batches.map(\.rowCount) == [12, 12, 6])
        let expected = try ArrowTestSupport.runPythonDump(Self.sparkTextDump, of: stream)
        let lines = expected.split(separator: "\n").dropFirst().map(String.init)
        let rows = batches.flatMap { batch in (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row).formatted() }.joined(separator: "|") } }
        #expect(rows == lines)
        #expect(rows[0] == "[null]|[5, x5]|{-15, [1.25, -1.5]}|{k0 -> 5, k1 -> null}|[{é0}]")

        // Written by DataFlow, sliced so that its offsets start above zero too, and read by pyarrow.
        let sliced = try batches.map { batch in
            try RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.slice(1, batch.rowCount - 1) })
        }
        let written = try ArrowIPC.writeStream(schema: schema, batches: sliced)
        let readBack = try ArrowTestSupport.runPythonDump(Self.sparkTextDump, of: written).split(separator: "\n").map(String.init)
        #expect(readBack.first == "l:list<element: int32>;ll:list<element: string>;s:struct<a: int64, b: list<element: double>>;m:map<string, int32>;ls:list<element: struct<x: string>>")
        let unsliced: [String] = Array(lines[1..<12]) + Array(lines[13..<24]) + Array(lines[25..<30])
        #expect(Array(readBack.dropFirst()) == unsliced)
    }
}
