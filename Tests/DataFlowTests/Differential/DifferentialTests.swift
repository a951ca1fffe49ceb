@testable import DataFlow
import Testing

/// DataFlow against DuckDB on a generated table of 100k rows with nulls in every column: each query
/// runs at parallelism 1 (batches of 64 Ki rows) and at parallelism 4 (batches of 8 Ki rows, so
/// partitions hold several batches), and both results must equal DuckDB's exactly. Aggregations,
/// sorts, dedups and joins also run under a memory budget of 256 KiB, a small fraction of what
/// they read, and windows under 1 MiB, so that they spill to disk: those results must equal
/// DuckDB's too.
///
/// Needs `DATAFLOW_PYTHON` pointing at a Python with duckdb (`make test` sets it up); without it
/// every test here fails with a message saying so.
@Suite("Differential: DataFlow vs DuckDB")
struct DifferentialTests {
    static let sessions: [(parallelism: Int, session: Session)] = [
        (1, Session(parallelism: 1)),
        (4, Session(parallelism: 4, batchSize: 8192)),
    ]
    /// A session whose operators spill: parallelism 2, batches of 512 rows, 256 KiB of memory. A new
    /// one per query: a session's queries share its budget, and test cases run concurrently.
    static var spilling: (parallelism: Int, session: Session) {
        (2, Session(parallelism: 2, batchSize: 512, memoryLimit: 256 * 1024))
    }
    /// The same with 1 MiB: one window (about 4,000 rows of a value of `i64_low`) must fit in memory.
    static var windowSpilling: (parallelism: Int, session: Session) {
        (2, Session(parallelism: 2, batchSize: 512, memoryLimit: 1 << 20))
    }

    @Test("every column round-trips", arguments: DifferentialQueries.roundTrip)
    func roundTrip(_ query: DifferentialQuery) throws { try check(query) }

    @Test("groupBy and global aggregates", arguments: DifferentialQueries.aggregates)
    func aggregates(_ query: DifferentialQuery) throws { try check(query, spilling: Self.spilling) }

    @Test("orderBy on every type, nulls first and last", arguments: DifferentialQueries.sorts)
    func sorts(_ query: DifferentialQuery) throws { try check(query, spilling: Self.spilling) }

    @Test("distinct and dropDuplicates", arguments: DifferentialQueries.distincts)
    func distincts(_ query: DifferentialQuery) throws { try check(query, spilling: Self.spilling) }

    @Test("filters with three-valued logic", arguments: DifferentialQueries.filters)
    func filters(_ query: DifferentialQuery) throws { try check(query) }

    @Test("string functions", arguments: DifferentialQueries.strings)
    func strings(_ query: DifferentialQuery) throws { try check(query) }

    @Test("conditional and math functions", arguments: DifferentialQueries.functions)
    func functions(_ query: DifferentialQuery) throws { try check(query) }

    @Test("more string functions", arguments: DifferentialQueries.textFunctions)
    func textFunctions(_ query: DifferentialQuery) throws { try check(query) }

    @Test("statistical and boolean aggregates", arguments: DifferentialQueries.statistics)
    func statistics(_ query: DifferentialQuery) throws { try check(query, spilling: Self.spilling) }

    @Test("statistics over window frames", arguments: DifferentialQueries.statisticsOverWindows)
    func statisticsOverWindows(_ query: DifferentialQuery) throws { try check(query, spilling: Self.windowSpilling) }

    @Test("math functions", arguments: DifferentialQueries.math)
    func math(_ query: DifferentialQuery) throws { try check(query) }

    @Test("casts", arguments: DifferentialQueries.casts)
    func casts(_ query: DifferentialQuery) throws { try check(query) }

    @Test("arithmetic with nulls and division by zero", arguments: DifferentialQueries.arithmetic)
    func arithmetic(_ query: DifferentialQuery) throws { try check(query) }

    @Test("dates and timestamps", arguments: DifferentialQueries.temporal)
    func temporal(_ query: DifferentialQuery) throws { try check(query) }

    @Test("joins: every type, null and duplicate keys, extra conditions, band joins", arguments: DifferentialQueries.joins)
    func joins(_ query: DifferentialQuery) throws { try check(query, spilling: Self.spilling) }

    @Test("window functions and frames", arguments: DifferentialQueries.windows)
    func windows(_ query: DifferentialQuery) throws { try check(query, spilling: query.spills ? Self.windowSpilling : nil) }

    @Test("query names are unique (the oracle keys results by name)")
    func uniqueNames() {
        let names = DifferentialQueries.all.map(\.name)
        #expect(Set(names).count == names.count, "duplicates: \(Dictionary(grouping: names, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
    }

    /// Runs `query` in DataFlow at each parallelism (and, with `spilling`, under the small budget)
    /// and compares with DuckDB and across runs: first the canonical texts' hashes (row by row, or
    /// as sorted multisets), and only when they differ the typed cells, which ignore spelling
    /// differences and name the rows that differ.
    private func check(_ query: DifferentialQuery, spilling: (parallelism: Int, session: Session)? = nil) throws {
        let oracle = try DuckDBOracle.result(for: query)
        if let error = oracle.error {
            Issue.record("\(query.name): DuckDB failed: \(error)\nSQL: \(query.sql)")
            return
        }
        let table = DifferentialTable.shared
        // Ordered results compare row hash by row hash, the others as multisets of row hashes.
        func same(_ a: [UInt64], _ b: [UInt64]) -> Bool {
            query.ordered ? a == b : CanonicalRows.Digest(a) == CanonicalRows.Digest(b)
        }
        var previous: (parallelism: Int, hashes: [UInt64], batches: [RecordBatch])?
        for (parallelism, session) in Self.sessions + (spilling.map { [$0] } ?? []) {
            let frame = try query.build(try table.dataFrame(session))
            let batches = try frame.collectBatches()
            let hashes = CanonicalRows.hashes(batches)
            if !same(hashes, oracle.hashes) {
                let kinds = frame.schema.fields.map { CellKind($0.type) }
                switch ResultCells.rows(oracle, kinds: kinds) {
                case let .failure(failure):
                    Issue.record("\(query.name): DuckDB's result is unusable: \(failure)\nSQL: \(query.sql)")
                    return
                case let .success(expected):
                    let problems = ResultCells.differences(ResultCells.rows(batches, schema: frame.schema), expected, ordered: query.ordered, ulps: query.ulps)
                    #expect(problems.isEmpty, """
                        \(query.name) at parallelism \(parallelism) differs from DuckDB (DataFlow vs DuckDB, \
                        columns \(frame.columns)):
                        \(problems.joined(separator: "\n"))
                        SQL: \(query.sql)
                        """)
                }
            }
            if let previous, !same(hashes, previous.hashes) {
                let problems = ResultCells.differences(ResultCells.rows(batches, schema: frame.schema),
                                                       ResultCells.rows(previous.batches, schema: frame.schema), ordered: query.ordered, ulps: query.ulps)
                #expect(problems.isEmpty, """
                    \(query.name): parallelism \(parallelism) differs from parallelism \(previous.parallelism):
                    \(problems.joined(separator: "\n"))
                    """)
            }
            previous = (parallelism, hashes, batches)
        }
    }
}
