import DataFlow
@testable import DataFlowIO
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

    /// Prints each column chunk's encodings, then the rows as pyarrow and as DuckDB read them.
    static let fallbackScript = pythonCanonical + """
import pyarrow.parquet as pq, duckdb
path = sys.argv[1]
md = pq.ParquetFile(path).metadata
print(';'.join(','.join(sorted(md.row_group(0).column(c).encodings)) for c in range(md.num_columns)))
t = pq.read_table(path)
print(dump(zip(*[c.to_pylist() for c in t.columns])), end='')
print('--duckdb')
print(dump(duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}')").fetchall()), end='')
"""

    @Test("a dictionary that outgrows its limit: earlier pages stay RLE_DICTIONARY, later ones are PLAIN; pyarrow, DuckDB and DataFlow read the same values",
          arguments: [ParquetDataPageVersion.v1, .v2])
    func dictionaryFallbackPerPage(version: ParquetDataPageVersion) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 1)
        // 600 rows from 8 values, then 1400 distinct ones; nulls throughout.
        let rows: [[Scalar]] = (0..<2000).map { row in
            guard row % 11 != 4 else { return [.null, .null, .null] }
            let repeated = row < 600
            return [.string(repeated ? "v\(row % 8)" : "distinct-value-\(row)"), .int64(repeated ? Int64(row % 8) : Int64(row) * 7919),
                    .float64(repeated ? Double(row % 8) / 4 : Double(row) / 3)]
        }
        let frame = try session.createDataFrame(rows: rows, schema: try Schema(ddl: "s STRING, n BIGINT, d DOUBLE"))
        var options = ParquetWriteOptions()
        options.pageSize = 1024
        options.dictionaryPageSizeLimit = 512
        options.dataPageVersion = version
        try frame.write.parquet(dir + "/out", options: options)
        let path = try #require(try parquetFiles(dir + "/out").first)

        let chunks = try ParquetFileReader(path: path).metadata.rowGroups[0].columns.compactMap(\.metadata)
        let dataPage: ParquetPageType = version == .v2 ? .dataPageV2 : .dataPage
        for column in 0..<3 {
            let pages = try pageEncodings(path, column: column)
            let dictionaryPages = pages.filter { $0 == "RLE_DICTIONARY" }.count, plainPages = pages.filter { $0 == "PLAIN" }.count
            #expect(dictionaryPages >= 2 && plainPages >= 2, "\(pages)")
            #expect(pages == ["dictionary"] + Array(repeating: "RLE_DICTIONARY", count: dictionaryPages) + Array(repeating: "PLAIN", count: plainPages))
            #expect(chunks[column].encodings == [.plain, .rle, .rleDictionary])
            #expect(chunks[column].encodingStats == [
                ParquetPageEncodingStats(pageType: ParquetPageType.dictionaryPage.rawValue, encoding: .plain, count: 1),
                ParquetPageEncodingStats(pageType: dataPage.rawValue, encoding: .rleDictionary, count: Int32(dictionaryPages)),
                ParquetPageEncodingStats(pageType: dataPage.rawValue, encoding: .plain, count: Int32(plainPages)),
            ])
        }
        // The dictionary holds only the entries of its pages, within the limit.
        let strings = try ParquetFileReader(path: path)
        let leaf = strings.schema.leaves[0]
        let dictionary = try #require(try strings.data.withUnsafeBytes { raw in
            try ParquetColumnReader(path: path, rowGroup: 0, leaf: leaf, verifyChecksums: true).dictionary(file: raw, chunk: strings.metadata.rowGroups[0].columns[0])
        })
        #expect(dictionary.count >= 8 && dictionary.count < 40)
        #expect(dictionary.withBytes { offsets, _, _ in Int(offsets[dictionary.count] - offsets[0]) } + 4 * dictionary.count <= 512)

        let expected = try canonicalRows(frame)
        let output = try runPython(Self.fallbackScript, [path])
        let parts = output.components(separatedBy: "--duckdb\n")
        #expect(parts.count == 2)
        guard parts.count == 2 else { return }
        let arrowLines = parts[0].split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        #expect(String(arrowLines[0]) == "PLAIN,RLE,RLE_DICTIONARY;PLAIN,RLE,RLE_DICTIONARY;PLAIN,RLE,RLE_DICTIONARY")
        #expect(String(arrowLines[1]) == expected)
        #expect(parts[1] == expected)
        #expect(try canonicalRows(session.read.parquet(path)) == expected)
    }
}
