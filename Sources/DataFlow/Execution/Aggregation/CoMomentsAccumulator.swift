/// The count, means, sums of squared deviations and co-moment of pairs of doubles `(a, b)`, as
/// Spark's `Covariance` and `PearsonCorrelation` keep them: updated one pair at a time and merged
/// pairwise (Welford's and Chan's formulas), so that the statistics do not lose their digits to
/// cancellation; and the plain sums, whose quotients are the averages Spark's `regr_avgx` and
/// `regr_avgy` give. For the regression functions `a` is the dependent variable y and `b` is x.
struct CoMoments {
    var n: Double = 0, meanA: Double = 0, meanB: Double = 0, m2A: Double = 0, m2B: Double = 0, c: Double = 0
    var sumA: Double = 0, sumB: Double = 0

    /// Adds one pair.
    @inline(__always)
    mutating func add(_ a: Double, _ b: Double) {
        n += 1
        sumA += a
        sumB += b
        let deltaA = a - meanA, deltaB = b - meanB
        meanA += deltaA / n
        meanB += deltaB / n
        c += deltaA * (b - meanB)
        m2A += deltaA * (a - meanA)
        m2B += deltaB * (b - meanB)
    }

    /// Adds the pairs another set summarizes.
    mutating func merge(_ other: CoMoments) {
        guard other.n > 0 else { return }
        guard n > 0 else { self = other; return }
        let count = n + other.n
        let deltaA = other.meanA - meanA, deltaB = other.meanB - meanB
        let weight = n * other.n / count
        c += other.c + deltaA * deltaB * weight
        m2A += other.m2A + deltaA * deltaA * weight
        m2B += other.m2B + deltaB * deltaB * weight
        meanA += deltaA * other.n / count
        meanB += deltaB * other.n / count
        sumA += other.sumA
        sumB += other.sumB
        n = count
    }

    /// The statistic `kind` asks for, or nil where Spark answers null: no pairs, one pair for the
    /// sample covariance, a variable that does not vary for the correlation, no spread in x for
    /// the regression's slope, intercept and R².
    func value(_ kind: AggregateKind) -> Double? {
        guard n > 0 else { return kind == .regrCount ? 0 : nil }
        switch kind {
        case .regrCount: return n
        case .covarPop: return c / n
        case .covarSamp: return n > 1 ? c / (n - 1) : nil
        case .corr: return n > 1 && m2A != 0 && m2B != 0 ? c / (m2A * m2B).squareRoot() : nil
        case .regrAvgX: return sumB / n
        case .regrAvgY: return sumA / n
        case .regrSXX: return m2B
        case .regrSYY: return m2A
        case .regrSXY: return c
        case .regrSlope: return m2B == 0 ? nil : c / m2B
        case .regrIntercept: return m2B == 0 ? nil : meanA - c / m2B * meanB
        case .regrR2:
            guard m2B != 0 else { return nil }
            return m2A == 0 ? 1 : c * c / (m2A * m2B)
        default: return nil
        }
    }
}

/// corr, covar_pop, covar_samp and the regr_ functions: each group's `CoMoments`, which travel
/// between phases as eight double columns. The input is a struct of the two doubles.
final class CoMomentsAccumulator: GroupAccumulator {
    private let kind: AggregateKind
    private var moments: [CoMoments] = []

    init(kind: AggregateKind) { self.kind = kind }

    var stateFields: [Field] { ["n", "mean_a", "mean_b", "m2_a", "m2_b", "c", "sum_a", "sum_b"].map { Field($0, .float64) } }
    var resultType: DataType { kind == .regrCount ? .int64 : .float64 }

    private func resize(_ groupCount: Int) {
        if moments.count < groupCount { moments.append(contentsOf: repeatElement(CoMoments(), count: groupCount - moments.count)) }
    }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input, input.children.count == 2 else { throw DataFlowError.internalError("\(kind.rawValue) without its two arguments") }
        resize(groupCount)
        forEachPair(input) { row, a, b in moments[Int(groupIds[row])].add(a, b) }
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        resize(groupCount)
        let fields = states.map { state in state.withValues(Double.self) { values, _ in Array(values) } }
        for i in 0..<groupIds.count {
            moments[Int(groupIds[i])].merge(CoMoments(n: fields[0][i], meanA: fields[1][i], meanB: fields[2][i], m2A: fields[3][i],
                                                      m2B: fields[4][i], c: fields[5][i], sumA: fields[6][i], sumB: fields[7][i]))
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        resize(groupCount)
        let parts: [KeyPath<CoMoments, Double>] = [\.n, \.meanA, \.meanB, \.m2A, \.m2B, \.c, \.sumA, \.sumB]
        return try parts.map { part in try Column((0..<groupCount).map { moments[$0][keyPath: part] }) }
    }

    func evaluate(groupCount: Int) throws -> Column {
        resize(groupCount)
        return try coMomentColumn((0..<groupCount).map { moments[$0].value(kind) }, kind: kind)
    }
}

/// Calls `body` with each row of a struct of two doubles where neither is null (nor the struct).
func forEachPair(_ pairs: Column, _ body: (Int, Double, Double) -> Void) {
    let (a, b) = (pairs.field(0), pairs.field(1))
    a.withValues(Double.self) { first, firstPresent in
        b.withValues(Double.self) { second, secondPresent in
            for row in 0..<pairs.count where firstPresent[row] && secondPresent[row] { body(row, first[row], second[row]) }
        }
    }
}

/// A column of co-moment statistics: BIGINT counts for regr_count, doubles otherwise.
private func coMomentColumn(_ values: [Double?], kind: AggregateKind) throws -> Column {
    if kind == .regrCount { return try Column(values.map { Int64($0 ?? 0) }) }
    return try Column(values.map { $0 ?? 0 }, validity: values.map { $0 != nil })
}

/// Each row's statistic `kind` over its window frame.
func slidingCoMoments(_ pairs: Column, _ bounds: FrameBounds, kind: AggregateKind) throws -> Column {
    var present = [Bool](repeating: false, count: pairs.count)
    var firsts = [Double](repeating: 0, count: pairs.count), seconds = [Double](repeating: 0, count: pairs.count)
    forEachPair(pairs) { row, a, b in
        present[row] = true
        firsts[row] = a
        seconds[row] = b
    }
    let results = slidingStatistic(count: pairs.count, bounds, empty: CoMoments(), add: { moments, row in
        if present[row] { moments.add(firsts[row], seconds[row]) }
    }, value: { $0.value(kind) })
    return try coMomentColumn(results, kind: kind)
}
