/// The count, mean and central moments (sums of squared, cubed and fourth-power deviations) of a
/// set of doubles, as Spark's `CentralMomentAgg` keeps them: updated one value at a time and merged
/// pairwise (Terriberry's and Chan's formulas), so that variances do not lose their digits to
/// cancellation.
struct CentralMoments {
    var n: Double = 0, mean: Double = 0, m2: Double = 0, m3: Double = 0, m4: Double = 0

    /// Adds one value.
    @inline(__always)
    mutating func add(_ x: Double) {
        // Terriberry's online update: each moment from the lower ones before this value.
        let count = n + 1
        let delta = x - mean, deltaN = delta / count, deltaN2 = deltaN * deltaN
        let term = delta * deltaN * n
        m4 += term * deltaN2 * (count * count - 3 * count + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3
        m3 += term * deltaN * (count - 2) - 3 * deltaN * m2
        m2 += term
        mean += deltaN
        n = count
    }

    /// Adds the values another set summarizes.
    mutating func merge(_ other: CentralMoments) {
        guard other.n > 0 else { return }
        guard n > 0 else { self = other; return }
        let count = n + other.n
        let delta = other.mean - mean, deltaN = delta / count
        let deltaN2 = deltaN * deltaN
        m4 += other.m4 + deltaN2 * deltaN * delta * n * other.n * (n * n - n * other.n + other.n * other.n)
            + 6 * deltaN2 * (n * n * other.m2 + other.n * other.n * m2) + 4 * deltaN * (n * other.m3 - other.n * m3)
        m3 += other.m3 + deltaN2 * delta * n * other.n * (n - other.n) + 3 * deltaN * (n * other.m2 - other.n * m2)
        m2 += other.m2 + delta * deltaN * n * other.n
        mean += deltaN * other.n
        n = count
    }

    /// The statistic `kind` asks for, or nil where Spark answers null: no values, one value for a
    /// sample statistic, no spread for skewness and kurtosis.
    func value(_ kind: AggregateKind) -> Double? {
        switch kind {
        case .varPop: return n > 0 ? m2 / n : nil
        case .varSamp: return n > 1 ? m2 / (n - 1) : nil
        case .stddevPop: return n > 0 ? (m2 / n).squareRoot() : nil
        case .stddevSamp: return n > 1 ? (m2 / (n - 1)).squareRoot() : nil
        case .skewness: return n > 0 && m2 != 0 ? n.squareRoot() * m3 / (m2 * m2 * m2).squareRoot() : nil
        case .kurtosis: return n > 0 && m2 != 0 ? n * m4 / (m2 * m2) - 3 : nil
        default: return nil
        }
    }
}

/// stddev/variance (sample and population), skewness and kurtosis of doubles: each group's
/// `CentralMoments`, which travel between phases as five double columns.
final class MomentsAccumulator: GroupAccumulator {
    private let kind: AggregateKind
    private var moments: [CentralMoments] = []

    init(kind: AggregateKind) { self.kind = kind }

    var stateFields: [Field] { ["n", "mean", "m2", "m3", "m4"].map { Field($0, .float64) } }
    var resultType: DataType { .float64 }

    private func resize(_ groupCount: Int) {
        if moments.count < groupCount { moments.append(contentsOf: repeatElement(CentralMoments(), count: groupCount - moments.count)) }
    }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("\(kind.rawValue) without an argument") }
        resize(groupCount)
        input.withValues(Double.self) { values, present in
            for i in 0..<groupIds.count where present[i] { moments[Int(groupIds[i])].add(values[i]) }
        }
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        resize(groupCount)
        let fields = states.map { state in state.withValues(Double.self) { values, _ in Array(values) } }
        for i in 0..<groupIds.count {
            moments[Int(groupIds[i])].merge(CentralMoments(n: fields[0][i], mean: fields[1][i], m2: fields[2][i], m3: fields[3][i], m4: fields[4][i]))
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        resize(groupCount)
        let parts: [KeyPath<CentralMoments, Double>] = [\.n, \.mean, \.m2, \.m3, \.m4]
        return try parts.map { part in try Column((0..<groupCount).map { moments[$0][keyPath: part] }) }
    }

    func evaluate(groupCount: Int) throws -> Column {
        resize(groupCount)
        let values = (0..<groupCount).map { moments[$0].value(kind) }
        return try Column(values.map { $0 ?? 0 }, validity: values.map { $0 != nil })
    }
}

/// Each row's statistic `kind` over its window frame.
func slidingMoments(_ input: Column, _ bounds: FrameBounds, kind: AggregateKind) throws -> Column {
    let results = input.withValues(Double.self) { values, present in
        slidingStatistic(count: input.count, bounds, empty: CentralMoments(), add: { moments, row in
            if present[row] { moments.add(values[row]) }
        }, value: { $0.value(kind) })
    }
    return try Column(results.map { $0 ?? 0 }, validity: results.map { $0 != nil })
}

/// Each row's value of a statistic over its window frame: the frame's state is extended row by row
/// while its start stays put (running and whole-partition frames cost one pass) and started again
/// from `empty` when it moves.
func slidingStatistic<State, Value>(count: Int, _ bounds: FrameBounds, empty: State, add: (inout State, Int) -> Void,
                                    value: (State) -> Value) -> [Value] {
    var results: [Value] = []
    results.reserveCapacity(count)
    var state = empty
    var lo = -1, hi = -1
    for i in 0..<count {
        let newLo = Int(bounds.lo[i]), newHi = Int(bounds.hi[i])
        if newLo != lo || newHi < hi {
            state = empty
            lo = newLo
            hi = newLo
        }
        while hi < newHi {
            add(&state, hi)
            hi += 1
        }
        results.append(value(state))
    }
    return results
}
