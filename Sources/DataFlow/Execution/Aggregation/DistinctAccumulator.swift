/// An aggregate over the distinct values of its argument (`count(DISTINCT x)`, `sum(DISTINCT x)`):
/// a table of (group, value) pairs, and the rows whose pair is new passed on to the aggregate's own
/// accumulator. Runs in one phase, after all rows of a group meet in one partition. While every
/// row belongs to one group (a global aggregate), the table holds the values alone, so a single
/// fixed-width or string key uses its specialized table; a second group moves the values seen into
/// a (group, value) table.
final class DistinctAccumulator: GroupAccumulator {
    private let inner: any GroupAccumulator
    private let valueType: DataType
    /// The distinct values of group 0, while there is only one group.
    private var values: (any GroupTable)?
    /// The distinct (group, value) pairs, once there is more than one group.
    private var pairs: (any GroupTable)?
    private var ids: [Int32] = []

    /// Passes each group's distinct values of type `valueType` to `inner`.
    init(_ inner: any GroupAccumulator, valueType: DataType) {
        self.inner = inner
        self.valueType = valueType
        values = makeGroupTable(for: [valueType])
    }

    var stateFields: [Field] { [] }
    var resultType: DataType { inner.resultType }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("an aggregate of DISTINCT values without an argument") }
        if groupCount > 1, let single = values { pairs = try movedToPairs(single) }
        guard let table = pairs ?? values else { throw DataFlowError.internalError("a DISTINCT aggregate without its table") }
        let before = table.groupCount
        if pairs != nil {
            let groups = Column(type: .int32, count: groupIds.count, values: Buffer(copying: groupIds), validity: nil)
            table.findOrInsert([groups, input], groupIds: &ids)
        } else {
            table.findOrInsert([input], groupIds: &ids)
        }
        // An id equal to the running count is a new value (or pair): its first row goes on.
        var next = before
        var firstRows: [Int32] = [], firstGroups: [Int32] = []
        for i in 0..<groupIds.count where Int(ids[i]) == next {
            next += 1
            firstRows.append(Int32(i))
            firstGroups.append(groupIds[i])
        }
        try firstGroups.withUnsafeBufferPointer { try inner.update(take(input, indices: firstRows), groupIds: $0, groupCount: groupCount) }
    }

    /// A (group, value) table holding the values of `single` as pairs of group 0.
    private func movedToPairs(_ single: any GroupTable) throws -> any GroupTable {
        let table = makeGroupTable(for: [.int32, valueType])
        if let keys = single.keyColumns().first, keys.count > 0 {
            let zeros = Column(type: .int32, count: keys.count, values: Buffer(capacity: keys.count * 4, zeroed: true), validity: nil)
            table.findOrInsert([zeros, keys], groupIds: &ids)
        }
        values = nil
        return table
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        throw DataFlowError.internalError("an aggregate of DISTINCT values has no partial state to merge")
    }

    func states(groupCount: Int) throws -> [Column] {
        throw DataFlowError.internalError("an aggregate of DISTINCT values has no partial state")
    }

    func evaluate(groupCount: Int) throws -> Column { try inner.evaluate(groupCount: groupCount) }
}
