import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Arrow IPC: streams exchanged with pyarrow")
struct ArrowPyarrowInteropTests {
    /// Writes to `sys.argv[1]` three batches (12 rows, none, 9 rows) of every Arrow type DataFlow
    /// reads, including the widened ones, with nulls on every fifth row; `sys.argv[2]` is the mode:
    /// 'none', 'zstd' or 'lz4' compression, 'legacy' framing (no continuation marker, before Arrow
    /// 0.15) or 'v4' metadata.
    static let everyArrowTypeScript = """
import sys, datetime, decimal, pyarrow as pa
D = decimal.Decimal
utc = datetime.timezone.utc
fields = [
    ('b', pa.bool_(), lambda r: r % 2 == 0),
    ('i8', pa.int8(), lambda r: (r * 37) % 256 - 128),
    ('i16', pa.int16(), lambda r: (r * 997) % 65536 - 32768),
    ('i32', pa.int32(), lambda r: r * 100003 - 2147483648),
    ('i64', pa.int64(), lambda r: (-1) ** r * r * 10 ** 15),
    ('u8', pa.uint8(), lambda r: 255 if r % 3 == 1 else r),
    ('u16', pa.uint16(), lambda r: 65535 if r % 3 == 1 else r * 7),
    ('u32', pa.uint32(), lambda r: 4294967295 if r % 3 == 1 else r * 1000),
    ('f32', pa.float32(), lambda r: r * 0.25 - 3),
    ('f64', pa.float64(), lambda r: float('inf') if r == 2 else (-0.0 if r == 4 else r / 8 - 1.5)),
    ('s', pa.string(), lambda r: '' if r % 4 == 0 else f'név {r}'),
    ('ls', pa.large_string(), lambda r: 'x' * r),
    ('bin', pa.binary(), lambda r: bytes([r, 0, 255])),
    ('lbin', pa.large_binary(), lambda r: bytes(range(r % 5))),
    ('d32', pa.date32(), lambda r: datetime.date(1970, 1, 1) + datetime.timedelta(days=r * 400 - 5000)),
    ('d64', pa.date64(), lambda r: datetime.date(1970, 1, 1) + datetime.timedelta(days=r * 3 - 20)),
    ('ts_s', pa.timestamp('s'), lambda r: datetime.datetime(1969, 7, 20, 20, 17) + datetime.timedelta(seconds=r * 86399)),
    ('ts_ms', pa.timestamp('ms', tz='UTC'), lambda r: datetime.datetime(1900, 1, 1, tzinfo=utc) + datetime.timedelta(milliseconds=r * 123456789)),
    ('ts_us', pa.timestamp('us', tz='America/New_York'), lambda r: datetime.datetime(2024, 3, 10, 6, 59, 59, 999999, tzinfo=utc) + datetime.timedelta(microseconds=r * 7)),
    ('ntz', pa.timestamp('us'), lambda r: datetime.datetime(2024, 3, 10, 2, 30) + datetime.timedelta(microseconds=r * 999999937)),
    ('ts_ns', pa.timestamp('ns', tz='UTC'), lambda r: -1500 if r == 0 else r * 1234567891 - 10 ** 18),
    ('dec9', pa.decimal128(9, 2), lambda r: D(r * 137 - 2000).scaleb(-2)),
    ('dec30', pa.decimal128(30, 4), lambda r: D((-1) ** r * (r * 10 ** 25 + 7)).scaleb(-4)),
    ('n', pa.null(), lambda r: None),
]
schema = pa.schema([pa.field(name, t, nullable=(name != 'i32')) for name, t, _ in fields])
def batch(start, count):
    rows = range(start, start + count)
    return pa.record_batch([pa.array([None if (r % 5 == 3 and name != 'i32') else f(r) for r in rows], t) for name, t, f in fields], schema=schema)
mode = sys.argv[2]
options = pa.ipc.IpcWriteOptions(compression=mode if mode in ('zstd', 'lz4') else None, use_legacy_format=mode == 'legacy',
                                 metadata_version=pa.ipc.MetadataVersion.V4 if mode == 'v4' else pa.ipc.MetadataVersion.V5)
with pa.ipc.new_stream(sys.argv[1], schema, options=options) as writer:
    for b in [batch(0, 12), batch(12, 0), batch(12, 9)]:
        writer.write_batch(b)
"""

    /// The DataFlow schema the script's stream reads as.
    static let expectedSchema = Schema([
        Field("b", .boolean), Field("i8", .int32), Field("i16", .int32), Field("i32", .int32, nullable: false), Field("i64", .int64),
        Field("u8", .int32), Field("u16", .int32), Field("u32", .int64), Field("f32", .float64), Field("f64", .float64),
        Field("s", .string), Field("ls", .string), Field("bin", .binary), Field("lbin", .binary), Field("d32", .date), Field("d64", .date),
        Field("ts_s", .timestamp), Field("ts_ms", .timestamp), Field("ts_us", .timestamp), Field("ntz", .timestamp), Field("ts_ns", .timestamp),
        Field("dec9", .decimal(precision: 9, scale: 2)), Field("dec30", .decimal(precision: 30, scale: 4)), Field("n", .null),
    ])

    @Test("pyarrow's streams of every type (widened ones too), nulls, several batches and an empty one read with the values pyarrow sees",
          arguments: ["none", "zstd", "lz4", "legacy", "v4"])
    func readEveryType(mode: String) throws {
        let stream = try ArrowTestSupport.streamFromPython(Self.everyArrowTypeScript, [mode])
        let (schema, batches) = try ArrowIPC.readStream(stream)
        #expect(schema == Self.expectedSchema)
        #expect(batches.map(\.rowCount) == [12, 0, 9])
        // The values, as pyarrow prints them from the same stream.
        let dump = try ArrowTestSupport.pythonDump(of: stream)
        let lines = dump.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 2 && lines[1] == "3")
        #expect(ArrowTestSupport.canonical(batches) == lines.dropFirst(2).joined(separator: "\n"))
        // A few values checked by hand: the conversions at their edges.
        let first = try #require(batches.first)
        #expect(first.columns[1].scalar(at: 0) == .int32(-128))
        #expect(first.columns[7].scalar(at: 1) == .int64(4_294_967_295))
        #expect(first.columns[5].scalar(at: 1) == .int32(255))
        #expect(first.columns[8].scalar(at: 0) == .float64(-3))
        #expect(first.columns[9].scalar(at: 2) == .float64(.infinity))
        #expect(first.columns[15].scalar(at: 0) == .date(-20))
        #expect(first.columns[16].scalar(at: 0) == .timestamp(-14_182_980_000_000))
        #expect(first.columns[17].scalar(at: 1) == .timestamp(-2_208_988_800_000_000 + 123_456_789_000))
        #expect(first.columns[18].scalar(at: 0) == .timestamp(1_710_053_999_999_999))
        #expect(first.columns[20].scalar(at: 0) == .timestamp(-2))
        #expect(first.columns[21].scalar(at: 0) == .decimal(unscaled: -2000, precision: 9, scale: 2))
        #expect(first.columns[22].scalar(at: 1) == .decimal(unscaled: -(10_000_000_000_000_000_000_000_000 + 7), precision: 30, scale: 4))
        #expect(first.columns[10].scalar(at: 1) == .string("név 1"))
        #expect(first.columns.allSatisfy { $0.scalar(at: 3) == .null || $0.type == .int32 && $0.nullCount == 0 })
        #expect(first.columns[23].nullCount == 12)
    }

    @Test("DataFlow's streams read in pyarrow with the same types and values; pyarrow's ZSTD rewrite reads back the same")
    func pyarrowReadsDataFlow() throws {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 300)
        let batches = [batch, batch.slice(0, 0), batch.slice(45, 77)]
        let stream = try ArrowIPC.writeStream(schema: batch.schema, batches: batches)
        let dump = try ArrowTestSupport.pythonDump(of: stream)
        let lines = dump.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        guard lines.count == 3 else { return }
        #expect(lines[0] == "b:bool:True;i:int32:True;l:int64:True;d:double:True;m:decimal128(18, 2):True;big:decimal128(30, 4):True;"
            + "s:string:True;bin:binary:True;day:date32[day]:True;ts:timestamp[us, tz=UTC]:True;id:int64:False;v:null:True")
        #expect(lines[1] == "3")
        #expect(String(lines[2]) == ArrowTestSupport.canonical(batches))

        let rewrite = """
import sys, pyarrow as pa
with pa.ipc.open_stream(sys.argv[2]) as reader:
    with pa.ipc.new_stream(sys.argv[1], reader.schema, options=pa.ipc.IpcWriteOptions(compression='zstd')) as writer:
        for b in reader: writer.write_batch(b)
"""
        let (directory, path) = try ArrowTestSupport.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(stream).write(to: URL(fileURLWithPath: path))
        let compressed = try ArrowTestSupport.streamFromPython(rewrite, [path])
        let (schema, reread) = try ArrowIPC.readStream(compressed)
        #expect(schema == batch.schema)
        #expect(reread.count == batches.count)
        for (read, original) in zip(reread, batches) { ArrowTestSupport.expectSame(read, original) }
    }

    @Test("types DataFlow has no equivalent for are refused, naming the field and the Arrow type", arguments: [
        ("pa.list_(pa.uint64())", "Int(64, unsigned)"), ("pa.struct([('a', pa.time32('s'))])", "Time"),
        ("pa.month_day_nano_interval()", "Interval"),
        ("pa.dictionary(pa.int32(), pa.string())", "dictionary-encoded (values of Arrow type Utf8)"),
        ("pa.decimal256(40, 2)", "Decimal(40, 2, bitWidth 256)"), ("pa.uint64()", "Int(64, unsigned)"),
        ("pa.float16()", "FloatingPoint(HALF)"), ("pa.time32('s')", "Time"), ("pa.string_view()", "Utf8View"),
        ("pa.duration('us')", "Duration"),
    ])
    func unsupported(type: String, name: String) throws {
        let script = """
import sys, pyarrow as pa
t = \(type)
schema = pa.schema([pa.field('ok', pa.int32()), pa.field('bad', t)])
with pa.ipc.new_stream(sys.argv[1], schema) as writer:
    writer.write_batch(pa.record_batch([pa.array([1, 2], pa.int32()), pa.nulls(2, t)], schema=schema))
"""
        let stream = try ArrowTestSupport.streamFromPython(script)
        let error = try #require(throws: DataFlowError.self) { try ArrowIPC.readStream(stream) }
        #expect(error.category == .notImplemented)
        // A nested field is named by its path: bad.item, bad.a.
        #expect(error.message.contains("field 'bad"), "\(error)")
        #expect(error.message.contains(name), "\(error)")
        #expect(error.location?.column?.hasPrefix("bad") == true)
    }
}
