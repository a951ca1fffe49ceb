import DataFlow
import DataFlowSparkConnect
import Foundation

/// A session on the Spark Connect server of the tests: `DATAFLOW_SPARK_REMOTE`, which `make test`
/// sets after starting a server on loopback. Without it this throws, so the test fails; it never
/// skips.
public func sparkSession(timeZone: String = "UTC", warehouse: String? = nil) throws -> Session {
    guard let remote = ProcessInfo.processInfo.environment["DATAFLOW_SPARK_REMOTE"] else {
        throw DataFlowError(.invalidArgument, "DATAFLOW_SPARK_REMOTE is not set: `make test` starts a Spark Connect server and sets it")
    }
    return try Session(remote: remote, timeZone: timeZone, warehouse: warehouse)
}
