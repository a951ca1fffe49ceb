import Foundation

/// A group table for one string or binary key. Probes hash the column's bytes in place and compare
/// them with the stored keys, which live back to back in one arena, so the distinct keys come out
/// as a string column without decoding. Null keys form their own group.
final class BytesKeyGroupTable: GroupTable {
    private struct Slot: HashSlot {
        var hash: UInt64
        var group: Int32
        static var empty: Slot { Slot(hash: 0, group: -1) }
    }

    let type: DataType
    private var slots: OpenAddressingSlots<Slot>
    private var arena = GrowableBuffer<UInt8>(capacity: 4096)
    private var keyOffsets = GrowableBuffer<Int32>()
    private var nullGroup: Int32 = -1
    private(set) var groupCount = 0

    init(type: DataType, capacity: Int = 1024) {
        self.type = type
        slots = OpenAddressingSlots(capacity: capacity)
        keyOffsets.append(0)
    }

    deinit {
        slots.free()
    }

    var memoryBytes: Int { slots.byteSize + arena.capacity + keyOffsets.capacity * 4 }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) { assign(columns, &groupIds, insert: true) }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch _: inout EncodedKeyRows) {
        assign(columns, &groupIds, insert: false)
    }

    private func assign(_ columns: [Column], _ groupIds: inout [Int32], insert: Bool) {
        let column = columns[0]
        let count = column.count
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        groupIds.withUnsafeMutableBufferPointer { out in
            column.withBytes { offsets, data, validity in
                for i in 0..<count {
                    guard validity[i] else {
                        out[i] = insert ? nullGroupId() : nullGroup
                        continue
                    }
                    let start = Int(offsets[i])
                    out[i] = lookup(data + start, Int(offsets[i + 1]) - start, insert: insert)
                }
            }
        }
    }

    private func nullGroupId() -> Int32 {
        if nullGroup < 0 {
            nullGroup = Int32(groupCount)
            keyOffsets.append(Int32(arena.count))
            groupCount += 1
        }
        return nullGroup
    }

    @inline(__always)
    private func lookup(_ key: UnsafePointer<UInt8>, _ length: Int, insert: Bool) -> Int32 {
        let hash = Hashing.hashBytes(key, length)
        var slot = Int(truncatingIfNeeded: hash) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 { break }
            if entry.hash == hash {
                let group = Int(entry.group)
                let start = Int(keyOffsets[group]), storedLength = Int(keyOffsets[group + 1]) - start
                if storedLength == length && memcmp(arena.base + start, key, length) == 0 { return entry.group }
            }
            slot = (slot + 1) & slots.mask
        }
        if !insert { return -1 }
        let group = Int32(groupCount)
        slots.base[slot] = Slot(hash: hash, group: group)
        arena.append(key, count: length)
        keyOffsets.append(Int32(arena.count))
        groupCount += 1
        slots.growIfNeeded(count: groupCount)
        return group
    }

    func keyColumns() -> [Column] {
        let count = groupCount
        let offsets = Buffer(copying: UnsafeBufferPointer(start: keyOffsets.base, count: count + 1))
        let bytes = Buffer(copying: UnsafeBufferPointer(start: arena.base, count: arena.count))
        var validity: Buffer?
        if nullGroup >= 0 {
            let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
            buffer.pointer.initializeMemory(as: UInt8.self, repeating: 0xFF, count: Bitmap.byteCount(count))
            Bitmap.clear(buffer.typed(UInt8.self), Int(nullGroup))
            validity = buffer
        }
        return [Column(type: type, count: count, values: offsets, bytes: bytes, validity: validity)]
    }
}
