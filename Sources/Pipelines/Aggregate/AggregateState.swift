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
        let path = path(output)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(AggregateState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFlowError(.io, "cannot read the aggregate job's state", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// Stores the state under `output`, atomically.
    /// - Throws: `DataFlowError` naming the file when it cannot be written.
    func save(_ output: String) throws {
        let path = Self.path(output)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataFlowError(.io, "cannot write the aggregate job's state", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}
