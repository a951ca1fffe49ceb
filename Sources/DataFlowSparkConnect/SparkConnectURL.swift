import DataFlow

/// A Spark Connect address: `sc://host[:port][/;key=value;...]`, as Spark's clients write it
/// (`SPARK_REMOTE`). Parameters DataFlow reads: `user_id` and `session_id`; the port defaults
/// to 15002.
public struct SparkConnectURL: Sendable, Equatable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user the session runs as (`user_id`).
    public var userID: String
    /// A session id to use instead of a fresh one (`session_id`, a UUID).
    public var sessionID: String?

    /// Parses `text`.
    /// - Throws: `DataFlowError` (`.invalidArgument`, naming `remote`) for anything that is not a
    ///   Spark Connect address, and for TLS and tokens, which DataFlow does not send yet.
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
            case "use_ssl" where pair[1].lowercased() == "false": break
            case "use_ssl", "token": throw invalid("TLS and tokens are not supported; reach the server over a trusted network or a tunnel")
            case "user_agent": break
            default: throw invalid("unknown parameter '\(pair[0])'")
            }
        }
    }

    public var description: String { "sc://\(host):\(port)" }
}
