/// avg(x): a sum (double, or decimal(38, s) for decimals) and a count per group. Doubles divide;
/// decimals yield decimal(p + 4, s + 4) rounded half up, as Spark does.
final class AvgAccumulator<T: ArithmeticValue>: GroupAccumulator {
    private let sum: SumAccumulator<T>
    private let count = CountAccumulator()
    private let sumType: DataType
    let resultType: DataType

    init(sumType: DataType, resultType: DataType) {
        self.sumType = sumType
        self.resultType = resultType
        sum = SumAccumulator<T>(sumType: sumType, resultType: sumType)
    }

    var stateFields: [Field] { sum.stateFields + count.stateFields }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try sum.update(input, groupIds: groupIds, groupCount: groupCount)
        try count.update(input, groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try sum.merge([states[0]], groupIds: groupIds, groupCount: groupCount)
        try count.merge([states[1]], groupIds: groupIds, groupCount: groupCount)
    }

    func states(groupCount: Int) throws -> [Column] {
        try sum.states(groupCount: groupCount) + count.states(groupCount: groupCount)
    }

    @_specialize(where T == Double)
    @_specialize(where T == Int128)
    func evaluate(groupCount: Int) throws -> Column {
        let sums = try sum.states(groupCount: groupCount)[0]
        let counts = try count.evaluate(groupCount: groupCount)
        return try counts.withValues(Int64.self) { n, _ in
            switch resultType {
            case let .decimal(p, s):
                guard case let .decimal(_, sumScale) = sumType else { throw DataFlowError.internalError("avg state \(sumType)") }
                let totals = decimalValues(sums)
                let validity = sums.validityView
                let values = (0..<groupCount).map { g -> Int128? in
                    guard validity[g], n[g] > 0, let scaled = rescaleDecimal(totals[g], from: sumScale, to: s + 1) else { return nil }
                    return roundDecimal(scaled / Int128(n[g]), from: 1, to: 0)
                }
                return try makeDecimalColumn(sums, values: values, precision: p, scale: s, strict: false)
            default:
                let buffer = Buffer(capacity: groupCount * 8)
                let out = buffer.typed(Double.self)
                sums.withValues(Double.self) { totals, _ in
                    for g in 0..<groupCount { out[g] = n[g] > 0 ? totals[g] / Double(n[g]) : 0 }
                }
                return Column(type: .float64, count: groupCount, values: buffer,
                              validity: sums.hasNulls ? Bitmap.copy(sums.validityView, count: groupCount) : nil)
            }
        }
    }
}
