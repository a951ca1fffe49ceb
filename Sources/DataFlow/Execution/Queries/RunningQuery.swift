import Foundation
import Synchronization

/// A query running in a session (an action: collect, count, write, cache): its number, its
/// progress, and `cancel()`. `Session.runningQueries` lists them and `QueryObserver`s receive them.
public final class RunningQuery: Sendable {
    /// The query's number in its session, from 1.
    public let id: Int
    /// The action that runs it: `collect`, `write`, `cache`.
    public let action: String
    /// When it started.
    public let startedAt: Date
    let progress = ProgressTracker()
    private let observers: [any QueryObserver]
    private let cancelled = Atomic<Bool>(false)

    init(id: Int, action: String, observers: [any QueryObserver]) {
        self.id = id
        self.action = action
        self.observers = observers
        startedAt = Date()
    }

    /// Stops the query: its partitions stop at their next batch, its memory and temporary files
    /// are released, and the action throws `DataFlowError` (`.cancelled`).
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Stages and partitions done so far.
    public var currentProgress: QueryProgress { progress.snapshot() }

    /// Throws `DataFlowError` (`.cancelled`) once cancelled.
    func checkCancellation() throws {
        if isCancelled { throw DataFlowError(.cancelled, "query \(id) (\(action)) was cancelled") }
    }

    func notifyStarted() { for observer in observers { observer.queryStarted(self) } }

    func notifyProgress() {
        guard !observers.isEmpty else { return }
        let snapshot = progress.snapshot()
        for observer in observers { observer.queryProgressed(self, snapshot) }
    }

    func notifyFinished(_ outcome: Result<QueryMetrics, any Error>) {
        for observer in observers { observer.queryFinished(self, outcome: outcome) }
    }
}
