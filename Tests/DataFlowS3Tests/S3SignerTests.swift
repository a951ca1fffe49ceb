@testable import DataFlowS3
import Foundation
import Testing

/// Signature V4 against AWS's published example, and the encodings it depends on.
@Suite("S3 Signature V4")
struct S3SignerTests {
    @Test("AWS's example GET of a byte range signs to AWS's signature")
    func awsExample() throws {
        let signer = S3Signer(credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                              region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z
        let headers = signer.signedHeaders(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: [],
                                           headers: [("Range", "bytes=0-9")], payloadHash: S3Signer.emptyPayloadHash, date: date)
        let authorization = try #require(headers.first { $0.0 == "authorization" }?.1)
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers.contains { $0 == ("x-amz-date", "20130524T000000Z") })
        #expect(S3Signer.emptyPayloadHash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("paths keep their slashes and encode the rest; queries sort and encode everything")
    func encoding() {
        #expect(S3Signer.uriEncode("year=2025/a b/ü~.txt", keepSlash: true) == "year%3D2025/a%20b/%C3%BC~.txt")
        #expect(S3Signer.canonicalQuery([("prefix", "a/b c"), ("list-type", "2"), ("continuation-token", "x+y=")])
            == "continuation-token=x%2By%3D&list-type=2&prefix=a%2Fb%20c")
        #expect(S3Signer.canonicalQuery([("uploads", "")]) == "uploads=")
    }

    @Test("a session token is signed; credentials never show their secret")
    func sessionToken() throws {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "very-secret", sessionToken: "token-value")
        let headers = S3Signer(credentials: credentials, region: "eu-west-1")
            .signedHeaders(method: "PUT", host: "h", path: "/b/k", query: [], headers: [], payloadHash: S3Signer.emptyPayloadHash, date: Date())
        #expect(headers.contains { $0 == ("x-amz-security-token", "token-value") })
        #expect(try #require(headers.first { $0.0 == "authorization" }?.1).contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
        #expect(!"\(credentials)".contains("very-secret") && !"\(credentials)".contains("token-value"))
    }
}
