import DataFlow
import DataFlowIO
import FuzzSupport

/// A whole Parquet file: footer, page headers, every encoding and codec, checksums.
private enum Input {
    static let file = FuzzFile(suffix: ".parquet")
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    Input.file.write(UnsafeRawBufferPointer(start: data, count: size))
    return fuzzOne { _ = try fuzzSession.read.parquet(Input.file.path).collectBatches() }
}

fuzzMain(fuzzInput)
