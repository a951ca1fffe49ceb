import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

@Suite("Parquet row groups skipped by the dictionaries of string columns")
struct ParquetDictionaryFilterTests {
    /// Three row groups of 100 rows: `s` alternates a/c, then b/d, then a/c (with nulls), so min/max
    /// cannot exclude "b" from the first and last; `fallback` is one row group whose `s` dictionary
    /// outgrows its page limit, so later pages are PLAIN and hold values ("b") the dictionary lacks.
    static let script = """
import sys, pyarrow as pa, pyarrow.parquet as pq
d = sys.argv[1]
s = [['a', 'c'][i % 2] for i in range(100)] + [['b', 'd'][i % 2] for i in range(100)] + [None if i % 10 == 0 else ['a', 'c'][i % 2] for i in range(100)]
pq.write_table(pa.table({'id': pa.array(range(300), pa.int64()), 's': s}), d + '/groups.parquet', row_group_size=100)
f = [['a', 'c'][i % 2] for i in range(2000)] + [f'unique-value-{i:06d}' for i in range(3000)] + ['b']
pq.write_table(pa.table({'s': f}), d + '/fallback.parquet', dictionary_pagesize_limit=256, data_page_size=512, write_batch_size=100)
md = pq.ParquetFile(d + '/fallback.parquet').metadata.row_group(0).column(0)
print(md.has_dictionary_page, sorted(md.encodings))
"""

    private static func files() throws -> (dir: String, output: String) {
        let dir = try temporaryDirectory()
        return (dir, try runPython(script, [dir]))
    }

    /// The row count and the row groups (in the byte ranges, read, skipped by statistics, skipped
    /// by dictionary) of a scan of `path` with pushed `filters`.
    private func scan(_ path: String, _ filters: PushedFilter...) throws -> (rows: Int, counts: [Int]) {
        let source = try ParquetSource(dataset: Dataset.discover([path], extensions: ["parquet"]), options: ParquetReadOptions())
        let metrics = ScanMetrics()
        let rows = try scanRowCount(source, ScanRequest(filters: filters), session: Session(parallelism: 2), metrics: metrics)
        return (rows, Self.rowGroups(metrics.counts))
    }

    /// Row groups in the byte ranges, read, skipped by statistics, skipped by dictionary.
    private static func rowGroups(_ counts: ScanCounts) -> [Int] {
        [counts.rowGroups, counts.rowGroupsRead, counts.rowGroupsSkippedByStatistics, counts.rowGroupsSkippedByDictionary]
    }

    @Test("a row group whose statistics allow a value but whose dictionary lacks it is skipped (pyarrow file)")
    func pyarrowGroups() throws {
        let (dir, _) = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/groups.parquet"
        // (filter, row groups read, skipped by statistics, skipped by dictionary, rows in the groups read)
        let cases: [(PushedFilter, Int, Int, Int, Int)] = [
            (.compare(column: "s", op: .equal, value: .string("b")), 1, 0, 2, 100),
            (.inList(column: "s", values: [.string("b"), .string("x")]), 1, 0, 2, 100),
            (.compare(column: "s", op: .equal, value: .string("c")), 2, 0, 1, 200),
            (.compare(column: "s", op: .less, value: .string("b")), 2, 1, 0, 200),
            (.compare(column: "s", op: .greater, value: .string("c")), 1, 2, 0, 100),
            (.compare(column: "s", op: .equal, value: .string("bb")), 0, 0, 3, 0),
            (.compare(column: "s", op: .notEqual, value: .string("a")), 3, 0, 0, 300),
            (.isNull(column: "s"), 1, 2, 0, 100),
        ]
        for (filter, read, byStatistics, byDictionary, rows) in cases {
            let (scanned, counts) = try scan(path, filter)
            #expect(counts == [3, read, byStatistics, byDictionary],
                    "\(filter)")
            #expect(scanned == rows, "\(filter)")
        }
        // Filters on one column are decided together: no entry of {a, c} is both >= "b" and <= "b".
        let (between, counts) = try scan(path, .compare(column: "s", op: .greaterOrEqual, value: .string("b")),
                                         .compare(column: "s", op: .lessOrEqual, value: .string("b")))
        #expect(counts == [3, 1, 0, 2])
        #expect(between == 100)
        // Through the DataFrame API: the same rows as without pushdown, and explain counts the skips.
        let frame = try Session(parallelism: 2).read.parquet(path)
        let b = try frame.filter(col("s") == "b")
        #expect(try b.count() == 50)
        #expect(try b.orderBy(col("id")).select("id").limit(2).collect().map(\.values) == [[.int64(100)], [.int64(102)]])
        #expect(try b.explain(.analyze).contains("row groups=1 of 3 read, 0 skipped by statistics, 2 by dictionary"))
        #expect(try frame.filter(col("s").isin("c", "x")).count() == 100)
    }

    @Test("a chunk whose writer fell back to PLAIN pages is not filtered by its dictionary")
    func pyarrowFallback() throws {
        let (dir, output) = try Self.files()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(output == "True ['PLAIN', 'RLE', 'RLE_DICTIONARY']\n")
        let path = dir + "/fallback.parquet"
        let chunk = try #require(try ParquetFileReader(path: path).metadata.rowGroups[0].columns[0].metadata)
        #expect(chunk.encodingStats?.contains { $0.isDataPage && $0.encoding == .plain && $0.count > 0 } == true)
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk))
        let (rows, counts) = try scan(path, .compare(column: "s", op: .equal, value: .string("b")))
        #expect(counts == [1, 1, 0, 0])
        #expect(rows == 5001)
        #expect(try Session(parallelism: 2).read.parquet(path).filter(col("s") == "b").count() == 1)
    }

    @Test("DataFlow's files: a fully dictionary-encoded chunk is filtered by its dictionary, a chunk that fell back is not")
    func dataFlowFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(parallelism: 1)
        let schema = try Schema(ddl: "g INT, s STRING")
        // Row group 0: s in {a, c}; row group 1: {b, d}; row group 2: {a, c} then unique values and a "b" on PLAIN pages.
        var rows: [[Scalar]] = (0..<200).map { [.int32(Int32($0 / 100)), .string($0 < 100 ? ["a", "c"][$0 % 2] : ["b", "d"][$0 % 2])] }
        rows += (0..<100).map { [.int32(2), .string(["a", "c"][$0 % 2])] }
        rows += (0..<300).map { [.int32(2), .string("unique-value-\($0)")] } + [[.int32(2), .string("b")]]
        var options = ParquetWriteOptions()
        options.pageSize = 256
        options.dictionaryPageSizeLimit = 128
        try session.createDataFrame(rows: rows, schema: schema).write.partitionBy("g").parquet(dir + "/out", options: options)
        let files = try Dataset.discover([dir + "/out"], extensions: ["parquet"]).files.map(\.path)
        #expect(files.count == 3)
        let dictionaryEncoded = try files.map { path in
            ParquetDictionaryFilter.isFullyDictionaryEncoded(try #require(try ParquetFileReader(path: path).metadata.rowGroups[0].columns[0].metadata))
        }
        #expect(dictionaryEncoded == [true, true, false])
        let source = try ParquetSource(dataset: Dataset.discover([dir + "/out"], extensions: ["parquet"]), options: ParquetReadOptions())
        let equalsB = PushedFilter.compare(column: "s", op: .equal, value: .string("b"))
        let metrics = ScanMetrics()
        #expect(try scanRowCount(source, ScanRequest(filters: [equalsB]), session: session, metrics: metrics) == 100 + 401)
        #expect(Self.rowGroups(metrics.counts) == [3, 2, 0, 1])
        #expect(try session.read.parquet(dir + "/out").filter(col("s") == "b").count() == 51)
    }

    @Test("without page encoding stats only PLAIN_DICTIONARY chunks count as fully dictionary-encoded, as in parquet-mr")
    func encodingsWithoutStats() throws {
        func chunk(_ encodings: [ParquetEncoding], stats: [ParquetPageEncodingStats]? = nil) -> ColumnMetaData {
            ColumnMetaData(type: .byteArray, encodings: encodings, path: ["s"], codec: .uncompressed, valueCount: 1, totalUncompressedSize: 0,
                           totalCompressedSize: 0, dataPageOffset: 4, dictionaryPageOffset: nil, statistics: nil, encodingStats: stats)
        }
        #expect(ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plainDictionary, .rle, .bitPacked])))
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plainDictionary, .plain, .rle])))
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plain, .rle, .rleDictionary])))
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plain, .rle])))
        let dictionaryPage = ParquetPageEncodingStats(pageType: ParquetPageType.dictionaryPage.rawValue, encoding: .plain, count: 1)
        let dictionaryData = ParquetPageEncodingStats(pageType: ParquetPageType.dataPageV2.rawValue, encoding: .rleDictionary, count: 4)
        let plainData = ParquetPageEncodingStats(pageType: ParquetPageType.dataPage.rawValue, encoding: .plain, count: 1)
        #expect(ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plain, .rle, .rleDictionary], stats: [dictionaryPage, dictionaryData])))
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plain, .rle, .rleDictionary], stats: [dictionaryPage, dictionaryData, plainData])))
        #expect(!ParquetDictionaryFilter.isFullyDictionaryEncoded(chunk([.plain, .rle], stats: [dictionaryPage])))
        // Only string and binary columns, only comparisons and IN lists.
        let leaf = ParquetLeaf(path: ["s"], chunkIndex: 0, physical: .byteArray, typeLength: 0, maxDefinitionLevel: 1, maxRepetitionLevel: 0,
                               field: Field("s", .string), conversion: .direct, unsupported: nil)
        #expect(ParquetDictionaryFilter(leaf: leaf, filters: [.isNull(column: "s"), .isNotNull(column: "s")]) == nil)
        let atLeastM = try #require(ParquetDictionaryFilter(leaf: leaf, filters: [.compare(column: "s", op: .greaterOrEqual, value: .string("m")), .isNull(column: "s")]))
        #expect(atLeastM.filters.count == 1)
        #expect(!atLeastM.canMatch(dictionary: try Column(offsets: [0, 1, 2], bytes: Array("ak".utf8), type: .string, validity: nil)))
        #expect(atLeastM.canMatch(dictionary: try Column(offsets: [0, 1, 2], bytes: Array("az".utf8), type: .string, validity: nil)))
        let between = try #require(ParquetDictionaryFilter(leaf: leaf, filters: [.compare(column: "s", op: .greaterOrEqual, value: .string("m")),
                                                                                 .inList(column: "s", values: [.string("a"), .string("n")])]))
        #expect(!between.canMatch(dictionary: try Column(offsets: [0, 1, 2], bytes: Array("az".utf8), type: .string, validity: nil)))
        #expect(between.canMatch(dictionary: try Column(offsets: [0, 1, 2], bytes: Array("an".utf8), type: .string, validity: nil)))
        let ints = ParquetLeaf(path: ["i"], chunkIndex: 0, physical: .int32, typeLength: 0, maxDefinitionLevel: 1, maxRepetitionLevel: 0,
                               field: Field("i", .int32), conversion: .direct, unsupported: nil)
        #expect(ParquetDictionaryFilter(leaf: ints, filters: [.compare(column: "i", op: .equal, value: .int32(1))]) == nil)
    }
}
