/// Receives the queries of a session as they start, progress and finish (`Session.addObserver`):
/// progress bars, status pages, logs. Called on the threads running the query, so implementations
/// return quickly and synchronize their own state.
public protocol QueryObserver: Sendable {
    /// `query` started.
    func queryStarted(_ query: RunningQuery)
    /// A partition of one of `query`'s stages finished, or a stage started.
    func queryProgressed(_ query: RunningQuery, _ progress: QueryProgress)
    /// `query` ended: with its metrics, or with the error that stopped it (`.cancelled` when cancelled).
    func queryFinished(_ query: RunningQuery, outcome: Result<QueryMetrics, any Error>)
}

extension QueryObserver {
    /// By default nothing happens when a query starts.
    public func queryStarted(_ query: RunningQuery) {}
    /// By default progress is not followed.
    public func queryProgressed(_ query: RunningQuery, _ progress: QueryProgress) {}
    /// By default nothing happens when a query ends.
    public func queryFinished(_ query: RunningQuery, outcome: Result<QueryMetrics, any Error>) {}
}
