import CZlib

/// The CRC-32 of `bytes` (the ISO-HDLC polynomial of zlib, gzip and Parquet's page checksums).
func crc32Checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
    return UInt32(truncatingIfNeeded: crc32_z(0, base.assumingMemoryBound(to: Bytef.self), bytes.count))
}
