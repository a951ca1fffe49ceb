/// sum(x) over values already cast to the sum type (int64, double, or decimal(38, s)); null for
/// groups with no non-null value. The result type may be narrower (decimal(p + 10, s)); values
/// that do not fit become null, as Spark's non-ANSI mode does.
final class SumAccumulator<T: ArithmeticValue>: GroupAccumulator {
    private var sums: GroupValues<T>
    private var seen = GroupValues<Bool>(initial: false)
    private let sumType: DataType
    let resultType: DataType

    init(sumType: DataType, resultType: DataType) {
        self.sumType = sumType
        self.resultType = resultType
        sums = GroupValues(initial: T.zero)
    }

    deinit {
        sums.free()
        seen.free()
    }

    var stateFields: [Field] { [Field("sum", sumType)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try merge([input!], groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        sums.resize(groupCount)
        seen.resize(groupCount)
        let sum = sums.base, flags = seen.base
        states[0].withValues(T.self) { values, validity in
            if validity.isAllSet {
                for i in 0..<groupIds.count {
                    let group = Int(groupIds[i])
                    sum[group] = T.add(sum[group], values[i])
                    flags[group] = true
                }
            } else {
                for i in 0..<groupIds.count where validity[i] {
                    let group = Int(groupIds[i])
                    sum[group] = T.add(sum[group], values[i])
                    flags[group] = true
                }
            }
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        sums.resize(groupCount)
        seen.resize(groupCount)
        return [makeColumn(type: sumType, values: sums.base, present: seen.base, count: groupCount)]
    }

    func evaluate(groupCount: Int) throws -> Column {
        let state = try states(groupCount: groupCount)[0]
        if resultType == sumType { return state }
        return try cast(state, to: resultType, options: CastOptions(strict: false, timeZone: .utc))
    }
}
