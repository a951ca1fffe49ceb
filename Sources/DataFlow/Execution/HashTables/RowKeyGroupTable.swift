import Foundation

/// A group table for any key types (several columns, strings, booleans, wide decimals). Each row's
/// key is encoded column by column into bytes (a null flag, then the fixed-width value or a length
/// and the string bytes); keys compare by `memcmp` and hash with one pass over the encoding.
final class RowKeyGroupTable: GroupTable {
    private struct Slot: HashSlot {
        var hash: UInt64
        var group: Int32
        static var empty: Slot { Slot(hash: 0, group: -1) }
    }

    let types: [DataType]
    private var slots: OpenAddressingSlots<Slot>
    private var arena = GrowableBuffer<UInt8>(capacity: 4096)
    private var keyOffsets = GrowableBuffer<Int>()
    /// The encoded rows of the batch being inserted (`find` encodes into its caller's scratch).
    private var insertScratch = EncodedKeyRows()
    private(set) var groupCount = 0

    init(types: [DataType], capacity: Int = 1024) {
        self.types = types
        slots = OpenAddressingSlots(capacity: capacity)
        keyOffsets.append(0)
    }

    deinit {
        slots.free()
    }

    var memoryBytes: Int { slots.byteSize + arena.capacity + keyOffsets.capacity * 8 }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) {
        assign(columns, &groupIds, rows: &insertScratch, insert: true)
    }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch: inout EncodedKeyRows) {
        assign(columns, &groupIds, rows: &scratch, insert: false)
    }

    private func assign(_ columns: [Column], _ groupIds: inout [Int32], rows: inout EncodedKeyRows, insert: Bool) {
        let count = columns.first?.count ?? 0
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        guard count > 0 else { return }
        RowEncoding.encode(columns, count: count, into: &rows)
        rows.bytes.withUnsafeBufferPointer { bytes in
            rows.offsets.withUnsafeBufferPointer { offsets in
                groupIds.withUnsafeMutableBufferPointer { out in
                    let base = bytes.baseAddress!
                    for i in 0..<count {
                        let start = offsets[i], length = offsets[i + 1] - start
                        out[i] = lookup(base + start, length, insert: insert)
                    }
                }
            }
        }
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
                let start = keyOffsets[group], storedLength = keyOffsets[group + 1] - start
                if storedLength == length && memcmp(arena.base + start, key, length) == 0 { return entry.group }
            }
            slot = (slot + 1) & slots.mask
        }
        if !insert { return -1 }
        let group = Int32(groupCount)
        slots.base[slot] = Slot(hash: hash, group: group)
        arena.append(key, count: length)
        keyOffsets.append(arena.count)
        groupCount += 1
        slots.growIfNeeded(count: groupCount)
        return group
    }

    func keyColumns() -> [Column] {
        RowEncoding.decode(arena.base, offsets: keyOffsets.base, count: groupCount, types: types)
    }
}
