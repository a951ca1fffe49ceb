/// A group table for one fixed-width key of at most 8 bytes (integers, dates, timestamps, doubles,
/// small decimals). Keys are compared as normalized 64-bit patterns stored inline in the slots, so
/// a probe touches one cache line. Null keys form their own group.
final class FixedKeyGroupTable: GroupTable {
    fileprivate struct Slot: HashSlot {
        var key: UInt64
        var group: Int32
        var hash: UInt64 { Hashing.mix(key) }
        static var empty: Slot { Slot(key: 0, group: -1) }
    }

    let type: DataType
    /// Everything that changes as keys are inserted. The loops work on a local copy (plain
    /// pointers and counts, so copying is free) and write it back, so that no row pays for the
    /// exclusive-access checks of a class's stored property.
    private var state: FixedKeyTableState

    var groupCount: Int { state.groupCount }

    static func supports(_ type: DataType) -> Bool {
        switch type.physical {
        case .int32, .int64, .float64: return true
        default: return false
        }
    }

    init(type: DataType, capacity: Int = 1024) {
        self.type = type
        state = FixedKeyTableState(slots: OpenAddressingSlots(capacity: capacity))
    }

    var memoryBytes: Int { state.slots.byteSize + state.keys.capacity * 8 }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) {
        var state = self.state
        defer { self.state = state }
        assign(columns, &groupIds) { key in state.findOrInsert(key) } null: { state.nullGroupId() }
    }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch _: inout EncodedKeyRows) {
        let state = self.state
        assign(columns, &groupIds) { key in state.find(key) } null: { state.nullGroup }
    }

    /// Writes the group of each row of the key column into `groupIds`: `group` for a present key
    /// (as normalized bits), `null` for a null one.
    @inline(__always)
    private func assign(_ columns: [Column], _ groupIds: inout [Int32], group: (UInt64) -> Int32, null: () -> Int32) {
        let column = columns[0]
        let count = column.count
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        groupIds.withUnsafeMutableBufferPointer { out in
            @inline(__always) func fill(_ validity: BitView, _ key: (Int) -> UInt64) {
                if validity.isAllSet {
                    for i in 0..<count { out[i] = group(key(i)) }
                } else {
                    for i in 0..<count { out[i] = validity[i] ? group(key(i)) : null() }
                }
            }
            switch type.physical {
            case .int32:
                column.withValues(Int32.self) { values, validity in fill(validity) { UInt64(bitPattern: Int64(values[$0])) } }
            case .int64:
                column.withValues(Int64.self) { values, validity in fill(validity) { UInt64(bitPattern: values[$0]) } }
            default:
                column.withValues(Double.self) { values, validity in fill(validity) { Hashing.normalizedBits(values[$0]) } }
            }
        }
    }

    func keyColumns() -> [Column] {
        let count = state.groupCount, nullGroup = state.nullGroup, keys = state.keys
        var validity: Buffer?
        if nullGroup >= 0 {
            let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
            buffer.pointer.initializeMemory(as: UInt8.self, repeating: 0xFF, count: Bitmap.byteCount(count))
            Bitmap.clear(buffer.typed(UInt8.self), Int(nullGroup))
            validity = buffer
        }
        let values: Buffer
        switch type.physical {
        case .int32:
            values = Buffer(capacity: count * 4)
            let out = values.typed(Int32.self)
            for i in 0..<count { out[i] = Int32(truncatingIfNeeded: Int64(bitPattern: keys[i])) }
        case .int64:
            values = Buffer(capacity: count * 8)
            let out = values.typed(Int64.self)
            for i in 0..<count { out[i] = Int64(bitPattern: keys[i]) }
        default:
            values = Buffer(capacity: count * 8)
            let out = values.typed(Double.self)
            for i in 0..<count { out[i] = Double(bitPattern: keys[i]) }
        }
        return [Column(type: type, count: count, values: values, validity: validity)]
    }
}

/// The slots, keys in group order and counts of a `FixedKeyGroupTable`.
private struct FixedKeyTableState {
    var slots: OpenAddressingSlots<FixedKeyGroupTable.Slot>
    var keys = GrowableBuffer<UInt64>()
    var nullGroup: Int32 = -1
    var groupCount = 0

    /// The slot holding `key`, or the empty slot where it would go, and the slot's group (-1: empty).
    @inline(__always)
    private func probe(_ key: UInt64) -> (slot: Int, group: Int32) {
        var slot = Int(truncatingIfNeeded: Hashing.mix(key)) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 || entry.key == key { return (slot, entry.group) }
            slot = (slot &+ 1) & slots.mask
        }
    }

    /// The group of `key`, or -1 when it was never inserted.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 { probe(key).group }

    /// The group of `key`, inserted as the next group when new.
    @inline(__always)
    mutating func findOrInsert(_ key: UInt64) -> Int32 {
        let (slot, found) = probe(key)
        if found >= 0 { return found }
        let group = Int32(truncatingIfNeeded: groupCount)
        slots.base[slot] = FixedKeyGroupTable.Slot(key: key, group: group)
        keys.append(key)
        groupCount &+= 1
        slots.growIfNeeded(count: groupCount)
        return group
    }

    /// The null key's group, inserted as the next group when new.
    mutating func nullGroupId() -> Int32 {
        if nullGroup < 0 {
            nullGroup = Int32(truncatingIfNeeded: groupCount)
            keys.append(0)
            groupCount &+= 1
        }
        return nullGroup
    }
}
