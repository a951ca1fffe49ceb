/// The digest of every non-null value of a string or binary column as lower-case hexadecimal text;
/// null stays null. `digest(row, bytes, output)` writes the raw digest of row `row` to `output`
/// (room for `maxDigestByteCount` bytes) and returns its length, or nil to make the row null.
/// One scratch buffer serves every row; no `String` is created.
/// - Complexity: O(total bytes + rows × digest length).
@inline(__always)
func hexDigests(_ column: Column, maxDigestByteCount: Int,
                _ digest: (Int, UnsafeRawBufferPointer, UnsafeMutableRawPointer) -> Int?) -> Column {
    var builder = ColumnBuilder(type: .string, capacity: column.count)
    var scratch = [UInt8](repeating: 0, count: 3 * maxDigestByteCount)
    scratch.withUnsafeMutableBytes { scratch in
        guard let raw = scratch.baseAddress else { return }
        let text = raw + maxDigestByteCount
        column.withBytes { offsets, data, validity in
            for i in 0..<column.count {
                guard validity[i], let length = digest(i, UnsafeRawBufferPointer(stringBytes(offsets, data, i)), raw) else {
                    builder.appendNull()
                    continue
                }
                writeLowerHex(UnsafeRawBufferPointer(start: raw, count: length), to: text)
                builder.appendBytes(UnsafeRawBufferPointer(start: text, count: 2 * length))
            }
        }
    }
    return builder.finish()
}

/// `hexDigests` with one Merkle–Damgård hasher for every row.
@inline(__always)
func hexDigests<State: MerkleDamgardState>(_ column: Column, _ hasher: inout MerkleDamgardHasher<State>) -> Column {
    let length = hasher.digestByteCount
    return hexDigests(column, maxDigestByteCount: length) { _, bytes, output in
        hasher.digest(bytes, into: output)
        return length
    }
}

/// Writes the `2 × bytes.count` lower-case hexadecimal digits of `bytes` to `output`.
@inline(__always)
func writeLowerHex(_ bytes: UnsafeRawBufferPointer, to output: UnsafeMutableRawPointer) {
    for (k, byte) in bytes.enumerated() {
        output.storeBytes(of: lowerHexDigit(byte &>> 4), toByteOffset: 2 &* k, as: UInt8.self)
        output.storeBytes(of: lowerHexDigit(byte & 0x0F), toByteOffset: 2 &* k &+ 1, as: UInt8.self)
    }
}

/// The ASCII lower-case hexadecimal digit of `nibble` (0...15).
@inline(__always)
func lowerHexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
}
