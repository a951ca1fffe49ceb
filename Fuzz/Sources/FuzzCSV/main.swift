import DataFlow
import DataFlowIO
import FuzzSupport

/// The CSV tokenizer and parsers: the first byte picks the dialect (RFC 4180 with a header and
/// inferred types, RFC 4180 with a schema, the Redshift UNLOAD dialect with a schema, TSV; with the
/// high bit, malformed records are dropped instead of kept as nulls), the rest is the file.
private enum Input {
    static let file = FuzzFile(suffix: ".csv")
    static let schema = Schema([Field("id", .int64), Field("amount", .decimal(precision: 12, scale: 2)), Field("day", .date),
                                Field("at", .timestamp), Field("note", .string), Field("flag", .boolean)])

    static func options(_ selector: UInt8) -> CSVOptions {
        var options: CSVOptions
        switch selector % 4 {
        case 0: options = .rfc4180; options.inferSchema = true
        case 1: options = .rfc4180; options.schema = schema
        case 2: options = .redshiftUnload; options.schema = schema
        default: options = .tsv
        }
        if selector & 0x80 != 0 { options.mode = .dropMalformed }
        return options
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    Input.file.write(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    let options = Input.options(data[0])
    return fuzzOne { _ = try fuzzSession.read.csv(Input.file.path, options: options).collectBatches() }
}

fuzzMain(fuzzInput)
