import Foundation

/// RFC 4122 §4.3 name-based UUIDs, version 5: the SHA-1 digest of the 16 namespace bytes followed by
/// the name's bytes, truncated to 16 bytes, with the version (5) and the RFC 4122 variant bits set.
/// Python's `uuid.uuid5(namespace, name)` computes the same.
package struct NameBasedUUID: Sendable {
    /// RFC 4122 Appendix C's namespace for URLs, the default.
    package static let urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"

    /// The 16 bytes of the namespace UUID, in network order.
    package let namespace: [UInt8]

    /// The generator for the namespace written as 8-4-4-4-12 hexadecimal digits (either case); nil
    /// when `text` is not a UUID.
    package init?(namespace text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        namespace = withUnsafeBytes(of: uuid.uuid) { Array($0) }
    }

    /// The UUID of each non-null value of a string or binary column, as lower-case 8-4-4-4-12 text;
    /// null stays null. One hasher and one scratch buffer serve every row.
    /// - Complexity: O(total bytes + rows).
    func uuidStrings(_ column: Column) -> Column {
        var hasher = SHA1(SHA1State())
        var builder = ColumnBuilder(type: .string, capacity: column.count)
        var scratch = [UInt8](repeating: 0, count: hasher.digestByteCount + 36)
        namespace.withUnsafeBytes { namespace in
            scratch.withUnsafeMutableBytes { scratch in
                guard let digest = scratch.baseAddress else { return }
                let text = digest + hasher.digestByteCount
                column.withBytes { offsets, data, validity in
                    for i in 0..<column.count {
                        guard validity[i] else { builder.appendNull(); continue }
                        hasher.reset()
                        hasher.update(namespace)
                        hasher.update(UnsafeRawBufferPointer(stringBytes(offsets, data, i)))
                        hasher.finish(into: digest)
                        Self.writeUUIDText(digest, to: text)
                        builder.appendBytes(UnsafeRawBufferPointer(start: text, count: 36))
                    }
                }
            }
        }
        return builder.finish()
    }

    /// Sets the version and variant bits of the first 16 bytes at `digest` and writes them as
    /// 36 characters of 8-4-4-4-12 lower-case hexadecimal text to `text`.
    @inline(__always)
    private static func writeUUIDText(_ digest: UnsafeMutableRawPointer, to text: UnsafeMutableRawPointer) {
        let bytes = digest.assumingMemoryBound(to: UInt8.self)
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        var position = 0
        for k in 0..<16 {
            if k == 4 || k == 6 || k == 8 || k == 10 {
                text.storeBytes(of: UInt8(ascii: "-"), toByteOffset: position, as: UInt8.self)
                position += 1
            }
            text.storeBytes(of: lowerHexDigit(bytes[k] &>> 4), toByteOffset: position, as: UInt8.self)
            text.storeBytes(of: lowerHexDigit(bytes[k] & 0x0F), toByteOffset: position + 1, as: UInt8.self)
            position += 2
        }
    }
}
