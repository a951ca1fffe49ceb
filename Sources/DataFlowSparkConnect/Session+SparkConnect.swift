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
        self.init(runner: try SparkConnectBackend(url: try SparkConnectURL(remote), timeZone: zone), timeZone: zone, warehouse: warehouse)
    }

    /// A session where the environment says: on Spark Connect at `remote`, else at `SPARK_REMOTE`
    /// when that variable is set, else embedded with `parallelism` workers (default: the active
    /// processors), `memoryLimit` bytes (default: 80% of the memory available, `MachineMemory.available`)
    /// and spill files under `spillDirectory` (default: `SpillDirectory.defaultRoot`). `warehouse` is
    /// the catalog's root either way.
    /// - Throws: as `init(remote:timeZone:)`, or for an unknown zone.
    public static func fromEnvironment(remote: String? = nil, timeZone: String = "UTC", parallelism: Int? = nil, memoryLimit: Int? = nil,
                                       warehouse: String? = nil, spillDirectory: String? = nil) throws -> Session {
        if let remote = remote ?? ProcessInfo.processInfo.environment["SPARK_REMOTE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try Session(remote: remote, timeZone: timeZone, warehouse: warehouse)
        }
        return try Session(parallelism: parallelism ?? ProcessInfo.processInfo.activeProcessorCount, timeZone: timeZone, memoryLimit: memoryLimit,
                           warehouse: warehouse, spillDirectory: spillDirectory)
    }
}
