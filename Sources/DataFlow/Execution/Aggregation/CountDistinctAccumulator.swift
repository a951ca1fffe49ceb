/// count(DISTINCT x): a table of (group, value) pairs; a pair seen for the first time counts one
/// for its group. Runs in one phase, after all rows of a group meet in one partition. While every
/// row belongs to one group (a global aggregate), the table holds the values alone, so a single
/// fixed-width or string key uses its specialized table; a second group moves the values seen into
/// a (group, value) table.
final class CountDistinctAccumulator: GroupAccumulator {
    private let valueType: DataType
    /// The distinct values of group 0, while there is only one group.
    private var values: (any GroupTable)?
    /// The distinct (group, value) pairs, once there is more than one group.
    private var pairs: (any GroupTable)?
    private var counts = GroupValues<Int64>(initial: 0)
    private var ids: [Int32] = []

    init(valueType: DataType) {
        self.valueType = valueType
        values = makeGroupTable(for: [valueType])
    }

    var stateFields: [Field] { [] }
    var resultType: DataType { .int64 }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("count(DISTINCT) without an argument") }
        counts.resize(groupCount)
        if groupCount > 1, let single = values { pairs = try movedToPairs(single) }
        let table = pairs ?? values!
        let before = table.groupCount
        if pairs != nil {
            let groups = Column(type: .int32, count: groupIds.count, values: Buffer(copying: groupIds), validity: nil)
            table.findOrInsert([groups, input], groupIds: &ids)
        } else {
            table.findOrInsert([input], groupIds: &ids)
        }
        var next = before
        let validity = input.validityView
        for i in 0..<groupIds.count where Int(ids[i]) == next {
            // An id equal to the running count is a new value (or pair).
            next += 1
            if validity[i] { counts[Int(groupIds[i])] += 1 }
        }
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
        throw DataFlowError.internalError("count(DISTINCT) has no partial state to merge")
    }

    func states(groupCount: Int) throws -> [Column] {
        throw DataFlowError.internalError("count(DISTINCT) has no partial state")
    }

    func evaluate(groupCount: Int) throws -> Column {
        counts.resize(groupCount)
        return makeColumn(type: .int64, values: counts.base, present: nil, count: groupCount)
    }
}
