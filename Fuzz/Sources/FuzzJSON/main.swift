import DataFlow
import DataFlowIO
import FuzzSupport

/// The JSON lines reader: the first byte's low bit picks a schema over inference, the rest is the file.
private enum Input {
    static let file = FuzzFile(suffix: ".jsonl")
    static let schema = Schema([Field("id", .int64), Field("amount", .float64), Field("day", .date), Field("at", .timestamp),
                                Field("note", .string), Field("flag", .boolean), Field("raw", .binary)])
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    Input.file.write(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    var options = JSONOptions()
    if data[0] & 1 != 0 { options.schema = Input.schema }
    return fuzzOne { _ = try fuzzSession.read.jsonl(Input.file.path, options: options).collectBatches() }
}

fuzzMain(fuzzInput)
