import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Parquet reading")
struct ParquetReaderTests {
    @Test("DataFlow's own files read back with identical values and types", arguments: [ParquetDataPageVersion.v1, .v2])
    func roundTrip(version: ParquetDataPageVersion) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 2)
        let frame = try everyTypeFrame(session, rows: 1000)
        var options = ParquetWriteOptions()
        options.dataPageVersion = version
        options.pageSize = 700
        options.rowGroupSize = 20_000
        try frame.repartition(3).write.parquet(dir + "/out", options: options)
        let read = try session.read.parquet(dir + "/out")
        #expect(read.schema == frame.schema)
        #expect(try canonicalRows(read.orderBy(col("l"))) == canonicalRows(frame.orderBy(col("l"))))
        let projected = try read.select("s", "big").orderBy(col("big")).collect().map(\.values)
        #expect(projected == (try frame.select("s", "big").orderBy(col("big")).collect().map(\.values)))
    }

    static let pyarrowScript = pythonCanonical + """
import pyarrow as pa, pyarrow.parquet as pq, decimal
path, config = sys.argv[1], sys.argv[2]
n = 2500
def nul(f): return [None if i % 11 == 4 else f(i) for i in range(n)]
t = pa.table({
  'b': pa.array(nul(lambda i: i % 3 == 0), pa.bool_()),
  'i8': pa.array(nul(lambda i: i % 200 - 100), pa.int8()),
  'u16': pa.array(nul(lambda i: i * 20 % 65536), pa.uint16()),
  'u32': pa.array(nul(lambda i: 4294967295 - i), pa.uint32()),
  'u64': pa.array(nul(lambda i: 18446744073709551615 - i), pa.uint64()),
  'i64': pa.array(nul(lambda i: i * 7919 - 10**12), pa.int64()),
  'f': pa.array(nul(lambda i: i / 10), pa.float32()),
  'd': pa.array(nul(lambda i: i / 3), pa.float64()),
  's': pa.array(nul(lambda i: f'v{i % 37}é'), pa.string()),
  'bin': pa.array(nul(lambda i: bytes([i % 256, 7])), pa.binary()),
  'day': pa.array(nul(lambda i: datetime.date(2020, 1, 1) + datetime.timedelta(days=i)), pa.date32()),
  'ms': pa.array(nul(lambda i: i * 123456789 - 10**11), pa.timestamp('ms')),
  'us': pa.array(nul(lambda i: i * 987654321 - 10**14), pa.timestamp('us', tz='UTC')),
  'ns': pa.array(nul(lambda i: (i * 987654321 - 10**14) * 1000), pa.timestamp('ns')),
  'dec9': pa.array(nul(lambda i: decimal.Decimal(i * 13 - 999) / 100), pa.decimal128(9, 2)),
  'dec18': pa.array(nul(lambda i: decimal.Decimal(i * 1234567891 - 10**15) / 1000), pa.decimal128(18, 3)),
  'dec38': pa.array(nul(lambda i: decimal.Decimal((i - 1000) * 10**30 + i) / 10**5), pa.decimal128(38, 5)),
})
kw = dict(row_group_size=1000, data_page_size=2000)
if config == 'v2-zstd': kw.update(compression='zstd', data_page_version='2.0')
elif config == 'gzip-plain': kw.update(compression='gzip', use_dictionary=False)
elif config == 'none-int96': kw.update(compression='none', use_deprecated_int96_timestamps=True)
elif config == 'snappy-v2-plain': kw.update(compression='snappy', data_page_version='2.0', use_dictionary=False)
pq.write_table(t, path, **kw)
print(';'.join(f'{f.name}:{f.type}' for f in t.schema))
cols = []
for c in t.columns:
    if pa.types.is_timestamp(c.type): c = c.cast(pa.timestamp('us', tz=c.type.tz), safe=False).cast(pa.int64())
    cols.append(c.to_pylist())
print(dump(zip(*cols)), end='')
"""

    @Test("files written by pyarrow: encodings, codecs, nulls, dictionaries, v2 pages, row groups, INT96",
          arguments: ["default", "v2-zstd", "gzip-plain", "none-int96", "snappy-v2-plain"])
    func pyarrow(config: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/data.parquet"
        let output = try runPython(Self.pyarrowScript, [path, config])
        let lines = output.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let frame = try Session(parallelism: 2).read.parquet(path)
        #expect(frame.schema.fields.map { "\($0.name):\($0.type)" } == [
            "b:boolean", "i8:integer", "u16:integer", "u32:long", "u64:decimal(20,0)", "i64:long", "f:double", "d:double", "s:string",
            "bin:binary", "day:date", "ms:timestamp", "us:timestamp", "ns:timestamp", "dec9:decimal(9,2)", "dec18:decimal(18,3)",
            "dec38:decimal(38,5)",
        ])
        #expect(try canonicalRows(frame) == String(lines[1]))
    }

    @Test("files written by DuckDB")
    func duckdb() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/duck.parquet"
        let script = pythonCanonical + """
import duckdb
con = duckdb.connect()
q = "SELECT i::INTEGER AS i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'k' || (i % 9) END AS s, (i * 1.25)::DECIMAL(12,2) AS m, " \\
    "DATE '2024-02-29' + i::INTEGER AS day, (i % 2 = 0) AS flag, i::DOUBLE / 7 AS x FROM range(5000) t(i)"
con.execute(f"COPY ({q}) TO '{sys.argv[1]}' (FORMAT parquet, ROW_GROUP_SIZE 2048)")
print(dump(con.execute(q).fetchall()), end='')
"""
        let expected = try runPython(script, [path])
        let frame = try Session(parallelism: 2).read.parquet(path)
        #expect(frame.schema.fields.map { "\($0.name):\($0.type)" } == ["i:integer", "s:string", "m:decimal(12,2)", "day:date", "flag:boolean", "x:double"])
        #expect(try canonicalRows(frame.orderBy(col("i"))) == expected)
    }
}
