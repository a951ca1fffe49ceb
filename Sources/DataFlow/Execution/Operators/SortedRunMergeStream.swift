/// Merges sorted runs, each a stream of sorted batches (a spilled run read back from disk, or one
/// kept in memory), into one stream of batches in sort order. Ties are taken from the lower run
/// first, so merging a stable sort's runs in input order is a stable sort of the whole.
///
/// Memory holds the current batch of each run and the output being built: a merge of spilled runs
/// streams however many rows they hold. The runs meet in a tournament tree of losers (`RunTournament`),
/// which compares each run's 64-bit key prefix first and whole keys only on equal prefixes. Each
/// output batch is gathered from the batches its rows came from in one pass per column; once a
/// single run is left, its batches pass through as they are.
final class SortedRunMergeStream: BatchStream {
    private let runs: [any BatchStream]
    private let orders: [SortOrder]
    private let schema: Schema
    private let batchSize: Int
    /// The merge, once each run's first batch is loaded.
    private var tournament: RunTournament?
    /// Held until the stream goes (the memory of runs kept in memory).
    private let retained: (any Sendable)?

    /// A merge of `runs`, sorted by `orders`, producing batches of `batchSize` rows; `retained` is
    /// kept as long as the stream (a reservation for the runs' memory).
    init(runs: [any BatchStream], orders: [SortOrder], schema: Schema, batchSize: Int, retaining retained: (any Sendable)? = nil) {
        self.runs = runs
        self.orders = orders
        self.schema = schema
        self.batchSize = max(1, batchSize)
        self.retained = retained
    }

    func next() throws -> RecordBatch? {
        // The tournament is worked on as a local value, so its arrays are accessed without dynamic checks.
        var tournament = try self.tournament ?? RunTournament(runs: runs, orders: orders)
        self.tournament = nil
        defer { self.tournament = tournament }
        guard let winner = tournament.winner else { return nil }
        if tournament.liveRuns == 1 {
            // One run left: the rest of its current batch, then its batches as they come.
            let rest = tournament.restOfBatch(winner)
            try tournament.nextBatch(winner, from: runs[winner])
            return rest
        }
        return try mergeBatch(&tournament)
    }

    /// The next `batchSize` rows in order, gathered from the batches they came from.
    private func mergeBatch(_ tournament: inout RunTournament) throws -> RecordBatch {
        var sourceBatches: [RecordBatch] = []
        var slotOfRun = [Int32](repeating: -1, count: runs.count)
        var sources: [Int32] = [], rows: [Int32] = []
        sources.reserveCapacity(batchSize)
        rows.reserveCapacity(batchSize)
        while rows.count < batchSize, let run = tournament.winner {
            if slotOfRun[run] < 0 {
                slotOfRun[run] = Int32(sourceBatches.count)
                sourceBatches.append(tournament.batch(run))
            }
            sources.append(slotOfRun[run])
            rows.append(Int32(truncatingIfNeeded: tournament.position(run)))
            if !tournament.step(run) {
                slotOfRun[run] = -1
                try tournament.nextBatch(run, from: runs[run])
            }
            tournament.replay(run)
        }
        let columns = schema.fields.indices.map { column in gather(sourceBatches.map { $0.columns[column] }, source: sources, row: rows) }
        return RecordBatch(unchecked: schema, columns: columns, rowCount: rows.count)
    }
}

/// The runs of a merge in a tournament tree of losers: `tree[0]` is the run whose current row comes
/// first, each inner node the loser of the match played there. Taking a row replays only the matches
/// on the path from the winner's leaf to the root: log2(runs) comparisons, each most often decided
/// by the runs' key prefixes (`sortPrefixes`) alone.
struct RunTournament {
    private let orders: [SortOrder]
    /// The current batch of each run; nil once the run is done.
    private var cursors: [RunCursor?]
    /// The next row of each run's current batch.
    private var positions: [Int]
    /// The key prefixes of each run's current batch (its cursor's, read here without touching the cursor object).
    private var prefixes: [[UInt64]]
    /// The key prefix of each run's next row; the largest once the run is done.
    private var heads: [UInt64]
    /// `tree[0]` the winner, `tree[1..<runs]` the losers; leaf of run r is node `runs + r`.
    private var tree: [Int]
    /// The runs not done.
    private(set) var liveRuns = 0

    /// Loads each run's first non-empty batch and plays the tournament.
    /// - Throws: what reading a run throws.
    init(runs: [any BatchStream], orders: [SortOrder]) throws {
        self.orders = orders
        cursors = [RunCursor?](repeating: nil, count: runs.count)
        positions = [Int](repeating: 0, count: runs.count)
        prefixes = [[UInt64]](repeating: [], count: runs.count)
        heads = [UInt64](repeating: .max, count: runs.count)
        tree = [Int](repeating: 0, count: max(1, runs.count))
        for run in runs.indices { try nextBatch(run, from: runs[run]) }
        // Play bottom-up: winners[n] wins the subtree at node n, whose loser stays in tree[n].
        let count = runs.count
        guard count > 1 else { return }
        var winners = [Int](repeating: 0, count: 2 * count)
        for run in 0..<count { winners[count + run] = run }
        for node in stride(from: count - 1, through: 1, by: -1) {
            let left = winners[2 * node], right = winners[2 * node + 1]
            let leftWins = less(left, right)
            winners[node] = leftWins ? left : right
            tree[node] = leftWins ? right : left
        }
        tree[0] = winners[1]
    }

    /// The run holding the next row in order; nil when every run is done.
    var winner: Int? { liveRuns > 0 ? tree[0] : nil }

    /// Run `run`'s current batch.
    func batch(_ run: Int) -> RecordBatch { cursors[run]!.batch }

    /// The row run `run` is at in its current batch.
    func position(_ run: Int) -> Int { positions[run] }

    /// Run `run`'s current batch from its current row on.
    func restOfBatch(_ run: Int) -> RecordBatch {
        let batch = batch(run)
        return batch.slice(positions[run], batch.rowCount - positions[run])
    }

    /// Moves run `run` past its current row: whether its current batch has another.
    mutating func step(_ run: Int) -> Bool {
        positions[run] += 1
        guard positions[run] < prefixes[run].count else { return false }
        heads[run] = prefixes[run][positions[run]]
        return true
    }

    /// Moves run `run` to the next non-empty batch of `stream`, or marks it done.
    /// - Throws: what reading the run throws.
    mutating func nextBatch(_ run: Int, from stream: any BatchStream) throws {
        let wasLive = cursors[run] != nil
        cursors[run] = nil
        positions[run] = 0
        prefixes[run] = []
        heads[run] = .max
        while let batch = try stream.next() {
            guard batch.rowCount > 0 else { continue }
            let cursor = try RunCursor(batch, orders: orders)
            cursors[run] = cursor
            prefixes[run] = cursor.prefixes
            heads[run] = prefixes[run][0]
            if !wasLive { liveRuns += 1 }
            return
        }
        if wasLive { liveRuns -= 1 }
    }

    /// Replays the matches on run `run`'s path after its row changed (it took a row or is done).
    mutating func replay(_ run: Int) {
        var winner = run, node = (run + cursors.count) >> 1
        while node > 0 {
            let other = tree[node]
            if less(other, winner) {
                tree[node] = winner
                winner = other
            }
            node >>= 1
        }
        tree[0] = winner
    }

    /// Whether run `a`'s next row comes before run `b`'s: by key prefix, then whole keys, then run
    /// (the lower run first); a finished run comes last.
    private func less(_ a: Int, _ b: Int) -> Bool {
        if heads[a] != heads[b] { return heads[a] < heads[b] }
        guard let x = cursors[a] else { return false }
        guard let y = cursors[b] else { return true }
        let order = SortKeyAccess.compare(x.keys, positions[a], y.keys, positions[b])
        return order != 0 ? order < 0 : a < b
    }
}

/// One run's current batch, its sort key columns and their prefixes.
private final class RunCursor {
    let batch: RecordBatch
    /// The key columns `keys` points into, kept alive with it.
    private let keyColumns: [Column]
    /// The sort keys of `batch`, read in place.
    let keys: UnsafeBufferPointer<SortKeyAccess>
    /// The first key's order-preserving prefix of each row.
    let prefixes: [UInt64]

    init(_ batch: RecordBatch, orders: [SortOrder]) throws {
        self.batch = batch
        keyColumns = try orders.map { try $0.expression.evaluateColumn(batch) }
        let sortKeys = zip(keyColumns, orders).map { SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst) }
        let keys = UnsafeMutableBufferPointer<SortKeyAccess>.allocate(capacity: orders.count)
        for (index, key) in sortKeys.enumerated() { keys.initializeElement(at: index, to: SortKeyAccess(key)) }
        self.keys = UnsafeBufferPointer(keys)
        prefixes = sortKeys.first.map { sortPrefixes($0, rowCount: batch.rowCount) } ?? [UInt64](repeating: 0, count: batch.rowCount)
    }

    deinit { UnsafeMutableBufferPointer(mutating: keys).deallocate() }
}
