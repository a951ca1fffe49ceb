/// first(x) / last(x) in input order, optionally skipping nulls. Works for every type: per batch it
/// picks the winning row of each group, gathers those rows into a small chunk, and remembers
/// (chunk, row) per group; the result is one gather over the chunks.
final class FirstLastAccumulator: GroupAccumulator {
    private let isLast: Bool
    private let ignoreNulls: Bool
    let resultType: DataType
    private var chunks: [Column] = []
    private var chunkOf = GroupValues<Int32>(initial: -1)
    private var rowOf = GroupValues<Int32>(initial: 0)
    /// The winning row of each group within the batch being absorbed (-1: none yet).
    private var batchWinner = GroupValues<Int32>(initial: -1)

    init(isLast: Bool, ignoreNulls: Bool, type: DataType) {
        self.isLast = isLast
        self.ignoreNulls = ignoreNulls
        resultType = type
    }

    var stateFields: [Field] { [Field(isLast ? "last" : "first", resultType), Field("isSet", .boolean, nullable: false)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        absorb(input!, eligible: nil, groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        absorb(states[0], eligible: states[1], groupIds: groupIds, groupCount: groupCount)
    }

    /// Takes the winning rows of `values`; `eligible` (partial states' isSet) limits the candidates.
    private func absorb(_ values: Column, eligible: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) {
        chunkOf.resize(groupCount)
        rowOf.resize(groupCount)
        batchWinner.resize(groupCount)
        let validity = values.validityView
        let eligibility = eligible.map { column in column.withBits { bits, _ in bits } } ?? .allSet
        var touched: [Int32] = []
        withExtendedLifetime(eligible) {
            for i in 0..<groupIds.count {
                if !eligibility[i] || (ignoreNulls && !validity[i]) { continue }
                let group = Int(groupIds[i])
                if batchWinner[group] < 0 {
                    if !isLast && chunkOf[group] >= 0 { continue }
                    touched.append(Int32(group))
                    batchWinner[group] = Int32(i)
                } else if isLast {
                    batchWinner[group] = Int32(i)
                }
            }
        }
        guard !touched.isEmpty else { return }
        let chunk = Int32(chunks.count)
        chunks.append(take(values, indices: touched.map { batchWinner[Int($0)] }))
        for (position, group) in touched.enumerated() {
            chunkOf[Int(group)] = chunk
            rowOf[Int(group)] = Int32(position)
            batchWinner[Int(group)] = -1
        }
        if isLast && chunks.count > 64 { compact(groupCount) }
    }

    /// Gathers the current winners into one chunk.
    private func compact(_ groupCount: Int) {
        let values = gathered(groupCount)
        chunks = [values.column]
        for group in 0..<groupCount where chunkOf[group] >= 0 {
            chunkOf[group] = 0
            rowOf[group] = Int32(group)
        }
    }

    private func gathered(_ groupCount: Int) -> (column: Column, isSet: [Bool]) {
        chunkOf.resize(groupCount)
        rowOf.resize(groupCount)
        var starts: [Int32] = []
        var total: Int32 = 0
        for chunk in chunks {
            starts.append(total)
            total += Int32(chunk.count)
        }
        let all = chunks.isEmpty ? Column.nulls(type: resultType, count: 0) : concat(chunks)
        var indices = [Int32](repeating: -1, count: groupCount)
        var isSet = [Bool](repeating: false, count: groupCount)
        for group in 0..<groupCount where chunkOf[group] >= 0 {
            indices[group] = starts[Int(chunkOf[group])] + rowOf[group]
            isSet[group] = true
        }
        return (take(all, indices: indices), isSet)
    }

    func states(groupCount: Int) throws -> [Column] {
        let (values, isSet) = gathered(groupCount)
        return [values, isSet.withUnsafeBufferPointer { makeBooleanColumn($0.baseAddress!, count: groupCount) }]
    }

    func evaluate(groupCount: Int) throws -> Column { gathered(groupCount).column }
}
