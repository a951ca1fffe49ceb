import DataFlow
import Foundation

/// How to reach S3 or an S3-compatible store (MinIO, SeaweedFS, Ceph, Cloudflare R2): the
/// endpoint, region and credentials, each taken from the environment when not given, as the AWS
/// tools take them.
public struct S3Options: Sendable {
    /// The endpoint URL (`http://127.0.0.1:8333`); default `AWS_ENDPOINT_URL_S3`, else
    /// `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`, else AWS's endpoint of the region.
    public var endpoint: String?
    /// The region; default `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`,
    /// else `us-east-1`.
    public var region: String?
    /// The credentials; default as `S3Credentials.fromEnvironment` finds them, else none (requests
    /// go unsigned, for public buckets).
    public var credentials: S3Credentials?
    /// Whether the bucket goes in the path (`endpoint/bucket/key`) rather than the host name
    /// (`bucket.endpoint/key`); default: in the path with a custom endpoint, in the host name on AWS.
    public var pathStyle: Bool?
    /// The most tries of a request that fails with a 5xx status, throttling or a dropped connection.
    public var maxAttempts: Int
    /// The most connections open to one host at once: bounds a query's parallel requests.
    public var maxConnections: Int

    /// Options given explicitly; what is nil comes from the environment.
    public init(endpoint: String? = nil, region: String? = nil, credentials: S3Credentials? = nil, pathStyle: Bool? = nil,
                maxAttempts: Int = 5, maxConnections: Int = 16) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.pathStyle = pathStyle
        self.maxAttempts = maxAttempts
        self.maxConnections = maxConnections
    }

    /// The options with what is nil filled in from `environment` and the AWS configuration files.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an endpoint that is not an http(s) URL or
    ///   a profile named but missing.
    func resolved(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Endpoint {
        let profile = try AWSProfiles(environment: environment).settings() ?? [:]
        let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profile["region"] ?? "us-east-1"
        let custom = endpoint ?? environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"] ?? profile["endpoint_url"]
        let url = custom ?? "https://s3.\(region).amazonaws.com"
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            throw DataFlowError.invalidArgument("endpoint", "'\(url)' is not an http:// or https:// URL")
        }
        return S3Endpoint(scheme: scheme, host: host, port: components.port, region: region,
                          credentials: try credentials ?? S3Credentials.fromEnvironment(environment),
                          pathStyle: pathStyle ?? (custom != nil), maxAttempts: max(1, maxAttempts), maxConnections: max(1, maxConnections))
    }
}

/// Resolved options: where requests go and how they are signed.
struct S3Endpoint: Sendable {
    let scheme: String
    let host: String
    let port: Int?
    let region: String
    let credentials: S3Credentials?
    let pathStyle: Bool
    let maxAttempts: Int
    let maxConnections: Int

    /// The host header for `bucket`'s requests (with the port when it is not the scheme's).
    func hostHeader(bucket: String) -> String {
        let name = pathStyle ? host : "\(bucket).\(host)"
        guard let port, port != (scheme == "https" ? 443 : 80) else { return name }
        return "\(name):\(port)"
    }

    /// The encoded path of `key` in `bucket` (`/bucket/key` or `/key`).
    func path(bucket: String, key: String) -> String {
        let encodedKey = S3Signer.uriEncode(key, keepSlash: true)
        return pathStyle ? "/\(bucket)/\(encodedKey)" : "/\(encodedKey)"
    }
}
