import DataFlow

/// A Spark Connect address: `sc://host[:port][/;key=value;...]`, as Spark's clients write it
/// (`SPARK_REMOTE`). Parameters DataFlow reads: `user_id`, `session_id`, `use_ssl` and `token`;
/// the port defaults to 15002. As in Spark's clients, a token implies TLS, except to `localhost`
/// without `use_ssl=true`.
public struct SparkConnectURL: Sendable, Equatable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user the session runs as (`user_id`).
    public var userID: String
    /// A session id to use instead of a fresh one (`session_id`, a UUID).
    public var sessionID: String?
    /// Whether the connection is TLS (`use_ssl=true`).
    public var useSSL = false
    /// A bearer token sent with every call (`token`).
    public var token: String?

    /// Whether the connection is encrypted: TLS was asked for, or a token goes to another host
    /// than `localhost`.
    public var usesTLS: Bool { useSSL || (token != nil && host != "localhost") }

    /// Parses `text`.
    /// - Throws: `DataFlowError` (`.invalidArgument`, naming `remote`) for anything that is not a
    ///   Spark Connect address.
    public init(_ text: String) throws {
        func invalid(_ why: String) -> DataFlowError {
            DataFlowError.invalidArgument("remote", "'\(text)' is not a Spark Connect address (sc://host:port): \(why)")
        }
        guard text.hasPrefix("sc://") else { throw invalid("it must start with sc://") }
        let rest = text.dropFirst("sc://".count)
        let parts = rest.split(separator: ";", omittingEmptySubsequences: false)
        var authority = String(parts[0])
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains("/") else { throw invalid("no host") }
        if let colon = authority.lastIndex(of: ":") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(port) else { throw invalid("bad port") }
            host = String(authority[..<colon])
            self.port = port
        } else {
            host = authority
            port = 15_002
        }
        guard !host.isEmpty else { throw invalid("no host") }
        userID = "dataflow"
        for parameter in parts.dropFirst() where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw invalid("parameter '\(parameter)' is not key=value") }
            switch pair[0] {
            case "user_id": userID = pair[1]
            case "session_id": sessionID = pair[1]
            case "use_ssl":
                guard let value = Bool(pair[1].lowercased()) else { throw invalid("use_ssl must be true or false") }
                useSSL = value
            case "token": token = pair[1]
            case "user_agent": break
            default: throw invalid("unknown parameter '\(pair[0])'")
            }
        }
    }

    public var description: String { "sc://\(host):\(port)" }
}
