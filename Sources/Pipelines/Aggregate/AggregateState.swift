import DataFlow
import Foundation

/// What the last successful `aggregate` run saw, for the next run's data check (seed 003's PR #49):
/// kept as `<output>/_state/aggregate.json`.
struct AggregateState: Codable, Equatable {
    /// The distinct company_ids of the reservations, sorted.
    var companyIds: [Int64]
    /// The reservation rows read.
    var rows: Int
    /// When the run finished (ISO 8601).
    var completedAt: String

    static func path(_ output: String) -> String { output + "/_state/aggregate.json" }

    /// The state under `output`, or nil before the first successful run.
    /// - Throws: `DataFlowError` naming the file when it exists but does not decode.
    static func load(_ output: String) throws -> AggregateState? {
        try JSONFiles.read(AggregateState.self, from: path(output), what: "the aggregate job's state")
    }

    /// Stores the state under `output`, atomically.
    /// - Throws: `DataFlowError` naming the file when it cannot be written.
    func save(_ output: String) throws {
        try JSONFiles.write(self, to: Self.path(output), what: "the aggregate job's state")
    }
}
