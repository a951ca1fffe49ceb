/// Where the partitions and peer groups (rows with equal order keys) of sorted rows begin and end.
struct WindowLayout {
    /// Start of each partition, then the row count: partition `p` is `starts[p] ..< starts[p + 1]`.
    let partitionStarts: [Int]
    /// Per row: the first and one-past-last row of its peer group.
    let peerStart: [Int32]
    let peerEnd: [Int32]

    /// The layout of `rowCount` rows sorted by partition keys then order keys.
    init(rowCount: Int, partitionKeys: [Column], orderKeys: [Column]) {
        /// true where a row starts a new run of equal keys: the rows are sorted, so a run ends where
        /// a row differs from the one before it (nulls equal nulls).
        func boundaries(_ keys: [Column], after previous: [Bool]?) -> [Bool] {
            var starts = previous ?? [Bool](repeating: false, count: rowCount)
            guard rowCount > 0 else { return starts }
            starts[0] = true
            let access = keys.map { SortKeyAccess(SortKey(column: $0, ascending: true, nullsFirst: true)) }
            withExtendedLifetime(keys) {
                for key in access {
                    for i in 1..<rowCount where !starts[i] && SortKeyAccess.compare(key, i, key, i - 1) != 0 { starts[i] = true }
                }
            }
            return starts
        }
        let partitionBreaks = boundaries(partitionKeys, after: nil)
        let peerBreaks = boundaries(orderKeys, after: partitionBreaks)
        var starts: [Int] = []
        for i in 0..<rowCount where partitionBreaks[i] { starts.append(i) }
        starts.append(rowCount)
        partitionStarts = starts
        var peerStart = [Int32](repeating: 0, count: rowCount)
        var peerEnd = [Int32](repeating: 0, count: rowCount)
        var begin = 0
        for i in 0...rowCount where i == rowCount || (i > 0 && (peerBreaks[i] || partitionBreaks[i])) {
            for j in begin..<i {
                peerStart[j] = Int32(begin)
                peerEnd[j] = Int32(i)
            }
            begin = i
        }
        self.peerStart = peerStart
        self.peerEnd = peerEnd
    }

    /// Calls `body` with each partition's row range.
    func forEachPartition(_ body: (Range<Int>) throws -> Void) rethrows {
        for p in 0..<(partitionStarts.count - 1) { try body(partitionStarts[p]..<partitionStarts[p + 1]) }
    }
}

/// Per row, the frame `lo[i] ..< hi[i]` of a window frame over the layout. Both bounds never move
/// backwards within a partition, which the sliding evaluators rely on.
struct FrameBounds {
    var lo: [Int32]
    var hi: [Int32]

    /// Bounds of `frame`; `orderKey` (sorted ascending in its sort direction) is needed only for
    /// range frames with offsets.
    init(_ frame: WindowFrame, layout: WindowLayout, orderKey: RangeOrderKey?) {
        let count = layout.peerStart.count
        lo = [Int32](repeating: 0, count: count)
        hi = [Int32](repeating: 0, count: count)
        layout.forEachPartition { range in
            let s = range.lowerBound, e = range.upperBound
            switch frame.kind {
            case .rows:
                for i in range {
                    let low = frame.start.offset.map { clamp(i, $0, s, e) } ?? (frame.start == .unboundedPreceding ? s : e)
                    let high = frame.end.offset.map { clamp(i, $0, s, e - 1) + 1 } ?? (frame.end == .unboundedFollowing ? e : s)
                    lo[i] = Int32(low)
                    hi[i] = Int32(max(low, high))
                }
            case .range:
                rangeBounds(frame, range, layout, orderKey)
            }
        }
    }

    /// `i + offset`, clamped to `low...high`.
    private func clamp(_ i: Int, _ offset: Int64, _ low: Int, _ high: Int) -> Int {
        let (target, overflow) = Int64(i).addingReportingOverflow(offset)
        if overflow { return offset < 0 ? low : high }
        return Int(min(max(target, Int64(low)), Int64(high)))
    }

    private mutating func rangeBounds(_ frame: WindowFrame, _ range: Range<Int>, _ layout: WindowLayout, _ key: RangeOrderKey?) {
        let s = range.lowerBound, e = range.upperBound
        // Rows with a null order key sit together at one end; offsets relate only non-null rows,
        // and a null row's offset bounds are its null peers.
        var nonNull = range
        if let key {
            var first = s, last = e
            while first < last && !key.valid[first] { first += 1 }
            while last > first && !key.valid[last - 1] { last -= 1 }
            nonNull = first..<last
        }
        var lowPointer = nonNull.lowerBound, highPointer = nonNull.lowerBound
        for i in range {
            let isNullRow = key.map { !$0.valid[i] } ?? false
            func bound(_ b: FrameBound, upper: Bool) -> Int {
                switch b {
                case .unboundedPreceding: return s
                case .unboundedFollowing: return e
                case .currentRow: return upper ? Int(layout.peerEnd[i]) : Int(layout.peerStart[i])
                case .preceding, .following:
                    guard let key, !isNullRow, let offset = b.offset else { return upper ? Int(layout.peerEnd[i]) : Int(layout.peerStart[i]) }
                    let target = key.shifted(i, by: offset)
                    if upper {
                        // First row whose key is above the target.
                        if highPointer < lowPointer { highPointer = lowPointer }
                        while highPointer < nonNull.upperBound && !key.above(highPointer, target) { highPointer += 1 }
                        return highPointer
                    }
                    while lowPointer < nonNull.upperBound && key.below(lowPointer, target) { lowPointer += 1 }
                    return lowPointer
                }
            }
            let low = bound(frame.start, upper: false)
            let high = bound(frame.end, upper: true)
            lo[i] = Int32(low)
            hi[i] = Int32(max(low, high))
        }
    }
}

/// The order key of a range frame, as numbers ascending in the sort direction (a descending key
/// is negated), so frame targets are `value + offset` either way.
struct RangeOrderKey {
    enum Values {
        case integers([Int64])
        case doubles([Double])
    }

    let values: Values
    let valid: [Bool]

    /// The key of a sorted column; nil for types a range frame cannot offset.
    init?(_ column: Column, ascending: Bool) {
        let sign: Int64 = ascending ? 1 : -1
        valid = (0..<column.count).map { !column.isNull($0) }
        switch column.type {
        case .int32, .date: values = .integers(column.withValues(Int32.self) { v, _ in v.map { Int64($0) * sign } })
        case .int64, .timestamp: values = .integers(column.withValues(Int64.self) { v, _ in v.map { $0 &* sign } })
        case .float64: values = .doubles(column.withValues(Double.self) { v, _ in v.map { $0 * Double(sign) } })
        case let .decimal(_, scale):
            let divisor = Double(powerOfTen(scale))
            values = .doubles(decimalValues(column).map { Double($0) / divisor * Double(sign) })
        default: return nil
        }
    }

    enum Target {
        case integer(Int64)
        case double(Double)
    }

    func shifted(_ i: Int, by offset: Int64) -> Target {
        switch values {
        case let .integers(v):
            let (sum, overflow) = v[i].addingReportingOverflow(offset)
            return .integer(overflow ? (offset < 0 ? Int64.min : Int64.max) : sum)
        case let .doubles(v): return .double(v[i] + Double(offset))
        }
    }

    func below(_ j: Int, _ target: Target) -> Bool {
        switch (values, target) {
        case let (.integers(v), .integer(t)): return v[j] < t
        case let (.doubles(v), .double(t)): return v[j] < t
        default: return false
        }
    }

    func above(_ j: Int, _ target: Target) -> Bool {
        switch (values, target) {
        case let (.integers(v), .integer(t)): return v[j] > t
        case let (.doubles(v), .double(t)): return v[j] > t
        default: return false
        }
    }
}
