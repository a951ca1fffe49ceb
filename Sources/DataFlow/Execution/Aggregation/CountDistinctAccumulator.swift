/// count(DISTINCT x): a table of (group, value) pairs; a pair seen for the first time counts one
/// for its group. Runs in one phase, after all rows of a group meet in one partition.
final class CountDistinctAccumulator: GroupAccumulator {
    private let pairs: any GroupTable
    private var counts = GroupValues<Int64>(initial: 0)
    private var pairIds: [Int32] = []

    init(valueType: DataType) {
        pairs = makeGroupTable(for: [.int32, valueType])
    }

    deinit { counts.free() }

    var stateFields: [Field] { [] }
    var resultType: DataType { .int64 }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("count(DISTINCT) without an argument") }
        counts.resize(groupCount)
        let groups = Column(type: .int32, count: groupIds.count, values: Buffer(copying: groupIds), validity: nil)
        let before = pairs.groupCount
        pairs.findOrInsert([groups, input], groupIds: &pairIds)
        var next = before
        let validity = input.validityView
        for i in 0..<groupIds.count where Int(pairIds[i]) == next {
            // A pair id equal to the running count is a new pair.
            next += 1
            if validity[i] { counts[Int(groupIds[i])] += 1 }
        }
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
