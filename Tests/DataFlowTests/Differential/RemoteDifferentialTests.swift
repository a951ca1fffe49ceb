@testable import DataFlow
import DataFlowIO
import DataFlowSparkConnect
import Foundation
import Testing
import TestSupport

/// Every differential query (the core, join and window suites) run twice: by the embedded engine
/// and on Apache Spark through Spark Connect, over the same table (written as Parquet, read by
/// Spark). The results must be equal; the embedded results already equal DuckDB's.
///
/// Needs `DATAFLOW_SPARK_REMOTE` (`make test` starts a Spark Connect server on loopback and sets
/// it); without it every test here fails with a message saying so.
@Suite("Differential: DataFlow embedded vs on Spark", .serialized)
struct RemoteDifferentialTests {
    /// The table as the remote session reads it, written once per test process.
    static let remoteTable: Result<DataFrame, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-remote-differential-\(ProcessInfo.processInfo.processIdentifier)").path
        try DifferentialTable.shared.dataFrame(Session(parallelism: 2)).write.mode(.overwrite).parquet(directory)
        return try sparkSession().read.parquet(directory)
    }

    @Test("the same results on Spark", arguments: DifferentialQueries.all)
    func sameResults(_ query: DifferentialQuery) throws {
        try compare(query)
    }

    @Test("the same results on Spark, where Spark is the only oracle", arguments: SparkOracleQueries.all)
    func sameResultsAsSpark(_ query: DifferentialQuery) throws {
        try compare(query)
    }

    /// Runs `query` embedded and on Spark and records how their results differ.
    private func compare(_ query: DifferentialQuery) throws {
        let local = try query.build(try DifferentialTable.shared.dataFrame(Session(parallelism: 1))).collectBatches()
        let frame = try query.build(try Self.remoteTable.get())
        if let why = Self.withoutSparkEquivalent[query.name] {
            // Refused while translating, before anything is sent.
            let error = #expect(throws: DataFlowError.self) { try frame.collectBatches() }
            #expect(error?.category == .notImplemented && error?.message.contains(why) == true, "\(query.name): \(String(describing: error))")
            return
        }
        let remote = try frame.collectBatches()
        if Self.dependsOnInputOrder(frame.plan) {
            // first/last and dropDuplicates on a subset keep the first row in input order, which
            // DataFlow fixes and Spark does not (its docs call them non-deterministic): the rows
            // picked may differ, their number may not. DuckDB checks the values, in the local suite.
            #expect(remote.reduce(0) { $0 + $1.rowCount } == local.reduce(0) { $0 + $1.rowCount }, "\(query.name): row counts differ")
            return
        }
        let (localHashes, remoteHashes) = (CanonicalRows.hashes(local), CanonicalRows.hashes(remote))
        let same = query.ordered ? localHashes == remoteHashes : CanonicalRows.Digest(localHashes) == CanonicalRows.Digest(remoteHashes)
        if !same {
            let problems = ResultCells.differences(ResultCells.rows(remote, schema: frame.schema), ResultCells.rows(local, schema: frame.schema),
                                                   ordered: query.ordered, ulps: query.ulps)
            guard !problems.isEmpty else { return }
            Issue.record("\(query.name) differs on Spark (Spark vs embedded, columns \(frame.columns)):\n\(problems.prefix(20).joined(separator: "\n"))")
        }
    }

    /// Queries DataFlow runs and Spark cannot, with what the error says.
    static let withoutSparkEquivalent = [
        "window: distinct count over a rows frame": "Spark has no distinct window aggregates",
    ]

    /// Whether `plan` picks rows by input order: a first/last aggregate, or dropDuplicates on
    /// some of the columns.
    static func dependsOnInputOrder(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case let .aggregate(node):
            let picks = node.aggregates.contains { aggregate in
                aggregate.contains(where: { expr in
                    if case let .aggregate(call) = expr.node { return call.kind == .first || call.kind == .last }
                    return false
                })
            }
            if picks { return true }
        case let .dropDuplicates(node) where node.keys.ids != node.child.output.ids:
            return true
        default:
            break
        }
        return plan.children.contains(where: dependsOnInputOrder)
    }
}
