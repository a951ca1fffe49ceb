/// collect_list(x) / collect_set(x): each group's non-null values as an array, in input order
/// (collect_set: the first occurrence of each distinct value). Per batch it keeps the non-null
/// values as a chunk and the group of each; the result orders all of them by group in one pass.
/// Partial states are the arrays themselves; merging absorbs their elements.
final class CollectAccumulator: GroupAccumulator {
    private let distinct: Bool
    private let valueType: DataType
    private var chunks: [Column] = []
    private var groupOfValue: [Int32] = []

    init(valueType: DataType, distinct: Bool) {
        self.valueType = valueType
        self.distinct = distinct
    }

    var resultType: DataType { .array(valueType) }
    var stateFields: [Field] { [Field(distinct ? "set" : "list", resultType, nullable: false)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("collect without an argument") }
        absorb(input, groups: groupIds)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        let arrays = states[0]
        let range = arrays.listEntries
        let groups = arrays.listEntryRows().map { groupIds[Int($0)] }
        groups.withUnsafeBufferPointer { absorb(arrays.arrayElements.slice(range.lowerBound, range.count), groups: $0) }
    }

    /// Keeps the non-null values of `values`, row `i` belonging to group `groups[i]`.
    private func absorb(_ values: Column, groups: UnsafeBufferPointer<Int32>) {
        guard values.hasNulls else {
            chunks.append(values)
            groupOfValue.append(contentsOf: groups)
            return
        }
        let present = (0..<values.count).filter { !values.isNull($0) }.map { Int32($0) }
        chunks.append(take(values, indices: present))
        groupOfValue.append(contentsOf: present.map { groups[Int($0)] })
    }

    func states(groupCount: Int) throws -> [Column] { [try evaluate(groupCount: groupCount)] }

    func evaluate(groupCount: Int) throws -> Column {
        let values = chunks.isEmpty ? Column.nulls(type: valueType, count: 0) : concat(chunks)
        // A counting sort by group keeps each group's values in input order.
        var starts = [Int32](repeating: 0, count: groupCount + 1)
        for group in groupOfValue { starts[Int(group) + 1] += 1 }
        for group in 0..<groupCount { starts[group + 1] += starts[group] }
        var next = starts
        var order = [Int32](repeating: 0, count: groupOfValue.count)
        for (index, group) in groupOfValue.enumerated() {
            order[Int(next[Int(group)])] = Int32(index)
            next[Int(group)] += 1
        }
        guard distinct else {
            return .array(count: groupCount, offsets: .copying(starts), elements: take(values, indices: order), validity: nil)
        }
        let images = ValueImages(values)
        var seen = ValueSet()
        var assembly = ArrayAssembly()
        for group in 0..<groupCount {
            let members = Int(starts[group]) ..< Int(starts[group + 1])
            seen.reset(capacity: members.count)
            for position in members where seen.insert(Int(order[position]), of: images) { assembly.append(order[position]) }
            assembly.endRow()
        }
        return assembly.finish(elements: values)
    }
}

/// Per row, its frame's non-null values as an array (each distinct one once when `distinct`): the
/// window form of collect_list and collect_set. A row whose frame is the previous row's (a whole
/// partition, or peers) repeats its array without reading the frame again.
/// - Complexity: O(total length of the distinct frames + total output).
func frameCollections(_ input: Column, _ bounds: FrameBounds, distinct: Bool) -> Column {
    let images = distinct ? ValueImages(input) : nil
    var seen = ValueSet()
    var assembly = ArrayAssembly()
    var previous: (frame: Range<Int>, picks: Range<Int>)?
    for row in 0..<input.count {
        let frame = Int(bounds.lo[row]) ..< max(Int(bounds.lo[row]), Int(bounds.hi[row]))
        if let previous, previous.frame == frame {
            assembly.repeatPicks(previous.picks)
        } else {
            let start = assembly.picks.count
            if images != nil { seen.reset(capacity: frame.count) }
            for index in frame where !input.isNull(index) {
                if let images, !seen.insert(index, of: images) { continue }
                assembly.append(Int32(index))
            }
            previous = (frame, start ..< assembly.picks.count)
        }
        assembly.endRow()
    }
    return assembly.finish(elements: input)
}
