/// min(x) / max(x) over fixed-width values (numbers, dates, timestamps; booleans arrive as int32);
/// null for groups with no non-null value.
final class MinMaxAccumulator<T: SQLOrdered>: GroupAccumulator {
    private var best: GroupValues<T>
    private var seen = GroupValues<Bool>(initial: false)
    private let isMax: Bool
    private let valueType: DataType
    let resultType: DataType

    init(isMax: Bool, valueType: DataType, resultType: DataType, zero: T) {
        self.isMax = isMax
        self.valueType = valueType
        self.resultType = resultType
        best = GroupValues(initial: zero)
    }

    var stateFields: [Field] { [Field(isMax ? "max" : "min", valueType)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try merge([input!], groupIds: groupIds, groupCount: groupCount)
    }

    @_specialize(where T == Int32)
    @_specialize(where T == Int64)
    @_specialize(where T == Double)
    @_specialize(where T == Int128)
    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        best.resize(groupCount)
        seen.resize(groupCount)
        let values = best.base, flags = seen.base
        let isMax = self.isMax
        states[0].withValues(T.self) { input, validity in
            for i in 0..<groupIds.count where validity[i] {
                let group = Int(groupIds[i])
                let value = input[i]
                if !flags[group] || (isMax ? T.sqlLess(values[group], value) : T.sqlLess(value, values[group])) {
                    values[group] = value
                    flags[group] = true
                }
            }
        }
    }

    @_specialize(where T == Int32)
    @_specialize(where T == Int64)
    @_specialize(where T == Double)
    @_specialize(where T == Int128)
    func states(groupCount: Int) throws -> [Column] {
        best.resize(groupCount)
        seen.resize(groupCount)
        return [makeColumn(type: valueType, values: best.base, present: seen.base, count: groupCount)]
    }

    func evaluate(groupCount: Int) throws -> Column {
        let state = try states(groupCount: groupCount)[0]
        return resultType == valueType ? state : try cast(state, to: resultType, options: CastOptions(strict: false, timeZone: .utc))
    }
}

/// min(x) / max(x) over strings or binary, comparing bytes. The current best of each group lives in
/// an arena; a replaced value's bytes are left behind and reclaimed when the arena is rebuilt.
final class BytesMinMaxAccumulator: GroupAccumulator {
    private var arena = GrowableBuffer<UInt8>(capacity: 4096)
    private var starts = GroupValues<Int>(initial: 0)
    private var lengths = GroupValues<Int>(initial: -1)
    private var liveBytes = 0
    private let isMax: Bool
    let resultType: DataType

    init(isMax: Bool, type: DataType) {
        self.isMax = isMax
        resultType = type
    }

    var stateFields: [Field] { [Field(isMax ? "max" : "min", resultType)] }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        try merge([input!], groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        starts.resize(groupCount)
        lengths.resize(groupCount)
        states[0].withBytes { offsets, data, validity in
            for i in 0..<groupIds.count where validity[i] {
                let group = Int(groupIds[i])
                let start = Int(offsets[i]), length = Int(offsets[i + 1]) - start
                let current = lengths[group]
                if current >= 0 {
                    let order = compareBytes(data + start, length, arena.base + starts[group], current)
                    if isMax ? order <= 0 : order >= 0 { continue }
                    liveBytes -= current
                }
                starts[group] = arena.count
                lengths[group] = length
                liveBytes += length
                arena.append(data + start, count: length)
            }
        }
        if arena.count > 1 << 20 && arena.count > 4 * liveBytes { compact(groupCount) }
    }

    /// Rebuilds the arena with only the live values.
    private func compact(_ groupCount: Int) {
        var fresh = GrowableBuffer<UInt8>(capacity: Swift.max(liveBytes, 4096))
        for group in 0..<groupCount where lengths[group] >= 0 {
            let start = starts[group]
            starts[group] = fresh.count
            fresh.append(arena.base + start, count: lengths[group])
        }
        arena = fresh
    }

    func states(groupCount: Int) throws -> [Column] { [try evaluate(groupCount: groupCount)] }

    func evaluate(groupCount: Int) throws -> Column {
        starts.resize(groupCount)
        lengths.resize(groupCount)
        var builder = ColumnBuilder(type: resultType, capacity: groupCount)
        for group in 0..<groupCount {
            let length = lengths[group]
            if length < 0 { builder.appendNull() } else { builder.appendBytes(UnsafeRawBufferPointer(start: arena.base + starts[group], count: length)) }
        }
        return builder.finish()
    }
}
