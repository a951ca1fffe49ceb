import DataFlow
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf

/// One Spark Connect session on a server: calls `ExecutePlan`, `AnalyzePlan` and `Config` with
/// the session's id, waiting for each (DataFrame actions are synchronous). The gRPC connection
/// runs on DataFlow's background executor, off the concurrency pool.
final class SparkConnectClient: Sendable {
    let url: SparkConnectURL
    let sessionID: String
    private let grpc: GRPCClient<HTTP2ClientTransport.Posix>
    private let service: Spark_Connect_SparkConnectService.Client<HTTP2ClientTransport.Posix>
    private let options: CallOptions
    /// What every call carries: the bearer token, when the address has one.
    private let metadata: Metadata

    /// What a plan's execution returned: its Arrow IPC streams, in order, the values of its
    /// observations, and the relation a checkpoint command made.
    struct Execution: Sendable {
        var arrowStreams: [Data] = []
        var observed: [Spark_Connect_ExecutePlanResponse.ObservedMetrics] = []
        var checkpoint: Spark_Connect_CachedRemoteRelation?
    }

    /// Connects to `url` (lazily: the first call opens the connection) and starts a session.
    init(url: SparkConnectURL) throws {
        self.url = url
        sessionID = url.sessionID ?? UUID().uuidString.lowercased()
        let security: HTTP2ClientTransport.Posix.TransportSecurity = url.usesTLS ? .tls { config in
            // gRPC's own variable for other trust roots than the system's, as Spark's Python client honors it.
            if let roots = ProcessInfo.processInfo.environment["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"], !roots.isEmpty {
                config.trustRoots = .certificates([.file(path: roots, format: .pem)])
            }
        } : .plaintext
        let transport = try HTTP2ClientTransport.Posix(target: .dns(host: url.host, port: url.port), transportSecurity: security)
        let grpc = GRPCClient(transport: transport)
        self.grpc = grpc
        service = Spark_Connect_SparkConnectService.Client(wrapping: grpc)
        var options = CallOptions.defaults
        // Local relations travel inside requests; result batches can be larger than gRPC's 4 MiB default.
        options.maxRequestMessageBytes = 1 << 30
        options.maxResponseMessageBytes = 1 << 30
        // A server that cannot be reached (or whose certificate is not trusted) fails the call at
        // once instead of leaving it queued for a connection that never comes.
        options.waitForReady = false
        self.options = options
        var metadata = Metadata()
        if let token = url.token { metadata.addString("Bearer " + token, forKey: "authorization") }
        self.metadata = metadata
        startInBackground { try? await grpc.runConnections() }
    }

    deinit {
        // A session this client started ends with it, freeing what the server keeps for it; one
        // named in the address is left to whoever started it.
        if url.sessionID == nil { try? releaseSession() }
        grpc.beginGracefulShutdown()
    }

    /// A request of type `R` carrying this session's id, user and client type.
    private func stamped<R: SessionRequest>(_: R.Type) -> R {
        var request = R()
        request.sessionID = sessionID
        request.userContext.userID = url.userID
        request.userContext.userName = url.userID
        request.clientType = Self.clientType
        return request
    }

    /// Runs `plan` and gathers its result.
    func execute(_ plan: Spark_Connect_Plan) throws -> Execution {
        var request = stamped(Spark_Connect_ExecutePlanRequest.self)
        request.operationID = UUID().uuidString.lowercased()
        request.plan = plan
        return try call { [service, options, metadata, request] in
            try await service.executePlan(request: ClientRequest(message: request, metadata: metadata), options: options) { response in
                var execution = Execution()
                for try await message in response.messages {
                    switch message.responseType {
                    case let .arrowBatch(batch): execution.arrowStreams.append(batch.data)
                    case let .checkpointCommandResult(result): execution.checkpoint = result.relation
                    default: break
                    }
                    execution.observed += message.observedMetrics
                }
                return execution
            }
        }
    }

    /// The schema of `plan`'s result, as the server analyzes it.
    func schema(_ plan: Spark_Connect_Plan) throws -> Spark_Connect_DataType {
        var request = stamped(Spark_Connect_AnalyzePlanRequest.self)
        var schema = Spark_Connect_AnalyzePlanRequest.Schema()
        schema.plan = plan
        request.schema = schema
        let response = try call { [service, options, metadata, request] in
            try await service.analyzePlan(request: ClientRequest(message: request, metadata: metadata), options: options) { try $0.message }
        }
        return response.schema.schema
    }

    /// Ends the session on the server (`ReleaseSession`).
    func releaseSession() throws {
        let request = stamped(Spark_Connect_ReleaseSessionRequest.self)
        _ = try call { [service, options, metadata, request] in
            try await service.releaseSession(request: ClientRequest(message: request, metadata: metadata), options: options) { try $0.message }
        }
    }

    /// Sets session configuration (`spark.sql.session.timeZone`, ...).
    func setConfig(_ pairs: [String: String]) throws {
        var request = stamped(Spark_Connect_ConfigRequest.self)
        var set = Spark_Connect_ConfigRequest.Set()
        set.pairs = pairs.sorted { $0.key < $1.key }.map { key, value in
            var pair = Spark_Connect_KeyValue()
            pair.key = key
            pair.value = value
            return pair
        }
        var operation = Spark_Connect_ConfigRequest.Operation()
        operation.set = set
        request.operation = operation
        _ = try call { [service, options, metadata, request] in
            try await service.config(request: ClientRequest(message: request, metadata: metadata), options: options) { try $0.message }
        }
    }

    /// How the session introduces itself to the server.
    static let clientType = "dataflow-swift"

    /// Runs one call and turns gRPC failures into `DataFlowError`s that carry the server's message.
    private func call<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try blocking(body)
        } catch let error as RPCError {
            let category: DataFlowError.Category = error.code == .unavailable ? .io : .execution
            throw DataFlowError(category, "Spark Connect at \(url): \(error.message)")
        }
    }
}

/// The requests that name a session: what every call of a session stamps the same way.
protocol SessionRequest: Sendable {
    init()
    var sessionID: String { get set }
    var userContext: Spark_Connect_UserContext { get set }
    var clientType: String { get set }
}

extension Spark_Connect_ExecutePlanRequest: SessionRequest {}
extension Spark_Connect_AnalyzePlanRequest: SessionRequest {}
extension Spark_Connect_ConfigRequest: SessionRequest {}
extension Spark_Connect_ReleaseSessionRequest: SessionRequest {}
