/// sum(x) over values cast to the sum type (int64, double, or decimal(38, s)), or over decimals of up
/// to 18 digits as they are (added into the 128-bit sums without a widened copy); null for
/// groups with no non-null value. The result type may be narrower (decimal(p + 10, s)); values
/// that do not fit become null, as Spark's non-ANSI mode does.
///
/// Presence flags (has the group seen a non-null value?) are only kept once a null arrives: until
/// then every group that exists has seen one.
final class SumAccumulator<T: ArithmeticValue>: GroupAccumulator {
    private var sums: GroupValues<T>
    private var seen = GroupValues<Bool>(initial: false)
    private var tracksPresence = false
    private let sumType: DataType
    let resultType: DataType

    init(sumType: DataType, resultType: DataType) {
        self.sumType = sumType
        self.resultType = resultType
        sums = GroupValues(initial: T.zero)
    }

    var stateFields: [Field] { [Field("sum", sumType)] }

    @_specialize(where T == Double)
    @_specialize(where T == Int64)
    @_specialize(where T == Int128)
    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("sum without an argument") }
        if input.type.physical == .int64 && T.self != Int64.self {
            // A decimal of up to 18 digits: its 64-bit values add into the wider sums as they are read.
            add(input, Int64.self, groupIds: groupIds, groupCount: groupCount) { T($0) }
        } else {
            add(input, T.self, groupIds: groupIds, groupCount: groupCount) { $0 }
        }
    }

    @_specialize(where T == Double)
    @_specialize(where T == Int64)
    @_specialize(where T == Int128)
    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        add(states[0], T.self, groupIds: groupIds, groupCount: groupCount) { $0 }
    }

    /// Adds each row's value of `input` (stored as `Input`, converted by `widen`) to its group's sum.
    @inline(__always)
    private func add<Input: BitwiseCopyable>(_ input: Column, _: Input.Type, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int,
                                             widen: (Input) -> T) {
        if input.hasNulls && !tracksPresence { startTrackingPresence() }
        sums.resize(groupCount)
        let sum = sums.base
        if tracksPresence {
            seen.resize(groupCount)
            let flags = seen.base
            input.withValues(Input.self) { values, validity in
                for i in 0..<groupIds.count where validity[i] {
                    let group = Int(groupIds[i])
                    sum[group] = T.add(sum[group], widen(values[i]))
                    flags[group] = true
                }
            }
        } else if groupCount == 1 {
            // A global aggregate: one running total in a register.
            input.withValues(Input.self) { values, _ in
                var total = sum[0]
                for i in 0..<groupIds.count { total = T.add(total, widen(values[i])) }
                sum[0] = total
            }
        } else {
            input.withValues(Input.self) { values, _ in
                for i in 0..<groupIds.count {
                    let group = Int(groupIds[i])
                    sum[group] = T.add(sum[group], widen(values[i]))
                }
            }
        }
    }

    /// Every group so far has seen a value; groups created from now on start without one.
    private func startTrackingPresence() {
        seen.resize(sums.storage.count)
        for group in 0..<sums.storage.count { seen[group] = true }
        tracksPresence = true
    }

    @_specialize(where T == Double)
    @_specialize(where T == Int64)
    @_specialize(where T == Int128)
    func states(groupCount: Int) throws -> [Column] {
        // Groups beyond those ever updated (a global aggregate over no rows) have no value.
        if !tracksPresence && sums.storage.count < groupCount { startTrackingPresence() }
        sums.resize(groupCount)
        if tracksPresence {
            seen.resize(groupCount)
            return [makeColumn(type: sumType, values: sums.base, present: seen.base, count: groupCount)]
        }
        return [makeColumn(type: sumType, values: sums.base, present: nil, count: groupCount)]
    }

    func evaluate(groupCount: Int) throws -> Column {
        let state = try states(groupCount: groupCount)[0]
        if resultType == sumType { return state }
        return try cast(state, to: resultType, options: CastOptions(strict: false, timeZone: .utc))
    }
}
