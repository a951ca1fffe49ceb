import DataFlow
import Foundation
import DataFlowIO
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A PostgreSQL database reached through postgres-nio: read tables and queries into DataFrames
/// (`session.read.postgres(...)`, partitioned like Spark's JDBC source), write with save modes
/// through `COPY … FROM STDIN`, upsert and merge as SCD type 2, each write one transaction.
///
/// The connection string is `postgres://user:password@host:port/database` (`postgresql://` too),
/// given or taken from `DATAFLOW_PG_URL`. The password is never logged or put in an error.
public struct PostgresStore: Sendable {
    /// The connection settings.
    let configuration: PostgresConnection.Configuration
    /// The address without the password, for messages.
    public let displayURL: String
    /// The connection string as given (with its password: never printed).
    package let url: String

    /// The database at `url`, or at `DATAFLOW_PG_URL` when nil.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when neither is given or the URL is malformed.
    public init(url: String? = nil) throws {
        guard let text = url ?? ProcessInfo.processInfo.environment["DATAFLOW_PG_URL"], !text.isEmpty else {
            throw DataFlowError.invalidArgument("url", "no PostgreSQL connection string: pass postgres://user@host:port/database or set DATAFLOW_PG_URL")
        }
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty, let user = components.user else {
            throw DataFlowError.invalidArgument("url", "'\(Self.redacted(text))' is not a connection string like postgres://user:password@host:5432/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        configuration = PostgresConnection.Configuration(host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                                                         password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database,
                                                         tls: .disable)
        displayURL = Self.redacted(text)
        self.url = text
    }

    /// `url` with its password replaced by `***`.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }

    /// Runs `body` on a new connection, closed afterwards; blocks the calling thread (the engine's
    /// workers are Dispatch threads, not the concurrency pool's).
    /// - Throws: `DataFlowError` (`.io`) naming the database (never the password) for connection
    ///   and SQL failures, with the server's message.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        let configuration = self.configuration, url = displayURL
        return try blocking {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                                  id: 1, logger: Self.logger).get()
            } catch {
                throw DataFlowError(.io, "cannot connect to PostgreSQL at \(url): \(Self.message(error))", location: ErrorLocation(path: url))
            }
            do {
                let result = try await body(connection)
                try? await connection.close().get()
                return result
            } catch let error as DataFlowError {
                try? await connection.close().get()
                throw error
            } catch {
                try? await connection.close().get()
                throw DataFlowError(.io, "PostgreSQL: \(Self.message(error))", location: ErrorLocation(path: url))
            }
        }
    }

    /// Runs `statements` in one transaction: all or none.
    /// - Throws: `DataFlowError` naming the database and the server's message.
    public func execute(_ statements: [SQLStatement]) throws {
        try withConnection { connection in
            try await PostgresSQL.transaction(connection) {
                for statement in statements { try await PostgresSQL.run(statement, on: connection) }
            }
        }
    }

    /// The first column of the first row of `sql` (`?` or `$n` placeholders bound to `values`) as an
    /// integer; 0 without rows.
    /// - Throws: `DataFlowError` naming the database and the server's message.
    public func count(_ sql: String, _ values: [Scalar] = []) throws -> Int {
        try withConnection { connection in try await PostgresSQL.count(sql, values, on: connection) }
    }

    /// Whether the table (optionally schema-qualified) exists.
    /// - Throws: `DataFlowError` when the database cannot be reached.
    public func tableExists(_ table: String) throws -> Bool {
        try withConnection { connection in try await PostgresSQL.tableExists(table, on: connection) }
    }

    static let logger = Logger(label: "dataflow.postgres")

    /// The server's message of a postgres-nio error (its description hides it).
    static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
            }
            // A connection that failed before the server spoke: the socket's own error says why.
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
        return "\(error)"
    }
}
