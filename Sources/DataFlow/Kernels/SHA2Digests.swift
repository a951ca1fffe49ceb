/// The SHA-2 function Spark's `sha2(e, bitLength)` picks for a bit length: 224, 256 (or 0), 384 or
/// 512; any other length has none and gives null.
enum SHA2BitLength: Sendable {
    case sha224, sha256, sha384, sha512

    /// The function for `bitLength`, nil when Spark returns null for it.
    init?(_ bitLength: Int) {
        switch bitLength {
        case 224: self = .sha224
        case 0, 256: self = .sha256
        case 384: self = .sha384
        case 512: self = .sha512
        default: return nil
        }
    }
}

/// The lower-case hexadecimal SHA-2 digest of each value of a string or binary column; null stays
/// null.
func sha2HexDigests(_ column: Column, _ bitLength: SHA2BitLength) -> Column {
    switch bitLength {
    case .sha224, .sha256:
        var hasher = SHA256(SHA256State(truncated: bitLength == .sha224))
        return hexDigests(column, &hasher)
    case .sha384, .sha512:
        var hasher = SHA512(SHA512State(truncated: bitLength == .sha384))
        return hexDigests(column, &hasher)
    }
}

/// The lower-case hexadecimal SHA-2 digest of each value of `column` with the bit length of the
/// same row of `bitLengths` (int32, as many rows); null when either is null or the length has no
/// SHA-2 function.
func sha2HexDigests(_ column: Column, bitLengths: Column) -> Column {
    var sha224 = SHA256(SHA256State(truncated: true)), sha256 = SHA256(SHA256State(truncated: false))
    var sha384 = SHA512(SHA512State(truncated: true)), sha512 = SHA512(SHA512State(truncated: false))
    return bitLengths.withValues(Int32.self) { lengths, lengthValidity in
        hexDigests(column, maxDigestByteCount: 64) { row, bytes, output in
            guard lengthValidity[row], let bitLength = SHA2BitLength(Int(lengths[row])) else { return nil }
            switch bitLength {
            case .sha224: sha224.digest(bytes, into: output); return sha224.digestByteCount
            case .sha256: sha256.digest(bytes, into: output); return sha256.digestByteCount
            case .sha384: sha384.digest(bytes, into: output); return sha384.digestByteCount
            case .sha512: sha512.digest(bytes, into: output); return sha512.digestByteCount
            }
        }
    }
}
