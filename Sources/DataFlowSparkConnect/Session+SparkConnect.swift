import DataFlow
import Foundation

extension Session {
    /// A session whose DataFrames run on Apache Spark through Spark Connect: the DataFrame API is
    /// the same, reads and writes name files on the cluster, and every action sends the plan to
    /// the server at `remote` (`sc://host:15002`). Spark's session is set to `timeZone` and to
    /// DataFlow's non-ANSI semantics. `warehouse` is the local catalog's root, as for embedded
    /// sessions (jobs register their outputs there).
    /// - Throws: `DataFlowError` for an invalid address or zone, or when the server cannot be reached.
    public convenience init(remote: String, timeZone: String = "UTC", warehouse: String? = nil) throws {
        let zone = try SessionTimeZone(timeZone)
        self.init(remote: try SparkConnectBackend(url: try SparkConnectURL(remote), timeZone: zone), timeZone: zone, warehouse: warehouse)
    }

    /// A remote session on `SPARK_REMOTE` when that variable is set, else an embedded one.
    /// - Throws: as `init(remote:timeZone:)`.
    public static func fromEnvironment(timeZone: String = "UTC") throws -> Session {
        if let remote = ProcessInfo.processInfo.environment["SPARK_REMOTE"], !remote.isEmpty {
            return try Session(remote: remote, timeZone: timeZone)
        }
        return try Session(timeZone: timeZone)
    }
}
