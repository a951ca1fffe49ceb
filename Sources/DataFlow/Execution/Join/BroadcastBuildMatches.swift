/// Which rows of a broadcast build side any probe partition matched, for joins that emit build rows
/// by whether they matched (outer joins preserving the build side, semi and anti joins building on
/// their left side). Each partition's stream adds its matches when its probe ends; the last to end
/// gets every partition's, and emits the build rows.
final class BroadcastBuildMatches: Sendable {
    private let state: Locked<(matched: [Bool], pending: Int)>

    /// Matches of `rows` build rows from `partitions` probe partitions.
    init(rows: Int, partitions: Int) {
        state = Locked((matched: [Bool](repeating: false, count: rows), pending: partitions))
    }

    /// Adds one partition's matches; returns all partitions' when this was the last to finish.
    func finish(_ matched: [Bool]) -> [Bool]? {
        state.withLock { state in
            for (row, hit) in matched.enumerated() where hit { state.matched[row] = true }
            state.pending -= 1
            return state.pending == 0 ? state.matched : nil
        }
    }
}
