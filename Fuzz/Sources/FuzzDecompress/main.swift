import DataFlowIO
import FuzzSupport

/// Page decompression as Parquet drives it: the first byte picks the codec (snappy, gzip, zstd,
/// none), the next four are the declared uncompressed size (little-endian, any value up to
/// 2^31-1, as a page header may say), the rest is the compressed page.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 5 else { return 0 }
    let codecs: [CompressionCodec] = [.snappy, .gzip, .zstd, .uncompressed]
    let codec = codecs[Int(data[0]) % codecs.count]
    let declared = Int((UInt32(data[1]) | UInt32(data[2]) << 8 | UInt32(data[3]) << 16 | UInt32(data[4]) << 24) & 0x7FFF_FFFF)
    let input = [UInt8](UnsafeBufferPointer(start: data + 5, count: size - 5))
    return fuzzOne { _ = try codec.decompress(input, uncompressedSize: declared) }
}

fuzzMain(fuzzInput)
