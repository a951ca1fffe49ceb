@testable import DataFlow
import Testing

/// Window functions checked against a brute-force reference: for each row, its partition is
/// sorted, peers and frames are found by definition, and the function is computed directly.
@Suite("Window functions")
struct WindowTests {
    /// (g, t, v): partition g, order key t (ties and nulls), value v (nulls).
    static let rows: [[Scalar]] = {
        var random = SeededRandom(seed: 11)
        return (0..<120).map { i in
            let r = Int64(random.next() >> 40)
            return [.int64(r % 4), r % 11 == 0 ? .null : .int64(r % 9), (r / 7) % 5 == 0 ? .null : .int64((r / 3) % 50)]
        }
    }()

    static func frame(_ parallelism: Int) throws -> DataFrame {
        try Session(parallelism: parallelism, batchSize: 16)
            .createDataFrame(rows: rows.enumerated().map { [.int64(Int64($0.offset))] + $0.element },
                             schema: Schema([Field("id", .int64), Field("g", .int64), Field("t", .int64), Field("v", .int64)]))
    }

    /// Rows of each partition ordered by t ascending nulls first, ties by id (the engine's order is
    /// stable within a partition only up to ties, so references for tie-sensitive functions only
    /// use peer-invariant results).
    static func partitions() -> [Int64: [(id: Int64, t: Int64?, v: Int64?)]] {
        var groups: [Int64: [(id: Int64, t: Int64?, v: Int64?)]] = [:]
        for (id, row) in rows.enumerated() {
            guard case let .int64(g) = row[0] else { continue }
            let t: Int64? = if case let .int64(x) = row[1] { x } else { nil }
            let v: Int64? = if case let .int64(x) = row[2] { x } else { nil }
            groups[g, default: []].append((Int64(id), t, v))
        }
        for key in groups.keys {
            groups[key]!.sort { a, b in
                switch (a.t, b.t) {
                case (nil, nil): return a.id < b.id
                case (nil, _): return true
                case (_, nil): return false
                case let (x?, y?): return x != y ? x < y : a.id < b.id
                }
            }
        }
        return groups
    }

    /// Computes `f` for every row via its sorted partition; the result is keyed by id.
    static func reference(_ f: ([(id: Int64, t: Int64?, v: Int64?)], Int) -> Scalar) -> [Int64: Scalar] {
        var out: [Int64: Scalar] = [:]
        for (_, part) in partitions() {
            for i in part.indices { out[part[i].id] = f(part, i) }
        }
        return out
    }

    static func peers(_ part: [(id: Int64, t: Int64?, v: Int64?)], _ i: Int) -> Range<Int> {
        var s = i, e = i + 1
        while s > 0 && part[s - 1].t == part[i].t { s -= 1 }
        while e < part.count && part[e].t == part[i].t { e += 1 }
        return s..<e
    }

    static func check(_ expr: Expr, parallelism: Int, _ expected: [Int64: Scalar], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try frame(parallelism).select(col("id"), expr.alias("w")).collect()
        var got: [Int64: Scalar] = [:]
        for row in result { if case let .int64(id) = row[0] { got[id] = row[1] } }
        #expect(got.count == rows.count, sourceLocation: sourceLocation)
        for (id, value) in expected where got[id] != value {
            Issue.record("row \(id): expected \(value), got \(String(describing: got[id]))", sourceLocation: sourceLocation)
            return
        }
    }

    static let ordered = Window.partitionBy("g").orderBy(col("t").ascNullsFirst())

    @Test("ranking functions", arguments: [1, 3])
    func ranking(parallelism: Int) throws {
        try Self.check(Expr.rank().over(Self.ordered), parallelism: parallelism, Self.reference { part, i in .int32(Int32(Self.peers(part, i).lowerBound + 1)) })
        try Self.check(Expr.denseRank().over(Self.ordered), parallelism: parallelism, Self.reference { part, i in
            var groups: Int32 = 0
            for j in 0...i where j == 0 || part[j].t != part[j - 1].t { groups += 1 }
            return .int32(groups)
        })
        try Self.check(Expr.percentRank().over(Self.ordered), parallelism: parallelism, Self.reference { part, i in
            .float64(part.count > 1 ? Double(Self.peers(part, i).lowerBound) / Double(part.count - 1) : 0)
        })
        try Self.check(Expr.cumeDist().over(Self.ordered), parallelism: parallelism, Self.reference { part, i in
            .float64(Double(Self.peers(part, i).upperBound) / Double(part.count))
        })
        // row_number and ntile over a total order (t, id).
        let total = Window.partitionBy("g").orderBy(col("t").ascNullsFirst(), col("id"))
        try Self.check(Expr.rowNumber().over(total), parallelism: parallelism, Self.reference { _, i in .int32(Int32(i + 1)) })
        try Self.check(Expr.ntile(7).over(total), parallelism: parallelism, Self.reference { part, i in
            let n = 7, size = part.count / n, extra = part.count % n
            let bucket = i < extra * (size + 1) ? i / (size + 1) + 1 : (size == 0 ? i + 1 : (i - extra * (size + 1)) / size + extra + 1)
            return .int32(Int32(bucket))
        })
        try Self.check(Expr.lag(col("v"), 2, lit(-1)).over(total), parallelism: parallelism, Self.reference { part, i in
            i >= 2 ? part[i - 2].v.map(Scalar.int64) ?? .null : .int64(-1)
        })
        try Self.check(Expr.lead(col("v")).over(total), parallelism: parallelism, Self.reference { part, i in
            i + 1 < part.count ? part[i + 1].v.map(Scalar.int64) ?? .null : .null
        })
    }

    /// The reference value of an aggregate over rows `frame` of the partition.
    static func aggregate(_ kind: String, _ part: [(id: Int64, t: Int64?, v: Int64?)], _ frame: Range<Int>) -> Scalar {
        let values = frame.compactMap { part[$0].v }
        switch kind {
        case "sum": return values.isEmpty ? .null : .int64(values.reduce(0, +))
        case "count": return .int64(Int64(values.count))
        case "min": return values.min().map(Scalar.int64) ?? .null
        case "max": return values.max().map(Scalar.int64) ?? .null
        case "avg": return values.isEmpty ? .null : .float64(Double(values.reduce(0, +)) / Double(values.count))
        case "distinct": return .int64(Int64(Set(values).count))
        default: return .null
        }
    }

    static func call(_ kind: String) -> Expr {
        switch kind {
        case "sum": return .sum("v")
        case "count": return .count("v")
        case "min": return .min("v")
        case "max": return .max("v")
        case "avg": return .avg("v")
        default: return .countDistinct("v")
        }
    }

    @Test("aggregates over the default frames, rows frames and range frames", arguments: ["sum", "count", "min", "max", "avg", "distinct"])
    func aggregates(kind: String) throws {
        // Default with an order: range from the partition start through the current row's peers.
        try Self.check(Self.call(kind).over(Self.ordered), parallelism: 2, Self.reference { part, i in
            Self.aggregate(kind, part, 0..<Self.peers(part, i).upperBound)
        })
        // No order: the whole partition.
        try Self.check(Self.call(kind).over(Window.partitionBy("g")), parallelism: 2, Self.reference { part, _ in
            Self.aggregate(kind, part, 0..<part.count)
        })
        // Sliding rows frame over a total order.
        let total = Window.partitionBy("g").orderBy(col("t").ascNullsFirst(), col("id"))
        try Self.check(Self.call(kind).over(total.rowsBetween(-3, 1)), parallelism: 3, Self.reference { part, i in
            Self.aggregate(kind, part, max(0, i - 3)..<min(part.count, i + 2))
        })
        // Range frame with offsets over t: rows with t in [t - 2, t + 1]; a null t sees its null peers.
        try Self.check(Self.call(kind).over(Self.ordered.rangeBetween(-2, 1)), parallelism: 1, Self.reference { part, i in
            guard let t = part[i].t else { return Self.aggregate(kind, part, Self.peers(part, i)) }
            let frame = part.indices.filter { part[$0].t.map { $0 >= t - 2 && $0 <= t + 1 } ?? false }
            return Self.aggregate(kind, part, (frame.first ?? 0)..<((frame.last ?? -1) + 1))
        })
    }

    @Test("first, last and nth values of frames, with and without nulls")
    func frameValues() throws {
        let total = Window.partitionBy("g").orderBy(col("t").ascNullsFirst(), col("id"))
        let sliding = total.rowsBetween(-2, 2)
        func reference(_ which: (ArraySlice<Int64?>) -> Int64??) -> [Int64: Scalar] {
            Self.reference { part, i in
                let frame = part[max(0, i - 2)..<min(part.count, i + 3)].map(\.v)
                guard let value = which(frame[...]) else { return .null }
                return value.map(Scalar.int64) ?? .null
            }
        }
        try Self.check(Expr.firstValue(col("v")).over(sliding), parallelism: 2, reference { $0.first })
        try Self.check(Expr.lastValue(col("v")).over(sliding), parallelism: 2, reference { $0.last })
        try Self.check(Expr.firstValue(col("v"), ignoreNulls: true).over(sliding), parallelism: 2, reference { frame in frame.first { $0 != nil } })
        try Self.check(Expr.lastValue(col("v"), ignoreNulls: true).over(sliding), parallelism: 2, reference { frame in frame.last { $0 != nil } })
        try Self.check(Expr.nthValue(col("v"), 2).over(sliding), parallelism: 2, reference { $0.count >= 2 ? $0[$0.startIndex + 1] : nil })
    }

    @Test("rowNumber() == 1 runs as the top-1 path and keeps the first row per key")
    func topOne() throws {
        let frame = try Self.frame(2)
        let latest = try frame.withColumn("rn", Expr.rowNumber().over(Window.partitionBy("g").orderBy(col("t").descNullsLast(), col("id"))))
            .filter(col("rn") == 1)
        #expect(try latest.explain().contains("TopOnePerKey"))
        let rows = try latest.orderBy(col("g")).collect()
        let expected = Self.partitions().sorted { $0.key < $1.key }.map { _, part in
            // Descending t with nulls last, then id ascending.
            part.max { a, b in
                switch (a.t, b.t) {
                case (nil, nil): return a.id > b.id
                case (nil, _): return true
                case (_, nil): return false
                case let (x?, y?): return x != y ? x < y : a.id > b.id
                }
            }!.id
        }
        #expect(rows.map { $0["id"]! } == expected.map(Scalar.int64))
        #expect(rows.allSatisfy { $0["rn"] == .int32(1) })
    }

    @Test("functions sharing a spec are computed in one pass; a running sum per key")
    func onePass() throws {
        let spec = Window.partitionBy("g").orderBy(col("t").ascNullsFirst(), col("id"))
        let frame = try Self.frame(2).select(col("id"), Expr.rowNumber().over(spec).alias("rn"), Expr.sum("v").over(spec).alias("running"))
        let explain = try frame.explain()
        #expect(explain.contains("2 functions in one pass"))
        try Self.check(Expr.sum("v").over(spec.rowsBetween(Window.unboundedPreceding, Window.currentRow)), parallelism: 2, Self.reference { part, i in
            Self.aggregate("sum", part, 0..<(i + 1))
        })
    }

    @Test("window errors name the problem")
    func errors() throws {
        let frame = try Self.frame(1)
        #expect(throws: DataFlowError.self) { try frame.select(Expr.rowNumber().over(Window.partitionBy("g"))) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.rowNumber()) }
        #expect(throws: DataFlowError.self) { try frame.select(col("v").over(Window.partitionBy("g"))) }
        #expect(throws: DataFlowError.self) { try frame.select(Expr.sum("v").over(Window.orderBy("g", "t").rangeBetween(-1, 1))) }
    }
}
