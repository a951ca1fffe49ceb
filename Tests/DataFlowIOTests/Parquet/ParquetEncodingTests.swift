import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet encodings: delta and byte stream split")
struct ParquetEncodingTests {
    static let script = pythonCanonical + """
import pyarrow as pa, pyarrow.parquet as pq, decimal
path, version = sys.argv[1], sys.argv[2]
n = 3000
def nul(f): return [None if i % 13 == 5 else f(i) for i in range(n)]
t = pa.table({
  'i32': pa.array(nul(lambda i: [2147483647, -2147483648, 0][i % 3] if i % 100 < 10 else i * 7 - 500), pa.int32()),
  'i64': pa.array(nul(lambda i: [9223372036854775807, -9223372036854775808][i % 2] if i % 50 < 4 else i * i * 1000003), pa.int64()),
  'req': pa.array([(i * 37) % 1000 - 500 for i in range(n)], pa.int64()),
  's': pa.array(nul(lambda i: f'prefix/{i // 10:05d}/é{i % 7}'), pa.string()),
  'sd': pa.array(nul(lambda i: f'k{i % 9}' * (i % 4)), pa.string()),
  'fx': pa.array(nul(lambda i: bytes([i % 256, (i * 7) % 256, 1, 2])), pa.binary(4)),
  'f': pa.array(nul(lambda i: i / 7 - 100), pa.float32()),
  'd': pa.array(nul(lambda i: i / 3 - 1e10), pa.float64()),
  'bi': pa.array(nul(lambda i: i * 1000 - 77), pa.int32()),
  'bl': pa.array(nul(lambda i: i * 10**12 - 7), pa.int64()),
  'dec': pa.array(nul(lambda i: decimal.Decimal((i - 1000) * 10**20 + i) / 10**3), pa.decimal128(30, 3)),
})
enc = {'i32': 'DELTA_BINARY_PACKED', 'i64': 'DELTA_BINARY_PACKED', 'req': 'DELTA_BINARY_PACKED', 's': 'DELTA_BYTE_ARRAY',
       'sd': 'DELTA_LENGTH_BYTE_ARRAY', 'fx': 'DELTA_BYTE_ARRAY', 'f': 'BYTE_STREAM_SPLIT', 'd': 'BYTE_STREAM_SPLIT',
       'bi': 'BYTE_STREAM_SPLIT', 'bl': 'BYTE_STREAM_SPLIT', 'dec': 'BYTE_STREAM_SPLIT'}
schema = t.schema.set(2, pa.field('req', pa.int64(), nullable=False))
pq.write_table(t.cast(schema), path, use_dictionary=False, column_encoding=enc, data_page_version=version, data_page_size=3000,
               row_group_size=2000, compression='snappy' if version == '2.0' else 'none')
md = pq.ParquetFile(path).metadata
print(sorted({e for g in range(md.num_row_groups) for c in range(md.num_columns) for e in md.row_group(g).column(c).encodings} - {'RLE'}))
cols = [c.to_pylist() for c in t.columns]
cols[6] = [None if v is None else float(pa.scalar(v, pa.float32()).as_py()) for v in cols[6]]
print(dump(zip(*cols)), end='')
"""

    @Test("pyarrow files with DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT, nulls",
          arguments: ["1.0", "2.0"])
    func pyarrowEncodings(version: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/enc.parquet"
        let output = try runPython(Self.script, [path, version])
        let lines = output.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        #expect(lines[0] == "['BYTE_STREAM_SPLIT', 'DELTA_BINARY_PACKED', 'DELTA_BYTE_ARRAY', 'DELTA_LENGTH_BYTE_ARRAY']")
        let frame = try Session(parallelism: 2).read.parquet(path)
        #expect(frame.schema.fields.map { "\($0.name):\($0.type)" } == [
            "i32:integer", "i64:long", "req:long", "s:string", "sd:string", "fx:binary", "f:double", "d:double", "bi:integer", "bl:long",
            "dec:decimal(30,3)",
        ])
        #expect(try canonicalRows(frame) == String(lines[1]))
    }

    /// The values of a DELTA_BINARY_PACKED stream, decoded as `T`.
    private func deltaValues<T: FixedWidthInteger>(_ bytes: [UInt8], count: Int, as _: T.Type) throws -> [T] {
        try bytes.withUnsafeBytes { raw in
            var decoder = try DeltaBinaryPackedDecoder(raw) { DataFlowError(.parse, $0) }
            var values = [T](repeating: 0, count: count)
            try values.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { try decoder.decode(into: base, count: count) } }
            return values
        }
    }

    @Test("DELTA_BINARY_PACKED: the spec's examples (with a 128-value block) and wrapping arithmetic")
    func deltaExamples() throws {
        // Block 128, 4 miniblocks, 5 values, first 1; min delta 1, widths 0: 1, 2, 3, 4, 5.
        #expect(try deltaValues([0x80, 0x01, 4, 5, 2, 2, 0, 0, 0, 0], count: 5, as: Int32.self) == [1, 2, 3, 4, 5])
        // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2 (zigzag 3), bit width 2, deltas 0,0,0,3,3,3,3 then padding.
        let packed: [UInt8] = [0b1100_0000, 0b1111_1111] + [UInt8](repeating: 0, count: 6)
        #expect(try deltaValues([0x80, 0x01, 4, 8, 14, 3, 2, 0, 0, 0] + packed, count: 8, as: Int64.self) == [7, 5, 3, 1, 2, 3, 4, 5])
        // Int32.max then Int32.min: a delta of +1 wraps around.
        #expect(try deltaValues([0x80, 0x01, 4, 2, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 2, 0, 0, 0, 0], count: 2, as: Int32.self) == [.max, .min])
    }

    @Test("corrupt delta and byte stream split input throws, never traps")
    func corrupt() throws {
        let valid: [UInt8] = [0x80, 0x01, 4, 8, 14, 3, 2, 0, 0, 0, 0b1100_0000, 0b1111_1111]
        for cut in 0..<valid.count - 1 {
            #expect(throws: DataFlowError.self) { _ = try deltaValues(Array(valid[..<cut]), count: 8, as: Int64.self) }
        }
        // Block size not a multiple of 128, miniblocks not multiples of 32, bit width 33 for Int32, too many values asked.
        for bad: [UInt8] in [[100, 1, 1, 0], [0x80, 0x01, 3, 1, 0], [0x80, 0x01, 4, 3, 0, 0, 33, 0, 0, 0]] {
            #expect(throws: DataFlowError.self) { _ = try deltaValues(bad, count: 3, as: Int32.self) }
        }
        #expect(throws: DataFlowError.self) { _ = try deltaValues([0x80, 0x01, 4, 1, 2], count: 2, as: Int32.self) }
        // A prefix longer than the previous value.
        let prefixes: [UInt8] = [0x80, 0x01, 4, 1, 6], suffixes: [UInt8] = [0x80, 0x01, 4, 1, 2]
        var offsets: [Int32] = [0], values: [UInt8] = []
        #expect(throws: DataFlowError.self) {
            try (prefixes + suffixes + [65]).withUnsafeBytes { raw in
                try decodeDeltaByteArray(raw, count: 1, width: 0, offsets: &offsets, values: &values) { DataFlowError(.parse, $0) }
            }
        }
        var output = [UInt8](repeating: 0, count: 16)
        #expect(throws: DataFlowError.self) {
            try [UInt8](repeating: 1, count: 7).withUnsafeBytes { raw in
                try output.withUnsafeMutableBytes { try decodeByteStreamSplit(raw, count: 2, width: 4, into: $0.baseAddress!) { DataFlowError(.parse, $0) } }
            }
        }
    }

    @Test("dictionary indices looked up as they unpack: values equal the plain decode, the largest index is reported, a wide RLE value throws")
    func dictionaryLookup() throws {
        // 3-bit indices: an RLE run of nine 6s, then bit-packed groups with indices up to 7.
        let indices: [UInt32] = Array(repeating: 6, count: 9) + (0..<19).map { UInt32(($0 * 5) % 8) }
        var encoder = RLEHybridEncoder(bitWidth: 3)
        indices.withUnsafeBufferPointer { encoder.encode($0) }
        let bytes = encoder.bytes
        let table: [Int64] = (0..<8).map { Int64($0) * 100 - 1 }
        let corrupt = { (message: String) in DataFlowError(.parse, message) }
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: 3, corrupt: corrupt)
            #expect(decoder.indexRange == 8)
            var output = [Int64](repeating: 0, count: indices.count)
            let largest = try output.withUnsafeMutableBufferPointer { out in
                try table.withUnsafeBufferPointer { try decoder.decode(into: out.baseAddress!, count: indices.count, lookingUpIn: $0.baseAddress!) }
            }
            #expect(output == indices.map { table[Int($0)] })
            #expect(largest == 7)
        }
        // An RLE run (header 2 << 1: two values) whose one-byte value 9 does not fit 3 bits.
        let wide: [UInt8] = [4, 9]
        try wide.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: 3, corrupt: corrupt)
            var output = [Int64](repeating: 0, count: 2)
            #expect(throws: DataFlowError.self) {
                try output.withUnsafeMutableBufferPointer { out in
                    try table.withUnsafeBufferPointer { _ = try decoder.decode(into: out.baseAddress!, count: 2, lookingUpIn: $0.baseAddress!) }
                }
            }
        }
    }

    @Test("BYTE_STREAM_SPLIT reassembles values from the byte streams")
    func byteStreamSplit() throws {
        let data: [UInt8] = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6]
        var output = [UInt8](repeating: 0, count: 12)
        try data.withUnsafeBytes { raw in
            try output.withUnsafeMutableBytes { try decodeByteStreamSplit(raw, count: 3, width: 4, into: $0.baseAddress!) { DataFlowError(.parse, $0) } }
        }
        #expect(output == [0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6])
    }
}
