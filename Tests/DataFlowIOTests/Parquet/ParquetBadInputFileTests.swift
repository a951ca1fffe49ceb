import DataFlow
import DataFlowIO
import Foundation
import Testing

/// The files that showed the fuzzing findings (Tests/Fixtures/bad-input/parquet/, made by the
/// mutations of `ParquetHostileMetadataTests` and kept), each read to its exact error.
@Suite("Parquet bad-input files")
struct ParquetBadInputFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/bad-input/parquet").path

    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let location: ErrorLocation
        let message: String
        var description: String { file }
    }

    static let cases = [
        Case(file: "no-row-groups.parquet", location: ErrorLocation(),
             message: "the footer says the file has 1200 rows but its 0 row groups hold 0"),
        Case(file: "far-offset.parquet", location: ErrorLocation(rowGroup: 1, column: "name"),
             message: "column chunk at byte 9223372036854775807 of 2136 bytes lies outside the file's data (bytes 4 to 12756)"),
        Case(file: "overlap.parquet", location: ErrorLocation(rowGroup: 2, column: "id"),
             message: "column chunk at bytes 5..<2125 overlaps column 'id' of row group 0 at bytes 4..<2119"),
        Case(file: "overflow.parquet", location: ErrorLocation(rowGroup: 1),
             message: "row counts overflow: the row groups up to this one hold more than 9223372036854775807 rows"),
        Case(file: "flipped-zstd.parquet", location: ErrorLocation(rowGroup: 1, column: "id", byteOffset: 968),
             message: "page checksum mismatch: the header records CRC-32 0x0a4919e5 but the page's bytes give 0x2832a29d "
                 + "(the file is corrupt; ParquetReadOptions.verifyChecksums = false reads it anyway)"),
        Case(file: "hostile-size-zstd.parquet", location: ErrorLocation(rowGroup: 0, column: "id", byteOffset: 4),
             message: "page does not decompress: zstd data is corrupt: the frame holds 40000 bytes, 2147483647 declared"),
    ]

    @Test("each file's read ends in its exact parse error", arguments: cases)
    func exactError(_ expected: Case) throws {
        let path = Self.directory + "/" + expected.file
        let error = #expect(throws: DataFlowError.self) { try Session(parallelism: 2).read.parquet(path).collect() }
        var location = expected.location
        location.path = path
        #expect(error?.category == .parse)
        #expect(error?.location == location)
        #expect(error?.message == expected.message)
    }
}
