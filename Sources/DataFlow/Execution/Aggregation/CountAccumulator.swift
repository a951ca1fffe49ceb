/// count(*) (no input) or count(x) (non-null values of x). Never null; 0 for empty groups.
final class CountAccumulator: GroupAccumulator {
    private var counts = GroupValues<Int64>(initial: 0)

    var stateFields: [Field] { [Field("count", .int64, nullable: false)] }
    var resultType: DataType { .int64 }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        counts.resize(groupCount)
        let out = counts.base
        if let input, input.hasNulls {
            let validity = input.validityView
            for i in 0..<groupIds.count where validity[i] { out[Int(groupIds[i])] &+= 1 }
        } else if groupCount == 1 {
            out[0] &+= Int64(groupIds.count)
        } else {
            for i in 0..<groupIds.count { out[Int(groupIds[i])] &+= 1 }
        }
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        counts.resize(groupCount)
        let out = counts.base
        states[0].withValues(Int64.self) { values, _ in
            for i in 0..<groupIds.count { out[Int(groupIds[i])] &+= values[i] }
        }
    }

    func states(groupCount: Int) throws -> [Column] { [try evaluate(groupCount: groupCount)] }

    func evaluate(groupCount: Int) throws -> Column {
        counts.resize(groupCount)
        return makeColumn(type: .int64, values: counts.base, present: nil, count: groupCount)
    }
}
