import Crypto
import Foundation

/// AWS Signature Version 4 for S3 requests: the canonical request (method, URI-encoded path,
/// sorted query, the signed headers, the payload's SHA-256), the string to sign for the day's
/// scope, and the signature with the key derived from the secret, date, region and service.
struct S3Signer: Sendable {
    let credentials: S3Credentials
    let region: String

    /// The SHA-256 of an empty payload.
    static let emptyPayloadHash = hex(SHA256.hash(data: Data()))

    /// The headers to send with a request: `headers` plus `host`, `x-amz-date`,
    /// `x-amz-content-sha256`, the session token when there is one, and `authorization`.
    /// - Parameters:
    ///   - path: the URI path as sent, already encoded (`/bucket/key%3D1`).
    ///   - query: the query parameters, unencoded.
    ///   - payloadHash: the hex SHA-256 of the body.
    func signedHeaders(method: String, host: String, path: String, query: [(String, String)], headers: [(String, String)],
                       payloadHash: String, date: Date) -> [(String, String)] {
        let (stamp, day) = Self.timestamps(date)
        var all = headers.map { ($0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)) }
        all += [("host", host), ("x-amz-content-sha256", payloadHash), ("x-amz-date", stamp)]
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        all.sort { $0.0 < $1.0 }
        let signedNames = all.map(\.0).joined(separator: ";")
        let canonicalRequest = [method, path, Self.canonicalQuery(query),
                                all.map { "\($0.0):\($0.1)\n" }.joined(), signedNames, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/s3/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(stamp)\n\(scope)\n\(Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))))"
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, "s3", "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope),SignedHeaders=\(signedNames),Signature=\(signature)"
        return all + [("authorization", authorization)]
    }

    /// The query as signed: each name and value URI-encoded (`/` too), sorted by name then value.
    static func canonicalQuery(_ query: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.0, keepSlash: false), uriEncode($0.1, keepSlash: false)) }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// `text` with every byte but the unreserved ones (letters, digits, `-._~`, and `/` when kept)
    /// percent-encoded in upper-case hex, as SigV4 and S3's paths want.
    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// The bytes SigV4 leaves unencoded.
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Lower-case hex of a digest or code.
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// `x-amz-date`'s `20130524T000000Z` and the scope's day `20130524`, in UTC.
    static func timestamps(_ date: Date) -> (stamp: String, day: String) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let day = String(format: "%04d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
        return (day + String(format: "T%02d%02d%02dZ", parts.tm_hour, parts.tm_min, parts.tm_sec), day)
    }
}
