@testable import DataFlowIO
import FuzzSupport

/// The Thrift compact decoder on its own, as Parquet uses it: the bytes as a footer's
/// `FileMetaData` (then its schema), and as a page header.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    return fuzzOne {
        defer {
            var reader = ThriftCompactReader(bytes, path: "fuzz", baseOffset: 0)
            _ = try? PageHeader(from: &reader)
        }
        var reader = ThriftCompactReader(bytes, path: "fuzz", baseOffset: 0)
        let metadata = try FileMetaData(from: &reader)
        _ = try ParquetSchema(metadata.schema, path: "fuzz")
    }
}

fuzzMain(fuzzInput)
