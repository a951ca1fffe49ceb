import AsyncHTTPClient
import Crypto
import DataFlow
import Foundation
import NIOCore
import NIOHTTP1

/// One S3 API call: the operation's name (for errors), method, object key (nil for the bucket),
/// query, extra headers and body.
struct S3Request {
    var operation: String
    var method: HTTPMethod
    var key: String?
    var query: [(String, String)] = []
    var headers: [(String, String)] = []
    var body = Data()
}

/// What S3 answered.
struct S3Response {
    let status: Int
    let headers: HTTPHeaders
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends signed requests to one bucket: at most `maxConnections` at once, each retried with
/// exponential backoff and full jitter on 5xx answers, throttling (503 SlowDown, 429) and dropped
/// connections. Answers other than 2xx and the statuses a call accepts become `DataFlowError`s
/// naming the operation, the object's `s3://` URL and S3's error code; credentials never appear.
final class S3Client: Sendable {
    let bucket: String
    let endpoint: S3Endpoint
    private let signer: S3Signer?
    /// Bounds the requests in flight.
    private let slots: DispatchSemaphore
    /// The HTTP requests sent so far (retries included), by operation.
    let requestCounts = Locked<[String: Int]>([:])
    /// The first retry's largest delay; it doubles with each retry up to `maxBackoff`.
    static let baseBackoff = 0.1
    static let maxBackoff = 5.0

    /// One HTTP client for the process: connections are pooled per host and shared by every
    /// bucket's requests (it lives as long as the process, so it is never shut down).
    private static let http = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(120)),
                                                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64))
    )

    init(bucket: String, endpoint: S3Endpoint) {
        self.bucket = bucket
        self.endpoint = endpoint
        signer = endpoint.credentials.map { S3Signer(credentials: $0, region: endpoint.region) }
        slots = DispatchSemaphore(value: endpoint.maxConnections)
    }

    /// The `s3://` URL of `key` (of the bucket when nil), as errors name it.
    func url(_ key: String?) -> String { "s3://\(bucket)/\(key ?? "")" }

    /// Sends `request`, retrying what can be retried; returns the answer when its status is 2xx
    /// or in `accepting`.
    /// - Throws: `DataFlowError` (`.io`) for any other answer, or when the tries run out.
    func send(_ request: S3Request, accepting: Set<Int> = []) throws -> S3Response {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try sendOnce(request)
                if (200..<300).contains(response.status) || accepting.contains(response.status) { return response }
                let retryable = response.status >= 500 || response.status == 429
                if !retryable || attempt >= endpoint.maxAttempts { throw error(request, response, attempts: attempt) }
            } catch let error as DataFlowError {
                throw error
            } catch {
                guard attempt < endpoint.maxAttempts else {
                    throw DataFlowError(.io, "S3 \(request.operation) \(url(request.key)) failed after \(attempt) tries: \(error)",
                                        location: ErrorLocation(path: url(request.key)))
                }
            }
            let ceiling = min(Self.maxBackoff, Self.baseBackoff * Double(1 << min(attempt - 1, 20)))
            Thread.sleep(forTimeInterval: Double.random(in: 0...ceiling))
        }
    }

    /// One try: signs the request, sends it, and waits for the whole answer.
    private func sendOnce(_ request: S3Request) throws -> S3Response {
        let path = request.key.map { endpoint.path(bucket: bucket, key: $0) } ?? (endpoint.pathStyle ? "/\(bucket)" : "/")
        let host = endpoint.hostHeader(bucket: bucket)
        var headers = request.headers
        if let signer {
            let payloadHash = request.body.isEmpty ? S3Signer.emptyPayloadHash : S3Signer.hex(SHA256.hash(data: request.body))
            headers = signer.signedHeaders(method: request.method.rawValue, host: host, path: path, query: request.query,
                                           headers: headers, payloadHash: payloadHash, date: Date())
        } else {
            headers.append(("host", host))
        }
        let query = S3Signer.canonicalQuery(request.query)
        let address = "\(endpoint.scheme)://\(host)\(path)\(query.isEmpty ? "" : "?" + query)"
        var http = try HTTPClient.Request(url: address, method: request.method, headers: HTTPHeaders(headers))
        if !request.body.isEmpty || request.method == .PUT || request.method == .POST { http.body = .bytes(request.body) }
        slots.wait()
        defer { slots.signal() }
        requestCounts.withLock { $0[request.operation, default: 0] += 1 }
        let response = try Self.http.execute(request: http, deadline: .now() + .seconds(300)).wait()
        let body = response.body.map { Data($0.readableBytesView) } ?? Data()
        return S3Response(status: Int(response.status.code), headers: response.headers, body: body)
    }

    /// The error of an answer S3 refused: its code and message from the XML body (a HEAD answer
    /// has none: the status says it), the operation and the object.
    private func error(_ request: S3Request, _ response: S3Response, attempts: Int) -> DataFlowError {
        let document = S3XML(response.text)
        let code = document.value("Code") ?? Self.codes[response.status] ?? "HTTP \(response.status)"
        var message = "S3 \(request.operation) \(url(request.key)) failed: \(code) (HTTP \(response.status))"
        if let detail = document.value("Message"), !detail.isEmpty { message += ": \(detail)" }
        if attempts > 1 { message += " after \(attempts) tries" }
        return DataFlowError(.io, message, location: ErrorLocation(path: url(request.key)))
    }

    /// S3's codes for the statuses of answers without a body.
    private static let codes = [301: "PermanentRedirect (wrong region?)", 403: "AccessDenied", 404: "NotFound", 412: "PreconditionFailed", 503: "SlowDown"]
}
