import DataFlow
@testable import DataFlowIO
import Foundation
import Testing

/// The Parquet findings of fuzzing the CLI's readers, each reproduced by the same mutation of a
/// valid file: footers that contradict themselves, flipped bits in checksummed pages, and sizes
/// that ask for far more memory than the file holds. Each must be an error naming where, never a
/// silently wrong answer, a trap or a huge allocation.
@Suite("Parquet hostile metadata, checksums and sizes")
struct ParquetHostileMetadataTests {
    /// A file of `rows` rows of (id BIGINT, name STRING) in row groups of `rowGroupRows` rows.
    private func writeFile(_ dir: String, rows: Int = 1_200, rowGroupRows: Int = 400, codec: CompressionCodec = .snappy,
                           dictionary: Bool = true, checksums: Bool = true) throws -> String {
        // Every batch of `rowGroupRows` rows closes a row group.
        let session = Session(parallelism: 1, batchSize: rowGroupRows)
        let frame = try session.range(0, Int64(rows)).withColumn("name", Expr.concat(lit("n-"), col("id").cast(.string)))
        var options = ParquetWriteOptions(compression: codec)
        options.rowGroupSize = 1
        options.dictionary = dictionary
        options.pageChecksums = checksums
        try frame.coalesce(1).write.parquet(dir + "/base", options: options)
        return try parquetFiles(dir + "/base")[0]
    }

    /// The file's bytes and its decoded footer, and where the footer starts.
    private func open(_ path: String) throws -> (bytes: [UInt8], footer: FileMetaData, footerStart: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let footer = try bytes.withUnsafeBytes { try ParquetFooter(file: $0, path: path) }
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16 | Int(bytes[bytes.count - 5]) << 24
        return (bytes, footer.metadata, bytes.count - 8 - length)
    }

    /// Writes `data` followed by `footer`, its length and the magic to `path`.
    private func write(_ path: String, data: ArraySlice<UInt8>, footer: FileMetaData) throws {
        let encoded = footer.encoded()
        var file = Array(data) + encoded
        withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { file += $0 }
        file += Array("PAR1".utf8)
        try Data(file).write(to: URL(fileURLWithPath: path))
    }

    /// The header of the first page of `chunk` and its encoded length.
    private func firstPageHeader(_ bytes: [UInt8], _ chunk: ColumnMetaData, path: String) throws -> (header: PageHeader, length: Int) {
        try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: raw[Int(chunk.chunkStart)...]), path: path, baseOffset: 0)
            return (try PageHeader(from: &reader), reader.position)
        }
    }

    private func read(_ path: String, verifyChecksums: Bool = true) throws -> [Row] {
        var options = ParquetReadOptions()
        options.verifyChecksums = verifyChecksums
        return try Session(parallelism: 2).read.parquet(path, options: options).collect()
    }

    @Test("a footer claiming 1200 rows with zero row groups is an error, not an empty result")
    func rowsWithoutRowGroups() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (bytes, footer, start) = try open(try writeFile(dir))
        var hollow = footer
        hollow.rowGroups = []
        let bad = dir + "/no-row-groups.parquet"
        try write(bad, data: bytes[..<start], footer: hollow)
        let error = #expect(throws: DataFlowError.self) { try read(bad) }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == bad)
        #expect(error?.message == "the footer says the file has 1200 rows but its 0 row groups hold 0")
    }

    @Test("a column chunk whose data_page_offset is 2^63-1 is an error naming its row group and column, not a skipped row group")
    func offsetOutsideTheFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try writeFile(dir)
        let (bytes, footer, start) = try open(path)
        #expect(footer.rowGroups.count == 3)
        #expect(try read(path).count == 1_200)
        var moved = footer
        moved.rowGroups[1].columns[1].metadata?.dataPageOffset = Int64.max
        moved.rowGroups[1].columns[1].metadata?.dictionaryPageOffset = nil
        let bad = dir + "/far-offset.parquet"
        try write(bad, data: bytes[..<start], footer: moved)
        let error = #expect(throws: DataFlowError.self) { try read(bad) }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == bad)
        #expect(error?.location?.rowGroup == 1)
        #expect(error?.location?.column == "name")
        #expect(error?.message.contains("lies outside the file's data") == true)
    }

    @Test("overlapping column chunks and row counts that overflow are errors")
    func contradictoryLayout() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (bytes, footer, start) = try open(try writeFile(dir))
        var overlapping = footer
        let first = footer.rowGroups[0].columns[0].metadata!
        overlapping.rowGroups[2].columns[0].metadata?.dataPageOffset = first.chunkStart + 1
        overlapping.rowGroups[2].columns[0].metadata?.dictionaryPageOffset = nil
        let bad = dir + "/overlap.parquet"
        try write(bad, data: bytes[..<start], footer: overlapping)
        let error = #expect(throws: DataFlowError.self) { try read(bad) }
        #expect(error?.location?.path == bad)
        #expect(error?.message.contains("overlaps column 'id' of row group 0") == true)

        var overflowing = footer
        overflowing.rowGroups[1].rowCount = Int64.max
        let huge = dir + "/overflow.parquet"
        try write(huge, data: bytes[..<start], footer: overflowing)
        let overflow = #expect(throws: DataFlowError.self) { try read(huge) }
        #expect(overflow?.category == .parse)
        #expect(overflow?.location?.rowGroup == 1)
        #expect(overflow?.message.contains("overflow") == true)
    }

    @Test("a flipped bit in a page that carries a CRC is a checksum error unless verification is off",
          arguments: [CompressionCodec.uncompressed, .snappy, .gzip, .zstd])
    func flippedBit(codec: CompressionCodec) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try writeFile(dir, codec: codec, dictionary: false)
        var (bytes, footer, _) = try open(path)
        let chunk = footer.rowGroups[1].columns[0].metadata!
        // The page header of the chunk's first page, then one bit in the middle of its body.
        let header = try firstPageHeader(bytes, chunk, path: path)
        #expect(header.0.crc != nil)
        let target = Int(chunk.chunkStart) + header.1 + Int(header.0.compressedSize) / 2
        bytes[target] ^= 0x10
        let bad = dir + "/flipped.parquet"
        try Data(bytes).write(to: URL(fileURLWithPath: bad))
        let error = #expect(throws: DataFlowError.self) { try read(bad) }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == bad)
        #expect(error?.location?.rowGroup == 1)
        #expect(error?.location?.column == "id")
        #expect(error?.location?.byteOffset == Int(chunk.chunkStart))
        #expect(error?.message.hasPrefix("page checksum mismatch") == true)
        // Without verification the page is decoded as it is: different values, or another error.
        do {
            let rows = try read(bad, verifyChecksums: false)
            #expect(rows.count == 1_200)
            #expect(rows.map { $0.values[0] } != (0..<1_200).map { Scalar.int64(Int64($0)) })
        } catch let other as DataFlowError {
            #expect(!other.message.hasPrefix("page checksum mismatch"))
        }
    }

    @Test("pyarrow verifies the checksums DataFlow writes, and DataFlow rejects a flipped bit in pyarrow's")
    func checksumsInterop() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ours = try writeFile(dir, codec: .zstd)
        let theirs = dir + "/pyarrow.parquet", flipped = dir + "/pyarrow-flipped.parquet"
        let output = try runPython("""
        import sys, pyarrow as pa, pyarrow.parquet as pq
        ours, theirs, flipped = sys.argv[1:4]
        table = pq.read_table(ours, page_checksum_verification=True)
        print(table.num_rows, sum(table.column("id").to_pylist()))
        pq.write_table(pa.table({"v": list(range(5000))}), theirs, write_page_checksum=True, compression="snappy",
                       use_dictionary=False)
        data = bytearray(open(theirs, "rb").read())
        data[len(data) // 3] ^= 0x01
        open(flipped, "wb").write(bytes(data))
        """, [ours, theirs, flipped])
        #expect(output == "1200 719400\n")
        #expect(try read(theirs).count == 5_000)
        let error = #expect(throws: DataFlowError.self) { try read(flipped) }
        #expect(error?.message.hasPrefix("page checksum mismatch") == true)
    }

    @Test("a page header declaring 2^31-1 uncompressed bytes fails before allocating them", arguments: [CompressionCodec.snappy, .gzip, .zstd])
    func hostileUncompressedSize(codec: CompressionCodec) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try writeFile(dir, rows: 5_000, rowGroupRows: 100_000, codec: codec, dictionary: false, checksums: false)
        let (bytes, footer, start) = try open(path)
        #expect(footer.rowGroups.count == 1)
        // Re-encode the first page's header of column `id` with the hostile size, shifting the rest.
        let chunk = footer.rowGroups[0].columns[0].metadata!
        let at = Int(chunk.chunkStart)
        var (header, length) = try firstPageHeader(bytes, chunk, path: path)
        header.uncompressedSize = Int32.max
        let encoded = header.encoded()
        let shift = encoded.count - length
        var hostile = footer
        hostile.rowGroups[0].columns[0].metadata?.totalCompressedSize += Int64(shift)
        hostile.rowGroups[0].columns[1].metadata?.dataPageOffset += Int64(shift)
        if let dictionary = footer.rowGroups[0].columns[1].metadata?.dictionaryPageOffset {
            hostile.rowGroups[0].columns[1].metadata?.dictionaryPageOffset = dictionary + Int64(shift)
        }
        let bad = dir + "/hostile-size.parquet"
        try write(bad, data: bytes[..<at] + encoded + bytes[(at + length)..<start], footer: hostile)
        let error = #expect(throws: DataFlowError.self) { try read(bad) }
        #expect(error?.category == .parse)
        #expect(error?.location?.path == bad)
        #expect(error?.location?.column == "id")
        #expect(error?.message.contains("2147483647") == true)
    }
}
