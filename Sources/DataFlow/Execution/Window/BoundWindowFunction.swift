/// A window function bound to its input schema, evaluated over rows sorted by partition and order
/// keys: one pass per partition, sliding aggregates updated incrementally as the frame moves.
struct BoundWindowFunction: Sendable {
    let function: WindowFunction
    let field: Field
    /// The value argument (offsets, frame values), bound.
    let value: (any PhysicalExpr)?
    /// The default of lag/lead, cast to the value's type.
    let fallback: (any PhysicalExpr)?
    /// The aggregate, for aggregate functions (its argument is cast to what it sums).
    let aggregate: BoundAggregate?

    init(_ function: WindowFunction, field: Field, spec: WindowSpec, input: [Attribute], context: BindContext) throws {
        self.function = function
        self.field = field
        let binder = ExprBinder(input: input, context: context)
        switch function {
        case let .offset(value, _, fallback):
            let bound = try binder.bind(value)
            self.value = bound
            self.fallback = try fallback.map { try binder.coerce(try binder.bind($0), to: field.type) }
            aggregate = nil
        case let .frameValue(value, _, _):
            self.value = try binder.bind(value)
            fallback = nil
            aggregate = nil
        case let .aggregate(call):
            aggregate = try BoundAggregate(call, name: field.name, input: input, context: context)
            value = nil
            fallback = nil
        default:
            value = nil
            fallback = nil
            aggregate = nil
        }
    }

    /// The function's column over `sorted` rows.
    func evaluate(_ sorted: RecordBatch, layout: WindowLayout, bounds: FrameBounds) throws -> Column {
        let count = sorted.rowCount
        switch function {
        case .rowNumber, .rank, .denseRank, .ntile:
            var out = [Int32](repeating: 0, count: count)
            layout.forEachPartition { range in
                let s = range.lowerBound, size = range.count
                var dense: Int32 = 0
                for i in range {
                    switch function {
                    case .rowNumber: out[i] = Int32(i - s + 1)
                    case .rank: out[i] = layout.peerStart[i] - Int32(s) + 1
                    case .denseRank:
                        if i == Int(layout.peerStart[i]) { dense += 1 }
                        out[i] = dense
                    case let .ntile(n):
                        // Spark: n buckets; the first size % n buckets hold one extra row.
                        let j = i - s, base = size / n, extra = size % n
                        out[i] = Int32(j < extra * (base + 1) ? j / (base + 1) + 1 : (base == 0 ? j + 1 : (j - extra * (base + 1)) / base + extra + 1))
                    default: break
                    }
                }
            }
            return try Column(out)
        case .percentRank, .cumeDist:
            var out = [Double](repeating: 0, count: count)
            layout.forEachPartition { range in
                let s = range.lowerBound, size = Double(range.count)
                for i in range {
                    if case .percentRank = function {
                        out[i] = range.count > 1 ? Double(Int(layout.peerStart[i]) - s) / (size - 1) : 0
                    } else {
                        out[i] = Double(Int(layout.peerEnd[i]) - s) / size
                    }
                }
            }
            return try Column(out)
        case let .offset(_, offset, _):
            let values = try value!.evaluateColumn(sorted)
            var indices = [Int32](repeating: -1, count: count)
            layout.forEachPartition { range in
                for i in range where range.contains(i + offset) { indices[i] = Int32(i + offset) }
            }
            let shifted = take(values, indices: indices)
            guard let fallback else { return shifted }
            let defaults = try fallback.evaluateColumn(sorted)
            return interleave([shifted, defaults], choice: indices.map { $0 >= 0 ? 0 : 1 }, type: field.type)
        case let .frameValue(_, which, ignoreNulls):
            let values = try value!.evaluateColumn(sorted)
            return take(values, indices: frameValueIndices(values, which, ignoreNulls, layout, bounds))
        case .aggregate:
            return try evaluateAggregate(sorted, layout: layout, bounds: bounds)
        case let .unsupported(expr):
            throw DataFlowError(.analysis, "\(expr) is not a window function")
        }
    }

    /// Per row, the index of the frame's first, last or n-th (non-null) value, -1 for none.
    private func frameValueIndices(_ values: Column, _ which: WindowFunction.FrameValue, _ ignoreNulls: Bool,
                                   _ layout: WindowLayout, _ bounds: FrameBounds) -> [Int32] {
        let count = values.count
        var out = [Int32](repeating: -1, count: count)
        if !ignoreNulls || !values.hasNulls {
            for i in 0..<count {
                let lo = Int(bounds.lo[i]), hi = Int(bounds.hi[i])
                switch which {
                case .first: if lo < hi { out[i] = Int32(lo) }
                case .last: if lo < hi { out[i] = Int32(hi - 1) }
                case let .nth(n): if lo + n - 1 < hi { out[i] = Int32(lo + n - 1) }
                }
            }
            return out
        }
        // The positions of non-null values; the k-th non-null at or after lo by binary search.
        let validity = values.validityView
        let positions = (0..<count).filter { validity[$0] }.map { Int32($0) }
        func firstAtOrAfter(_ row: Int) -> Int {
            var low = 0, high = positions.count
            while low < high {
                let mid = (low + high) / 2
                if Int(positions[mid]) < row { low = mid + 1 } else { high = mid }
            }
            return low
        }
        for i in 0..<count {
            let lo = Int(bounds.lo[i]), hi = Int(bounds.hi[i])
            guard lo < hi else { continue }
            let first = firstAtOrAfter(lo), end = firstAtOrAfter(hi)
            switch which {
            case .first: if first < end { out[i] = positions[first] }
            case .last: if first < end { out[i] = positions[end - 1] }
            case let .nth(n): if first + n - 1 < end { out[i] = positions[first + n - 1] }
            }
        }
        return out
    }

    private func evaluateAggregate(_ sorted: RecordBatch, layout: WindowLayout, bounds: FrameBounds) throws -> Column {
        guard let aggregate else { throw DataFlowError.internalError("aggregate window function without an aggregate") }
        let call = aggregate.call
        let input = try aggregate.argument?.evaluateColumn(sorted)
        let count = sorted.rowCount
        if call.distinct {
            guard call.kind == .count, let input else {
                throw DataFlowError(.notImplemented, "\(call.name)(DISTINCT …) over a window is not supported; count(DISTINCT …) is")
            }
            return try Column(slidingDistinctCounts(input, bounds).map { Int64($0) })
        }
        switch call.kind {
        case .count, .countIf:
            // Prefix counts of the counted rows; a frame's count is a difference.
            var prefix = [Int64](repeating: 0, count: count + 1)
            let validity = input?.validityView ?? .allSet
            for i in 0..<count { prefix[i + 1] = prefix[i] + (validity[i] ? 1 : 0) }
            return try Column((0..<count).map { prefix[Int(bounds.hi[$0])] - prefix[Int(bounds.lo[$0])] })
        case .sum, .avg:
            guard let input else { throw DataFlowError.internalError("sum without an argument") }
            // Decimal frames sum in 128 bits, as the grouped accumulators do.
            let summed = if case let .decimal(_, scale) = input.type {
                try cast(input, to: .decimal(precision: DataType.maxDecimalPrecision, scale: scale), options: CastOptions(strict: false, timeZone: .utc))
            } else { input }
            let (sums, counts) = try slidingSums(summed, bounds)
            if call.kind == .sum {
                return aggregate.resultType == sums.type ? sums
                    : try cast(sums, to: aggregate.resultType, options: CastOptions(strict: false, timeZone: .utc))
            }
            return try averages(sums: sums, counts: counts, resultType: aggregate.resultType)
        case .min, .max:
            guard let input else { throw DataFlowError.internalError("min/max without an argument") }
            return take(input, indices: slidingExtremes(input, bounds, isMax: call.kind == .max))
        case .boolAnd, .boolOr:
            guard let input else { throw DataFlowError.internalError("\(call.kind.rawValue) without an argument") }
            let extremes = take(input, indices: slidingExtremes(input, bounds, isMax: call.kind == .boolOr))
            return try cast(extremes, to: .boolean, options: CastOptions(strict: false, timeZone: .utc))
        case .stddevSamp, .stddevPop, .varSamp, .varPop, .skewness, .kurtosis:
            guard let input else { throw DataFlowError.internalError("\(call.kind.rawValue) without an argument") }
            return try slidingMoments(input, bounds, kind: call.kind)
        case .collectList, .collectSet:
            guard let input else { throw DataFlowError.internalError("\(call.kind.rawValue) without an argument") }
            return frameCollections(input, bounds, distinct: call.kind == .collectSet)
        case .corr, .covarPop, .covarSamp, .regrCount, .regrAvgX, .regrAvgY, .regrSXX, .regrSYY, .regrSXY, .regrSlope, .regrIntercept, .regrR2:
            guard let input else { throw DataFlowError.internalError("\(call.kind.rawValue) without its arguments") }
            return try slidingCoMoments(input, bounds, kind: call.kind)
        case .bitAnd, .bitOr, .bitXor:
            guard let input else { throw DataFlowError.internalError("\(call.kind.rawValue) without an argument") }
            return try slidingBitwise(input, bounds, kind: call.kind)
        case .percentile, .percentileApprox, .median:
            guard let input, let accumulator = aggregate.makeAccumulator() as? PercentileAccumulator else {
                throw DataFlowError.internalError("\(call.kind.rawValue) without its argument")
            }
            return try accumulator.percentiles.of(frameCollections(input, bounds, distinct: false))
        case .maxBy, .minBy:
            guard let input, input.children.count == 2 else { throw DataFlowError.internalError("\(call.kind.rawValue) without its arguments") }
            let fields = input.fieldColumns
            return take(fields[0], indices: slidingExtremes(fields[1], bounds, isMax: call.kind == .maxBy))
        case .user:
            guard let input, let function = call.userAggregate else { throw DataFlowError.internalError("\(call.name) without its function or argument") }
            return try function.evaluateFrames(input, bounds)
        case .first, .last:
            guard let input else { throw DataFlowError.internalError("first/last without an argument") }
            let which: WindowFunction.FrameValue = call.kind == .first ? .first : .last
            return take(input, indices: frameValueIndices(input, which, call.ignoreNulls, layout, bounds))
        }
    }
}

/// Sums and non-null counts over each row's frame, adding rows as the frame's end advances and
/// removing them as its start does (frames never move backwards within a partition).
func slidingSums(_ input: Column, _ bounds: FrameBounds) throws -> (Column, [Int64]) {
    switch input.type.physical {
    case .int64: return try slidingSums(input, bounds, Int64.self)
    case .float64: return try slidingSums(input, bounds, Double.self)
    case .int128: return try slidingSums(input, bounds, Int128.self)
    default: throw DataFlowError.internalError("sliding sum over \(input.type)")
    }
}

@_specialize(where T == Int64)
@_specialize(where T == Double)
@_specialize(where T == Int128)
private func slidingSums<T: ArithmeticValue>(_ input: Column, _ bounds: FrameBounds, _: T.Type) throws -> (Column, [Int64]) {
    let count = input.count
    var sums = [T](repeating: T.zero, count: count)
    var counts = [Int64](repeating: 0, count: count)
    input.withValues(T.self) { values, validity in
        var total = T.zero, n: Int64 = 0
        var lo = 0, hi = 0
        for i in 0..<count {
            let newLo = Int(bounds.lo[i]), newHi = Int(bounds.hi[i])
            if newLo >= hi || newLo < lo {
                // A new partition (or a jump past the old frame): start over.
                total = T.zero
                n = 0
                lo = newLo
                hi = newLo
            }
            while hi < newHi {
                if validity[hi] { total = T.add(total, values[hi]); n += 1 }
                hi += 1
            }
            while lo < newLo {
                if validity[lo] { total = T.subtract(total, values[lo]); n -= 1 }
                lo += 1
            }
            sums[i] = total
            counts[i] = n
        }
    }
    let column = try Column(fixedWidth: sums, type: input.type, physical: input.type.physical, validity: counts.map { $0 > 0 })
    return (column, counts)
}

/// Averages from frame sums and counts: doubles divide; decimals round half up to the result scale.
func averages(sums: Column, counts: [Int64], resultType: DataType) throws -> Column {
    if case let .decimal(p, s) = resultType, case let .decimal(_, sumScale) = sums.type {
        let totals = decimalValues(sums)
        let values = (0..<counts.count).map { i -> Int128? in
            guard counts[i] > 0, let scaled = rescaleDecimal(totals[i], from: sumScale, to: s + 1) else { return nil }
            return roundDecimal(scaled / Int128(counts[i]), from: 1, to: 0)
        }
        return try makeDecimalColumn(sums, values: values, precision: p, scale: s, strict: false)
    }
    let doubles = sums.type == .float64 ? sums : try cast(sums, to: .float64, options: CastOptions(strict: false, timeZone: .utc))
    return try doubles.withValues(Double.self) { values, _ in
        try Column((0..<counts.count).map { counts[$0] > 0 ? values[$0] / Double(counts[$0]) : 0 }, validity: counts.map { $0 > 0 })
    }
}

/// Per row, the index of the smallest (or largest) non-null value of its frame, -1 for none: a
/// monotonic deque of candidate indices, each pushed and popped once per partition.
func slidingExtremes(_ input: Column, _ bounds: FrameBounds, isMax: Bool) -> [Int32] {
    let count = input.count
    let validity = input.validityView
    let better: (Int, Int) -> Bool
    if let keys = orderedKeys(input) {
        better = { a, b in isMax ? keys[a] > keys[b] : keys[a] < keys[b] }
    } else if input.type.isVariableWidth {
        better = { a, b in
            input.withBytes { offsets, data, _ in
                let order = compareBytes(data + Int(offsets[a]), Int(offsets[a + 1] - offsets[a]), data + Int(offsets[b]), Int(offsets[b + 1] - offsets[b]))
                return isMax ? order > 0 : order < 0
            }
        }
    } else {
        let ints = (try? cast(input, to: .int64, options: CastOptions(strict: false, timeZone: .utc))) ?? input
        let keys = orderedKeys(ints) ?? []
        better = { a, b in isMax ? keys[a] > keys[b] : keys[a] < keys[b] }
    }
    var out = [Int32](repeating: -1, count: count)
    var deque = [Int](repeating: 0, count: count)
    var head = 0, tail = 0
    var lo = 0, hi = 0
    for i in 0..<count {
        let newLo = Int(bounds.lo[i]), newHi = Int(bounds.hi[i])
        if newLo >= hi || newLo < lo {
            head = 0
            tail = 0
            lo = newLo
            hi = newLo
        }
        while hi < newHi {
            if validity[hi] {
                while tail > head && !better(deque[tail - 1], hi) { tail -= 1 }
                deque[tail] = hi
                tail += 1
            }
            hi += 1
        }
        lo = newLo
        while tail > head && deque[head] < lo { head += 1 }
        if tail > head { out[i] = Int32(deque[head]) }
    }
    return out
}

/// Per row, the number of distinct non-null values in its frame.
func slidingDistinctCounts(_ input: Column, _ bounds: FrameBounds) -> [Int32] {
    let count = input.count
    var ids: [Int32] = []
    let table = makeGroupTable(for: [input.type])
    table.findOrInsert([input], groupIds: &ids)
    let validity = input.validityView
    var seen = [Int32](repeating: 0, count: table.groupCount)
    var out = [Int32](repeating: 0, count: count)
    var distinct: Int32 = 0
    var lo = 0, hi = 0
    for i in 0..<count {
        let newLo = Int(bounds.lo[i]), newHi = Int(bounds.hi[i])
        if newLo >= hi || newLo < lo {
            for j in lo..<hi where validity[j] { seen[Int(ids[j])] = 0 }
            distinct = 0
            lo = newLo
            hi = newLo
        }
        while hi < newHi {
            if validity[hi] {
                if seen[Int(ids[hi])] == 0 { distinct += 1 }
                seen[Int(ids[hi])] += 1
            }
            hi += 1
        }
        while lo < newLo {
            if validity[lo] {
                seen[Int(ids[lo])] -= 1
                if seen[Int(ids[lo])] == 0 { distinct -= 1 }
            }
            lo += 1
        }
        out[i] = distinct
    }
    return out
}
