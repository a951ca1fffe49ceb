import DataFlow
import DataFlowIO
import Foundation
import TestSupport
import Testing

@Suite("Parquet metadata columns")
struct ParquetMetadataColumnTests {
    @Test("file name and row position columns follow each file's rows across row groups and split tasks")
    func fileNameAndRowIndex() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(parallelism: 3)
        var write = ParquetWriteOptions()
        write.rowGroupSize = 4_096
        let values = try session.range(0, 30_000, partitions: 2).withColumn("v", col("id") * 2)
        let summary = try values.write.parquet(root + "/data", options: write)
        #expect(summary.files.count == 2)

        var options = ParquetReadOptions()
        options.fileNameColumn = "file"
        options.rowIndexColumn = "row"
        options.splitSize = 16 << 10
        let read = try session.read.parquet(root + "/data", options: options)
        #expect(read.columns == ["id", "v", "file", "row"])
        let rows = try read.select("file", "row", "id").collect()
        #expect(rows.count == 30_000)
        for file in summary.files.map({ root + "/data/" + $0 }) {
            let inFile = rows.filter { $0[0] == .string(file) }.sorted { ($0[1].integerValue ?? 0) < ($1[1].integerValue ?? 0) }
            let expected = try session.read.parquet(file).select("id").collect().map { $0[0] }
            #expect(inFile.map { $0[1].integerValue ?? -1 } == Array(0..<expected.count))
            #expect(inFile.map { $0[2] } == expected)
        }
        options.rowIndexColumn = "v"
        #expect { try session.read.parquet(root + "/data", options: options) } throws: { "\($0)".contains("metadata column 'v'") }
    }
}
