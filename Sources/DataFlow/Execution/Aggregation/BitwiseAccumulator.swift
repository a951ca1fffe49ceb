/// bit_and(x) / bit_or(x) / bit_xor(x) over ints or longs, in their type: each group's non-null
/// values folded with the operator; null for groups with no non-null value. The partial state is
/// the folded value itself (null while nothing was folded).
final class BitwiseAccumulator<T: FixedWidthInteger & BitwiseCopyable>: GroupAccumulator {
    private var folded: GroupValues<T>
    private var seen = GroupValues<Bool>(initial: false)
    private let kind: AggregateKind
    let resultType: DataType

    init(kind: AggregateKind, type: DataType) {
        self.kind = kind
        resultType = type
        folded = GroupValues(initial: 0)
    }

    var stateFields: [Field] { [Field(kind.rawValue, resultType)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("\(kind.rawValue) without an argument") }
        try merge([input], groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        folded.resize(groupCount)
        seen.resize(groupCount)
        let values = folded.base, flags = seen.base
        let kind = self.kind
        states[0].withValues(T.self) { input, validity in
            for i in 0..<groupIds.count where validity[i] {
                let group = Int(groupIds[i])
                values[group] = flags[group] ? Self.fold(kind, values[group], input[i]) : input[i]
                flags[group] = true
            }
        }
    }

    /// `a` folded with `b` by the aggregate's operator.
    @inline(__always)
    static func fold(_ kind: AggregateKind, _ a: T, _ b: T) -> T {
        switch kind {
        case .bitAnd: return a & b
        case .bitOr: return a | b
        default: return a ^ b
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        folded.resize(groupCount)
        seen.resize(groupCount)
        return [makeColumn(type: resultType, values: folded.base, present: seen.base, count: groupCount)]
    }

    func evaluate(groupCount: Int) throws -> Column { try states(groupCount: groupCount)[0] }
}

/// Each row's bit_and / bit_or / bit_xor over its window frame.
func slidingBitwise(_ input: Column, _ bounds: FrameBounds, kind: AggregateKind) throws -> Column {
    func frames<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) -> Column {
        let results: [T?] = input.withValues(T.self) { values, present in
            slidingStatistic(count: input.count, bounds, empty: T?.none, add: { folded, row in
                guard present[row] else { return }
                folded = folded.map { BitwiseAccumulator<T>.fold(kind, $0, values[row]) } ?? values[row]
            }, value: { $0 })
        }
        var builder = ColumnBuilder(type: input.type, capacity: results.count)
        for value in results {
            if let value { builder.appendFixed(value) } else { builder.appendNull() }
        }
        return builder.finish()
    }
    return input.type == .int32 ? frames(Int32.self) : frames(Int64.self)
}
