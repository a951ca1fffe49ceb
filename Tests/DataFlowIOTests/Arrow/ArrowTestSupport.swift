import DataFlow
import DataFlowIO
import Foundation
import Testing

/// Helpers shared by the Arrow IPC tests.
enum ArrowTestSupport {
    /// A batch of every DataFlow type: `EveryTypeRows` (nulls every seventh row, negative decimals,
    /// dates and timestamps before the epoch), a non-nullable long `id` and a void column `v`.
    static func everyTypeBatch(rows: Int) throws -> RecordBatch {
        let base = try Schema(ddl: EveryTypeRows.ddl)
        let table = EveryTypeRows.rows(rows)
        var columns = try base.fields.enumerated().map { index, field in try Column.from(table.map { $0[index] }, type: field.type) }
        columns.append(try Column((0..<Int64(rows)).map { $0 * 3 - 7 }))
        columns.append(Column.nulls(type: .null, count: rows))
        let schema = Schema(base.fields + [Field("id", .int64, nullable: false), Field("v", .null)])
        return try RecordBatch(schema: schema, columns: columns)
    }

    /// Every batch's rows as text, one line per row, cells joined by `|`: None for null, True/False,
    /// integers, Swift's shortest double, decimals with their scale, strings as they are, binary in
    /// hex, dates as days and timestamps as microseconds since the epoch.
    static func canonical(_ batches: [RecordBatch]) -> String {
        var text = ""
        for batch in batches {
            for row in 0..<batch.rowCount {
                text += batch.columns.map { column -> String in
                    switch column.scalar(at: row) {
                    case .null: return "None"
                    case let .boolean(flag): return flag ? "True" : "False"
                    case let .int32(value), let .date(value): return String(value)
                    case let .int64(value), let .timestamp(value): return String(value)
                    case let .float64(value): return String(value)
                    case let .binary(bytes): return bytes.map { String(format: "%02x", $0) }.joined()
                    case let .string(value): return value
                    case let value: return value.formatted()
                    }
                }.joined(separator: "|") + "\n"
            }
        }
        return text
    }

    /// Python that prints every batch of the Arrow stream at `sys.argv[1]` in `canonical`'s format,
    /// after a line `name:type:nullable;...` and a line with the batch count.
    static let pythonDump = """
import sys, pyarrow as pa, pyarrow.compute as pc
def cells(col):
    t = col.type
    if pa.types.is_timestamp(t):
        f = {'s': 1000000, 'ms': 1000, 'us': 1, 'ns': None}[t.unit]
        ints = pc.cast(col, pa.int64()).to_pylist()
        return [None if v is None else (v // 1000 if f is None else v * f) for v in ints]
    if pa.types.is_date64(t):
        return [None if v is None else v // 86400000 for v in pc.cast(col, pa.int64()).to_pylist()]
    if pa.types.is_date32(t):
        return pc.cast(col, pa.int32()).to_pylist()
    return col.to_pylist()
def fmt(v):
    if v is None: return 'None'
    if isinstance(v, (bytes, bytearray)): return v.hex()
    if isinstance(v, float): return repr(v)
    return str(v)
with pa.ipc.open_stream(sys.argv[1]) as reader:
    batches = list(reader)
    schema = reader.schema
print(';'.join(f'{f.name}:{f.type}:{f.nullable}' for f in schema))
print(len(batches))
for b in batches:
    b.validate(full=True)
    columns = [cells(c) for c in b.columns]
    for r in range(b.num_rows):
        print('|'.join(fmt(c[r]) for c in columns))
"""

    /// A fresh file path under a temporary directory, removed by the caller's `defer`.
    static func temporaryFile(_ name: String = #function) throws -> (directory: String, path: String) {
        let directory = try temporaryDirectory(name)
        return (directory, directory + "/stream.arrows")
    }

    /// The stream Python writes to a file whose path it gets as `sys.argv[1]` (then `arguments`).
    static func streamFromPython(_ script: String, _ arguments: [String] = [], _ name: String = #function) throws -> [UInt8] {
        let (directory, path) = try temporaryFile(name)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try runPython(script, [path] + arguments)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// What `pythonDump` prints for `stream`.
    static func pythonDump(of stream: [UInt8], _ name: String = #function) throws -> String {
        try runPythonDump(pythonDump, of: stream, name)
    }

    /// What `script` prints for `stream`, saved to a file whose path it gets as `sys.argv[1]`.
    static func runPythonDump(_ script: String, of stream: [UInt8], _ name: String = #function) throws -> String {
        let (directory, path) = try temporaryFile(name)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(stream).write(to: URL(fileURLWithPath: path))
        return try runPython(script, [path])
    }

    /// Asserts that `actual` has the schema and the values of `expected`.
    static func expectSame(_ actual: RecordBatch, _ expected: RecordBatch, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.schema == expected.schema, sourceLocation: sourceLocation)
        #expect(actual.rowCount == expected.rowCount, sourceLocation: sourceLocation)
        for (index, (column, reference)) in zip(actual.columns, expected.columns).enumerated() {
            #expect(column.type == reference.type, "column \(index)", sourceLocation: sourceLocation)
            #expect(column.nullCount == reference.nullCount, "column \(index)", sourceLocation: sourceLocation)
            #expect(column.scalars == reference.scalars, "column \(expected.schema[index].name)", sourceLocation: sourceLocation)
        }
    }
}
