/// A session's running queries and observers: numbers queries, lists them while they run, and
/// hands each the observers registered when it starts.
final class QueryRegistry: Sendable {
    private let state = Locked<(lastId: Int, running: [Int: RunningQuery], observers: [any QueryObserver])>((0, [:], []))

    /// Registers a new query run by `action`.
    func start(_ action: String) -> RunningQuery {
        state.withLock { state in
            state.lastId += 1
            let query = RunningQuery(id: state.lastId, action: action, observers: state.observers)
            state.running[query.id] = query
            return query
        }
    }

    /// Removes `query` from the running ones.
    func finish(_ query: RunningQuery) { _ = state.withLock { $0.running.removeValue(forKey: query.id) } }

    /// The queries running now, oldest first.
    var running: [RunningQuery] { state.withLock { $0.running.values.sorted { $0.id < $1.id } } }

    /// Adds an observer for queries started from now on.
    func add(_ observer: any QueryObserver) { state.withLock { $0.observers.append(observer) } }
}
