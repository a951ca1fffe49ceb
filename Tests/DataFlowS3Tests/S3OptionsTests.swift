import DataFlow
@testable import DataFlowS3
import Foundation
import Testing
import TestSupport

/// Where options come from when not given: the environment, then the AWS profile files.
@Suite("S3 options")
struct S3OptionsTests {
    @Test("explicit options win, then the environment; a custom endpoint puts the bucket in the path")
    func environment() throws {
        let environment = ["AWS_ACCESS_KEY_ID": "env-key", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_REGION": "eu-central-1",
                           "AWS_ENDPOINT_URL": "http://127.0.0.1:9000", "HOME": "/nonexistent"]
        let fromEnvironment = try S3Options().resolved(environment)
        #expect(fromEnvironment.credentials?.accessKeyID == "env-key" && fromEnvironment.region == "eu-central-1")
        #expect(fromEnvironment.pathStyle && fromEnvironment.hostHeader(bucket: "lake") == "127.0.0.1:9000")
        #expect(fromEnvironment.path(bucket: "lake", key: "dt=1/a.parquet") == "/lake/dt%3D1/a.parquet")
        let explicit = try S3Options(region: "us-west-2", credentials: S3Credentials(accessKeyID: "k", secretAccessKey: "s")).resolved(["HOME": "/nonexistent"])
        #expect(explicit.credentials?.accessKeyID == "k" && explicit.region == "us-west-2" && !explicit.pathStyle)
        #expect(explicit.hostHeader(bucket: "lake") == "lake.s3.us-west-2.amazonaws.com" && explicit.path(bucket: "lake", key: "k") == "/k")
        #expect(try S3Options().resolved(["HOME": "/nonexistent"]).credentials == nil)
        #expect(throws: DataFlowError.self) { try S3Options(endpoint: "ftp://host").resolved([:]) }
    }

    @Test("profiles of ~/.aws/credentials and ~/.aws/config; a named profile that is missing is an error")
    func profiles() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try Data("""
            [default]
            aws_access_key_id = default-key
            aws_secret_access_key = default-secret
            # a comment
            [lake]
            aws_access_key_id=lake-key
            aws_secret_access_key=lake-secret
            aws_session_token=lake-token
            """.utf8).write(to: URL(fileURLWithPath: home + "/.aws/credentials"))
        try Data("""
            [profile lake]
            region = ap-southeast-2
            endpoint_url = https://storage.example.com
            """.utf8).write(to: URL(fileURLWithPath: home + "/.aws/config"))
        let byDefault = try S3Options().resolved(["HOME": home])
        #expect(byDefault.credentials?.accessKeyID == "default-key" && byDefault.region == "us-east-1")
        let lake = try S3Options().resolved(["HOME": home, "AWS_PROFILE": "lake"])
        #expect(lake.credentials?.accessKeyID == "lake-key" && lake.credentials?.sessionToken == "lake-token")
        #expect(lake.region == "ap-southeast-2" && lake.host == "storage.example.com" && lake.scheme == "https" && lake.pathStyle)
        #expect { try S3Options().resolved(["HOME": home, "AWS_PROFILE": "nope"]) } throws: { "\($0)".contains("profile 'nope'") }
    }
}
