/// How a percentile is read off a group's sorted values.
enum PercentileMethod: Sendable {
    /// Spark's `percentile` and `median`: the value at position p·(n - 1), interpolated linearly
    /// between its neighbours (low + fraction · (high - low), as Spark computes it), as a double.
    case interpolated
    /// Spark's `percentile_approx`: the smallest value with at least p·n values at or below it
    /// (the first value for p = 0), in the values' type. Computed exactly; Spark's sketch gives
    /// the same value where it keeps every value and one within its accuracy elsewhere.
    case nearestRank
}

/// percentile, median and percentile_approx: each group's non-null values collected (as
/// collect_list keeps them, and travelling between phases the same way), sorted when the
/// group is finished, and read at each percentage.
final class PercentileAccumulator: GroupAccumulator {
    private let collected: CollectAccumulator
    /// The percentages and how they are read.
    let percentiles: Percentiles

    init(_ percentiles: Percentiles) {
        self.percentiles = percentiles
        collected = CollectAccumulator(valueType: percentiles.valueType, distinct: false)
    }

    var stateFields: [Field] { collected.stateFields }
    var resultType: DataType { percentiles.resultType }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try collected.update(input, groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try collected.merge(states, groupIds: groupIds, groupCount: groupCount)
    }

    func states(groupCount: Int) throws -> [Column] { try collected.states(groupCount: groupCount) }

    func evaluate(groupCount: Int) throws -> Column { try percentiles.of(try collected.evaluate(groupCount: groupCount)) }
}

/// Percentages read off arrays of values, by one method.
struct Percentiles: Sendable {
    let method: PercentileMethod
    /// Each between 0 and 1.
    let percentages: [Double]
    /// Whether the percentages were given as an array (the result is then an array too).
    let asArray: Bool
    /// The type of the values.
    let valueType: DataType

    /// The type of one row's answer.
    var resultType: DataType {
        let single: DataType = method == .interpolated ? .float64 : valueType
        return asArray ? .array(single) : single
    }

    /// Each array's percentiles (null for an empty array).
    func of(_ lists: Column) throws -> Column {
        let elements = lists.arrayElements
        let keys = Self.sortKeys(elements)
        let doubles: [Double]? = method == .interpolated
            ? try cast(elements, to: .float64, options: CastOptions(strict: false, timeZone: .utc)).withValues(Double.self) { values, _ in Array(values) }
            : nil
        var picks: [Int32] = [], interpolated: [Double] = [], present: [Bool] = [], rowPresent: [Bool] = []
        var offsets: [Int32] = [0]
        lists.withListOffsets { listOffsets, _ in
            for row in 0..<lists.count {
                let start = Int(listOffsets[row]), end = Int(listOffsets[row + 1])
                let order = (start..<end).sorted { keys($0, $1) }
                rowPresent.append(!order.isEmpty)
                for percentage in percentages {
                    guard !order.isEmpty else {
                        picks.append(-1)
                        interpolated.append(0)
                        present.append(false)
                        continue
                    }
                    present.append(true)
                    if let doubles {
                        let position = percentage * Double(order.count - 1)
                        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
                        let low = doubles[order[lower]], high = doubles[order[upper]]
                        interpolated.append(lower == upper || low == high ? low : low + (position - Double(lower)) * (high - low))
                    } else {
                        let rank = Swift.max(Int((percentage * Double(order.count)).rounded(.up)), 1)
                        picks.append(Int32(order[Swift.min(rank, order.count) - 1]))
                    }
                }
                offsets.append(Int32(present.count))
            }
        }
        let values = method == .interpolated ? try Column(interpolated, validity: present) : take(elements, indices: picks)
        guard asArray else { return values }
        // An array of percentages answers an empty group with null, not an array of nulls.
        return try Column(arrayOffsets: offsets, elements: values, validity: rowPresent)
    }

    /// Whether element `a` sorts before element `b`, as Spark orders values.
    private static func sortKeys(_ elements: Column) -> (Int, Int) -> Bool {
        if let keys = orderedKeys(elements) { return { keys[$0] < keys[$1] } }
        let images = NestedOrderedBytes.encode(elements)
        return { a, b in
            images.withBytes { offsets, bytes, _ in
                UnsafeBufferPointer(start: bytes + Int(offsets[a]), count: Int(offsets[a + 1] - offsets[a]))
                    .lexicographicallyPrecedes(UnsafeBufferPointer(start: bytes + Int(offsets[b]), count: Int(offsets[b + 1] - offsets[b])))
            }
        }
    }
}
