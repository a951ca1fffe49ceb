import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Parquet writing, read back by pyarrow and DuckDB")
struct ParquetWriterInteropTests {
    static let checkScript = pythonCanonical + """
import pyarrow.parquet as pq, duckdb
path = sys.argv[1]
t = pq.read_table(path)
print(';'.join(f'{f.name}:{f.type}' for f in t.schema))
print(dump(zip(*[c.to_pylist() for c in t.columns])), end='')
con = duckdb.connect()
print('--duckdb')
print(';'.join(f'{d[0]}:{d[1]}' for d in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()))
# Timestamps with a zone need pytz in Python; compare them as epoch microseconds.
print(dump(con.execute(f"SELECT * REPLACE (epoch_us(ts) AS ts) FROM read_parquet('{path}')").fetchall()), end='')
"""

    static let arrowTypes = "b:bool;i:int32;l:int64;d:double;small:decimal128(7, 2);mid:decimal128(15, 3);big:decimal128(30, 4);s:string;bin:binary;day:date32[day];ts:timestamp[us, tz=UTC]"
    static let duckTypes = "b:BOOLEAN;i:INTEGER;l:BIGINT;d:DOUBLE;small:DECIMAL(7,2);mid:DECIMAL(15,3);big:DECIMAL(30,4);s:VARCHAR;bin:BLOB;day:DATE;ts:TIMESTAMP WITH TIME ZONE"

    @Test("every type with nulls, each codec, dictionary and plain, page v1 and v2", arguments: [
        (CompressionCodec.snappy, true, ParquetDataPageVersion.v1),
        (.uncompressed, false, .v1),
        (.gzip, true, .v2),
        (.zstd, false, .v2),
    ])
    func roundTrip(codec: CompressionCodec, dictionary: Bool, version: ParquetDataPageVersion) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 1)
        let frame = try everyTypeFrame(session)
        var options = ParquetWriteOptions()
        options.compression = codec
        options.dictionary = dictionary
        options.dataPageVersion = version
        options.pageSize = 512
        options.keyValueMetadata = ["writer": "tests"]
        try frame.write.parquet(dir + "/out", options: options)
        let files = try parquetFiles(dir + "/out")
        #expect(files.count == 1)
        let output = try runPython(Self.checkScript, [files[0]])
        let expected = try canonicalRows(frame)
        let parts = output.components(separatedBy: "--duckdb\n")
        #expect(parts.count == 2)
        guard parts.count == 2 else { return }
        let arrowLines = parts[0].split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        #expect(String(arrowLines[0]) == Self.arrowTypes)
        #expect(String(arrowLines[1]) == expected)
        let duckLines = parts[1].split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        #expect(String(duckLines[0]) == Self.duckTypes)
        #expect(String(duckLines[1]) == expected)
    }
}
