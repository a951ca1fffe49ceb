@testable import DataFlow
import Testing

/// Joins checked against a brute-force reference over small tables with null and duplicate keys.
@Suite("Joins")
struct JoinTests {
    static let leftRows: [[Scalar]] = [
        [1, "a", 10], [2, "b", 20], [2, "b2", 25], [3, "c", 30], [.null, "n", 40], [5, "e", 50],
    ]
    static let rightRows: [[Scalar]] = [
        [2, "x", 5], [2, "y", 27], [3, "z", 31], [4, "w", 0], [.null, "q", 40],
    ]

    static func frames(_ session: Session) throws -> (DataFrame, DataFrame) {
        let l = try session.createDataFrame(rows: leftRows, schema: Schema([Field("k", .int64), Field("lname", .string), Field("lv", .int64)]))
        let r = try session.createDataFrame(rows: rightRows, schema: Schema([Field("k", .int64), Field("rname", .string), Field("rv", .int64)]))
        return (l, r)
    }

    /// The reference: every pair, the condition in SQL three-valued logic (nil = unknown).
    static func reference(_ type: JoinType, _ condition: ([Scalar], [Scalar]) -> Bool?) -> [[Scalar]] {
        var out: [[Scalar]] = []
        var rightMatched = Set<Int>()
        let nullsRight: [Scalar] = [.null, .null, .null], nullsLeft: [Scalar] = [.null, .null, .null]
        for l in leftRows {
            var matched = false
            for (j, r) in rightRows.enumerated() where condition(l, r) == true {
                matched = true
                rightMatched.insert(j)
                if type.keepsRightColumns { out.append(l + r) }
            }
            switch type {
            case .leftSemi: if matched { out.append(l) }
            case .leftAnti: if !matched { out.append(l) }
            case .left, .full: if !matched { out.append(l + nullsRight) }
            default: break
            }
        }
        if type == .right || type == .full {
            for (j, r) in rightRows.enumerated() where !rightMatched.contains(j) { out.append(nullsLeft + r) }
        }
        return out
    }

    static func sorted(_ rows: [[Scalar]]) -> [String] { rows.map { $0.map(\.description).joined(separator: "|") }.sorted() }

    static func int(_ s: Scalar) -> Int64? { if case let .int64(v) = s { return v } else { return nil } }

    /// A long column's values (nil for nulls).
    static func values(_ column: Column) -> [Int64?] { (0..<column.count).map { int(column.scalar(at: $0)) } }

    @Test("equi-join on a condition, every type, broadcast and shuffled", arguments: JoinType.allCases.filter { $0 != .cross })
    func equiJoin(type: JoinType) throws {
        for threshold in [0, 1_000_000] {
            for parallelism in [1, 3] {
                let session = Session(parallelism: parallelism, broadcastThreshold: threshold)
                let (l, r) = try Self.frames(session)
                let result = try l.join(r, on: l["k"] == r["k"], how: type).collect().map(\.values)
                let expected = Self.reference(type) { a, b in
                    guard let x = Self.int(a[0]), let y = Self.int(b[0]) else { return nil }
                    return x == y
                }
                #expect(Self.sorted(result) == Self.sorted(expected), "type \(type), threshold \(threshold), parallelism \(parallelism)")
            }
        }
    }

    @Test("equi-join on two integer keys (packed into one), every type, broadcast and shuffled", arguments: JoinType.allCases.filter { $0 != .cross })
    func twoIntegerKeys(type: JoinType) throws {
        for threshold in [0, 1_000_000] {
            let session = Session(parallelism: 2, broadcastThreshold: threshold)
            let (l, r) = try Self.frames(session)
            let condition = l["k"].cast(.int32) == r["k"].cast(.int32) && l["lv"] % 7 == r["rv"] % 7
            let result = try l.join(r, on: condition, how: type).collect().map(\.values)
            let expected = Self.reference(type) { a, b in
                guard let x = Self.int(a[0]), let y = Self.int(b[0]), let v = Self.int(a[2]), let w = Self.int(b[2]) else { return nil }
                return x == y && v % 7 == w % 7
            }
            #expect(Self.sorted(result) == Self.sorted(expected), "type \(type), threshold \(threshold)")
        }
    }

    @Test("packed keys: mixed-radix digits over the build ranges; nulls and values outside a range pack to -1")
    func keyPacking() throws {
        let first = try Column([10, 12, 11, 0] as [Int32], type: .int32, validity: [true, true, true, false])
        let second = try Column([-5, 5, 0, 1] as [Int64])
        let packing = try #require(IntegerKeyPacking([first, second], nullSafe: [false, false], rows: [0, 1, 2]))
        // Digits (value - minimum) with radixes 3 (10...12) and 11 (-5...5): first + 3 * second,
        // so (12, 5) is 2 + 3 * 10 and (11, 0) is 1 + 3 * 5.
        let expected: [Int64?] = [0, 32, 16, -1]
        #expect(Self.values(packing.pack([first, second])) == expected)
        let probe = try Column([13, 10, 9] as [Int32], type: .int32), probeSecond = try Column([0, 6, 0] as [Int64])
        let outside: [Int64?] = [-1, -1, -1]
        #expect(Self.values(packing.pack([probe, probeSecond])) == outside)
        #expect(IntegerKeyPacking([first, second], nullSafe: [false, true], rows: nil) == nil)
        let wide = try Column([Int64.min, Int64.max] as [Int64])
        #expect(IntegerKeyPacking([wide, second.slice(0, 2)], nullSafe: [false, false], rows: nil) == nil)
        #expect(IntegerKeyPacking([second], nullSafe: [false], rows: nil) == nil)
    }

    @Test("equi-join with an extra condition applied inside the join", arguments: [JoinType.inner, .left, .right, .full, .leftSemi, .leftAnti])
    func equiWithResidual(type: JoinType) throws {
        let session = Session(parallelism: 2, broadcastThreshold: 0)
        let (l, r) = try Self.frames(session)
        let result = try l.join(r, on: l["k"] == r["k"] && col("rv") > col("lv"), how: type).collect().map(\.values)
        let expected = Self.reference(type) { a, b in
            guard let x = Self.int(a[0]), let y = Self.int(b[0]), let lv = Self.int(a[2]), let rv = Self.int(b[2]) else { return nil }
            return x == y && rv > lv
        }
        #expect(Self.sorted(result) == Self.sorted(expected))
    }

    @Test("a shuffled join whose build side turns out small broadcasts it, its probe side's exchange never run; the same rows either way",
          arguments: JoinType.allCases.filter { $0 != .cross })
    func adaptiveBroadcast(type: JoinType) throws {
        let distinctLeft = Self.leftRows.count
        // The left side's distinct rows are guessed at the union's size, twice the threshold: planned
        // shuffled, building left. Found within the threshold it is broadcast; one row over, it is not.
        for (threshold, broadcasts) in [(distinctLeft, true), (distinctLeft - 1, false)] {
            for parallelism in [1, 3] {
                let session = Session(parallelism: parallelism, broadcastThreshold: threshold)
                let (l, r) = try Self.frames(session)
                let left = try l.union(l).distinct()
                let copies = 5
                let copied = try (1..<copies).reduce(r) { frame, _ in try frame.union(r) }
                let frame = try left.join(copied, on: left["k"] == copied["k"], how: type)
                let plan = try frame.explain()
                #expect(plan.contains("ShuffledHashJoin \(type.rawValue)") && plan.contains("build left"), "\(plan)")
                let expected = Self.reference(type) { a, b in
                    guard let x = Self.int(a[0]), let y = Self.int(b[0]) else { return nil }
                    return x == y
                }
                let reference = type.keepsRightColumns ? expected.flatMap { row in row[4].isNull ? [row] : Array(repeating: row, count: copies) } : expected
                #expect(Self.sorted(try frame.collect().map(\.values)) == Self.sorted(reference), "type \(type), threshold \(threshold), parallelism \(parallelism)")
                // The probe side's exchange (the join's other input) reads nothing when the build side is broadcast.
                let lines = try frame.explain(.analyze).components(separatedBy: "\n")
                let skipped = zip(lines, lines.dropFirst()).contains { line, metrics in
                    line.contains("Exchange hashpartitioning(k#") && metrics.contains("[rows=0, batches=0")
                }
                #expect(skipped == broadcasts, "type \(type), threshold \(threshold): \(lines.joined(separator: "\n"))")
            }
        }
    }

    @Test("a join builds on its smaller left side, broadcast or shuffled; rows emitted by their matches come after every probe partition",
          arguments: JoinType.allCases.filter { $0 != .cross })
    func buildingLeft(type: JoinType) throws {
        for (threshold, strategy) in [(0, "ShuffledHashJoin"), (1_000_000, "BroadcastHashJoin")] {
            for parallelism in [1, 3] {
                let session = Session(parallelism: parallelism, broadcastThreshold: threshold)
                let (l, r) = try Self.frames(session)
                // Every right row five times, from several partitions: the right side is the larger
                // by far, and duplicates must not duplicate left rows of semi and anti joins.
                let copies = 5
                let copied = try (1..<copies).reduce(r) { frame, _ in try frame.union(r) }
                for withResidual in [false, true] {
                    let condition = withResidual ? l["k"] == copied["k"] && col("rv") > col("lv") : l["k"] == copied["k"]
                    let frame = try l.join(copied, on: condition, how: type)
                    let plan = try frame.explain()
                    #expect(plan.contains("\(strategy) \(type.rawValue), keys [k#") && plan.contains("build left"), "\(plan)")
                    let expected = Self.reference(type) { a, b in
                        guard let x = Self.int(a[0]), let y = Self.int(b[0]), let lv = Self.int(a[2]), let rv = Self.int(b[2]) else { return nil }
                        return x == y && (!withResidual || rv > lv)
                    }
                    // Rows with a right side (its name is never null) come once per copy.
                    let reference = type.keepsRightColumns ? expected.flatMap { row in row[4].isNull ? [row] : Array(repeating: row, count: copies) } : expected
                    #expect(Self.sorted(try frame.collect().map(\.values)) == Self.sorted(reference),
                            "type \(type), \(strategy), parallelism \(parallelism), residual \(withResidual)")
                }
            }
        }
    }

    @Test("null-safe equality matches nulls")
    func nullSafe() throws {
        let (l, r) = try Self.frames(Session(parallelism: 2))
        let result = try l.join(r, on: l["k"].eqNullSafe(r["k"])).collect().map(\.values)
        let expected = Self.reference(.inner) { a, b in a[0] == b[0] }
        #expect(Self.sorted(result) == Self.sorted(expected))
    }

    @Test("range joins: band conditions, every type", arguments: [JoinType.inner, .left, .right, .full, .leftSemi, .leftAnti])
    func rangeJoin(type: JoinType) throws {
        let (l, r) = try Self.frames(Session(parallelism: 2))
        let condition = col("rv") >= col("lv") - 5 && col("rv") < col("lv") + 5
        let frame = try l.join(r, on: condition, how: type)
        #expect(try frame.explain().contains("RangeJoin"))
        let expected = Self.reference(type) { a, b in
            guard let lv = Self.int(a[2]), let rv = Self.int(b[2]) else { return nil }
            return rv >= lv - 5 && rv < lv + 5
        }
        #expect(Self.sorted(try frame.collect().map(\.values)) == Self.sorted(expected))
    }

    @Test("nested-loop join for other conditions, and cross join")
    func nestedLoop() throws {
        let (l, r) = try Self.frames(Session(parallelism: 2))
        let frame = try l.join(r, on: col("lv") != col("rv") && col("lname") < col("rname"), how: .left)
        #expect(try frame.explain().contains("NestedLoopJoin"))
        let expected = Self.reference(.left) { a, b in
            guard let lv = Self.int(a[2]), let rv = Self.int(b[2]), case let .string(ln) = a[1], case let .string(rn) = b[1] else { return nil }
            return lv != rv && ln < rn
        }
        #expect(Self.sorted(try frame.collect().map(\.values)) == Self.sorted(expected))
        #expect(try l.crossJoin(r).count() == 30)
    }

    @Test("USING joins keep one key column; a full join coalesces it")
    func usingJoin() throws {
        let (l, r) = try Self.frames(Session(parallelism: 2))
        let inner = try l.join(r, on: ["k"])
        #expect(inner.columns == ["k", "lname", "lv", "rname", "rv"])
        #expect(try inner.count() == 5)
        let full = try l.join(r, on: "k", how: .full).orderBy(col("k").ascNullsFirst(), col("lname"), col("rname"))
        let keys = try full.collect().map { $0["k"]! }
        #expect(keys == [.null, .null, 1, 2, 2, 2, 2, 3, 4, 5])
        #expect(try l.join(r, on: ["k"], how: .leftSemi).columns == ["k", "lname", "lv"])
    }

    @Test("aliases qualify columns in conditions; ambiguous names are an analysis error")
    func aliases() throws {
        let (l, r) = try Self.frames(Session())
        let joined = try l.alias("a").join(r.alias("b"), on: col("a.k") == col("b.k") && col("b.rv") > 20)
        #expect(try joined.select(col("a.lname"), col("b.rname")).orderBy(col("lname")).collect().map(\.values)
            == [["b", "y"], ["b2", "y"], ["c", "z"]])
        #expect(throws: DataFlowError.self) { try l.join(r, on: col("k") == col("k")) }
    }

    @Test("filters on one side move below the join")
    func filterPushdown() throws {
        let (l, r) = try Self.frames(Session())
        let frame = try l.join(r, on: l["k"] == r["k"]).filter(col("lv") > 15 && col("rname") != "x")
        let optimized = try frame.optimizedPlan().description
        #expect(optimized.hasPrefix("Join inner"))
        #expect(try frame.count() == 3)
    }
}

@Suite("Joins on unique dense keys")
struct DenseKeyJoinTests {
    @Test("unique integer build keys with gaps (slot layout and direct index), every type", arguments: JoinType.allCases.filter { $0 != .cross })
    func uniqueKeys(type: JoinType) throws {
        let session = Session(parallelism: 2)
        // Build side: keys 0, 3, 6, ... (unique, gaps), one null key. Probe: keys 0..<40 with nulls and repeats.
        let buildRows: [[Scalar]] = (0..<10).map { [.int64(Int64($0 * 3)), .string("b\($0)")] } + [[.null, "bn"]]
        let probeRows: [[Scalar]] = (0..<60).map { i in [i % 7 == 0 ? .null : .int64(Int64(i % 40)), .int64(Int64(i))] }
        let probe = try session.createDataFrame(rows: probeRows, schema: Schema([Field("k", .int64), Field("i", .int64)]))
        let build = try session.createDataFrame(rows: buildRows, schema: Schema([Field("k", .int64), Field("name", .string)]))
        let result = try probe.join(build, on: probe["k"] == build["k"], how: type).collect().map(\.values)
        var expected: [[Scalar]] = []
        var matchedBuild = Set<Int>()
        for p in probeRows {
            let matches = buildRows.indices.filter { buildRows[$0][0] == p[0] && !p[0].isNull }
            matchedBuild.formUnion(matches)
            switch type {
            case .leftSemi: if !matches.isEmpty { expected.append(p) }
            case .leftAnti: if matches.isEmpty { expected.append(p) }
            default:
                for m in matches { expected.append(p + buildRows[m]) }
                if matches.isEmpty && (type == .left || type == .full) { expected.append(p + [.null, .null]) }
            }
        }
        if type == .right || type == .full {
            for (index, row) in buildRows.enumerated() where !matchedBuild.contains(index) { expected.append([.null, .null] + row) }
        }
        #expect(JoinTests.sorted(result) == JoinTests.sorted(expected))
    }
}
