@testable import DataFlowSparkConnect
import DataFlow
import DataFlowIO
import Foundation
import Testing
import TestSupport

/// A remote session against a live Spark Connect server (`DATAFLOW_SPARK_REMOTE`, which `make
/// test` starts on loopback): local data out, results back, files read and written by Spark.
@Suite("Spark Connect: a remote session", .serialized)
struct RemoteSessionTests {
    static func session() throws -> Session {
        guard let remote = ProcessInfo.processInfo.environment["DATAFLOW_SPARK_REMOTE"] else {
            throw DataFlowError(.invalidArgument, "DATAFLOW_SPARK_REMOTE is not set: `make test` starts a Spark Connect server and sets it")
        }
        return try Session(remote: remote, timeZone: "America/Los_Angeles")
    }

    @Test("local rows go to Spark and come back aggregated")
    func aggregatesLocalRows() throws {
        let spark = try Self.session()
        let frame = try spark.createDataFrame(rows: [[.string("a"), .int64(1)], [.string("b"), .int64(2)], [.string("a"), .int64(5)], [.null, .int64(7)]],
                                              schema: Schema([Field("k", .string), Field("v", .int64, nullable: false)]))
        let rows = try frame.groupBy("k").agg(Expr.sum("v").alias("total"), Expr.count().alias("n")).orderBy(col("k").asc()).collect()
        #expect(rows.map { $0.values } == [[.null, .int64(7), .int64(1)], [.string("a"), .int64(6), .int64(2)], [.string("b"), .int64(2), .int64(1)]])
        #expect(try frame.count() == 4)
    }
}
