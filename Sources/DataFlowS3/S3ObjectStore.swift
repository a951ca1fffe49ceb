import DataFlow
import DataFlowIO
import Foundation

/// A bucket of S3 or an S3-compatible store as an `ObjectStore`: ListObjectsV2 page by page,
/// HeadObject, ranged GetObject, PutObject (conditional with `If-None-Match: *`), multipart
/// uploads and DeleteObject, each signed with Signature V4 and retried as `S3Client` does.
public struct S3ObjectStore: ObjectStore {
    /// The bucket's name.
    public let bucket: String
    let client: S3Client
    /// The most keys a listing page holds (S3's default, 1,000, when nil); tests make it small.
    var listPageSize: Int?

    /// The store of `bucket`, reached as `options` say (missing options from the environment).
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an invalid endpoint or a missing profile.
    public init(bucket: String, options: S3Options = S3Options()) throws {
        guard !bucket.isEmpty, !bucket.contains("/") else { throw DataFlowError.invalidArgument("bucket", "'\(bucket)' is not a bucket name") }
        self.bucket = bucket
        client = S3Client(bucket: bucket, endpoint: try options.resolved())
    }

    /// Makes `s3://` and `s3a://` paths in reads and writes (`session.read.parquet("s3://bucket/lake/")`)
    /// go to S3 reached as `options` say, each bucket through its own store; replaces an earlier
    /// registration. Register a store for one bucket with other options through
    /// `ObjectStores.register(_:for:)`.
    public static func register(options: S3Options = S3Options()) {
        for scheme in ["s3", "s3a"] {
            ObjectStores.register(scheme: scheme) { bucket in try S3ObjectStore(bucket: bucket, options: options) }
        }
    }

    /// The HTTP requests this store (and every copy of it) has sent, retries included, by S3
    /// operation (`GetObject`, `ListObjectsV2`, ...).
    public var requestCounts: [String: Int] { client.requestCounts.withLock { $0 } }

    public func list(prefix: String) throws -> [ObjectMeta] {
        var objects: [ObjectMeta] = []
        var token: String?
        // S3 writes fractional seconds (`2025-11-02T10:00:00.000Z`); some compatible stores do not.
        let fractional = ISO8601DateFormatter(), whole = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            if let listPageSize { query.append(("max-keys", "\(listPageSize)")) }
            let page = S3XML(try client.send(S3Request(operation: "ListObjectsV2", method: .GET, key: nil, query: query)).text)
            for entry in page.elements("Contents") {
                guard let key = entry.value("Key"), let size = entry.value("Size").flatMap(Int.init) else { continue }
                objects.append(ObjectMeta(key: key, size: size, modified: entry.value("LastModified").flatMap { fractional.date(from: $0) ?? whole.date(from: $0) }))
            }
            token = page.value("IsTruncated") == "true" ? page.value("NextContinuationToken") : nil
        } while token != nil
        return objects.sorted { $0.key < $1.key }
    }

    public func head(_ key: String) throws -> ObjectMeta? {
        let response = try client.send(S3Request(operation: "HeadObject", method: .HEAD, key: key), accepting: [404])
        guard response.status != 404 else { return nil }
        let dates = DateFormatter()
        dates.locale = Locale(identifier: "en_US_POSIX")
        dates.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return ObjectMeta(key: key, size: response.headers.first(name: "content-length").flatMap(Int.init) ?? 0,
                          modified: response.headers.first(name: "last-modified").flatMap(dates.date))
    }

    public func get(_ key: String, range: Range<Int>?) throws -> Data {
        var request = S3Request(operation: "GetObject", method: .GET, key: key)
        if let range {
            guard !range.isEmpty else { return Data() }
            request.headers = [("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")]
        }
        // A range starting past the end is answered 416: there are no bytes there.
        let response = try client.send(request, accepting: [416])
        return response.status == 416 ? Data() : response.body
    }

    public func put(_ key: String, _ data: Data) throws {
        _ = try client.send(S3Request(operation: "PutObject", method: .PUT, key: key, body: data))
    }

    public func putIfAbsent(_ key: String, _ data: Data) throws -> Bool {
        let request = S3Request(operation: "PutObject", method: .PUT, key: key, headers: [("if-none-match", "*")], body: data)
        // 412: an object exists; 409: another conditional write of the key is in flight.
        let status = try client.send(request, accepting: [409, 412]).status
        return status != 409 && status != 412
    }

    public func startUpload(_ key: String) throws -> any MultipartUpload {
        let response = try client.send(S3Request(operation: "CreateMultipartUpload", method: .POST, key: key, query: [("uploads", "")]))
        guard let id = S3XML(response.text).value("UploadId") else {
            throw DataFlowError(.io, "S3 CreateMultipartUpload \(client.url(key)) answered without an UploadId", location: ErrorLocation(path: client.url(key)))
        }
        return S3MultipartUpload(client: client, key: key, id: id)
    }

    public func delete(_ keys: [String]) throws {
        // DeleteObject answers 204 whether or not there was an object.
        for key in keys { _ = try client.send(S3Request(operation: "DeleteObject", method: .DELETE, key: key), accepting: [404]) }
    }
}

/// An S3 multipart upload: parts keep their ETags until CompleteMultipartUpload lists them.
final class S3MultipartUpload: MultipartUpload {
    let client: S3Client
    let key: String
    let id: String
    /// The ETag of each uploaded part, by part number.
    private let parts = Locked<[Int: String]>([:])

    init(client: S3Client, key: String, id: String) {
        self.client = client
        self.key = key
        self.id = id
    }

    func upload(part number: Int, _ data: Data) throws {
        let response = try client.send(S3Request(operation: "UploadPart", method: .PUT, key: key,
                                                 query: [("partNumber", "\(number)"), ("uploadId", id)], body: data))
        guard let tag = response.headers.first(name: "etag") else {
            throw DataFlowError(.io, "S3 UploadPart \(client.url(key)) part \(number) answered without an ETag", location: ErrorLocation(path: client.url(key)))
        }
        parts.withLock { $0[number] = tag }
    }

    func complete() throws {
        let listed = parts.withLock { $0 }.sorted { $0.key < $1.key }
            .map { "<Part><PartNumber>\($0.key)</PartNumber><ETag>\(S3XML.escape($0.value))</ETag></Part>" }.joined()
        let body = Data("<CompleteMultipartUpload>\(listed)</CompleteMultipartUpload>".utf8)
        let response = try client.send(S3Request(operation: "CompleteMultipartUpload", method: .POST, key: key, query: [("uploadId", id)], body: body))
        // S3 may answer 200 with an error document when the completion fails late.
        if let code = S3XML(response.text).value("Code") {
            throw DataFlowError(.io, "S3 CompleteMultipartUpload \(client.url(key)) failed: \(code)", location: ErrorLocation(path: client.url(key)))
        }
    }

    func abort() throws {
        _ = try client.send(S3Request(operation: "AbortMultipartUpload", method: .DELETE, key: key, query: [("uploadId", id)]), accepting: [404])
    }
}
