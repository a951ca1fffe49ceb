import DataFlowIO
import FuzzSupport

/// The Arrow IPC stream reader: message framing, flatbuffers, buffers and ZSTD bodies.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    return fuzzOne { _ = try ArrowIPC.readStream(bytes) }
}

fuzzMain(fuzzInput)
