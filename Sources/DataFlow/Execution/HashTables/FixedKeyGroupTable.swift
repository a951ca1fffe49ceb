/// A group table for one fixed-width key of at most 8 bytes (integers, dates, timestamps, doubles,
/// small decimals). Keys are compared as normalized 64-bit patterns stored inline in the slots, so
/// a probe touches one cache line. Null keys form their own group.
final class FixedKeyGroupTable: GroupTable {
    private struct Slot: HashSlot {
        var key: UInt64
        var group: Int32
        var hash: UInt64 { Hashing.mix(key) }
        static var empty: Slot { Slot(key: 0, group: -1) }
    }

    let type: DataType
    private var slots: OpenAddressingSlots<Slot>
    private var keys = RawVector<UInt64>()
    private var nullGroup: Int32 = -1
    private(set) var groupCount = 0

    static func supports(_ type: DataType) -> Bool {
        switch type.physical {
        case .int32, .int64, .float64: return true
        default: return false
        }
    }

    init(type: DataType, capacity: Int = 1024) {
        self.type = type
        slots = OpenAddressingSlots(capacity: capacity)
    }

    deinit {
        slots.free()
        keys.free()
    }

    var memoryBytes: Int { slots.byteSize + keys.capacity * 8 }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) { assign(columns, &groupIds, insert: true) }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch _: inout EncodedKeyRows) {
        assign(columns, &groupIds, insert: false)
    }

    private func assign(_ columns: [Column], _ groupIds: inout [Int32], insert: Bool) {
        let column = columns[0]
        let count = column.count
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        groupIds.withUnsafeMutableBufferPointer { out in
            switch type.physical {
            case .int32:
                column.withValues(Int32.self) { values, validity in
                    insertAll(count, validity, out, insert) { UInt64(bitPattern: Int64(values[$0])) }
                }
            case .int64:
                column.withValues(Int64.self) { values, validity in
                    insertAll(count, validity, out, insert) { UInt64(bitPattern: values[$0]) }
                }
            default:
                column.withValues(Double.self) { values, validity in
                    insertAll(count, validity, out, insert) { Hashing.normalizedBits(values[$0]) }
                }
            }
        }
    }

    @inline(__always)
    private func insertAll(_ count: Int, _ validity: BitView, _ out: UnsafeMutableBufferPointer<Int32>, _ insert: Bool, _ key: (Int) -> UInt64) {
        if validity.isAllSet {
            for i in 0..<count { out[i] = lookup(key(i), insert: insert) }
        } else {
            for i in 0..<count { out[i] = validity[i] ? lookup(key(i), insert: insert) : (insert ? nullGroupId() : nullGroup) }
        }
    }

    private func nullGroupId() -> Int32 {
        if nullGroup < 0 {
            nullGroup = Int32(groupCount)
            keys.append(0)
            groupCount += 1
        }
        return nullGroup
    }

    @inline(__always)
    private func lookup(_ key: UInt64, insert: Bool) -> Int32 {
        var slot = Int(truncatingIfNeeded: Hashing.mix(key)) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 { break }
            if entry.key == key { return entry.group }
            slot = (slot + 1) & slots.mask
        }
        if !insert { return -1 }
        let group = Int32(groupCount)
        slots.base[slot] = Slot(key: key, group: group)
        keys.append(key)
        groupCount += 1
        slots.growIfNeeded(count: groupCount)
        return group
    }


    func keyColumns() -> [Column] {
        let count = groupCount
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
