import Foundation

/// Distinct byte strings numbered in the order they were first inserted: the keys back to back in
/// one arena with their offsets, and an open-addressing index of (hash, number). The engine's one
/// byte-key hash table: group tables over string keys and over encoded key rows, and the Parquet
/// writer's dictionaries, use it. A value of plain fields: loops copy it into a local, work on the
/// copy and write it back, so that no key pays a class property's exclusivity check.
package struct ByteKeyTable {
    private struct Slot: HashSlot {
        var hash: UInt64
        var group: Int32
        static var empty: Slot { Slot(hash: 0, group: -1) }
    }

    private var slots: OpenAddressingSlots<Slot>
    /// The keys, back to back.
    package private(set) var arena = GrowableBuffer<UInt8>(capacity: 4096)
    /// Key `i` is `arena[offsets[i] ..< offsets[i + 1]]`.
    package private(set) var offsets = GrowableBuffer<Int>()

    /// An empty table with room for `capacity` keys before it grows.
    package init(capacity: Int = 1024) {
        slots = OpenAddressingSlots(capacity: capacity)
        offsets.append(0)
    }

    /// The number of entries.
    package var count: Int { offsets.count - 1 }

    /// Bytes held.
    package var memoryBytes: Int { slots.byteSize + arena.capacity + offsets.capacity * 8 }

    /// Entry `index`'s bytes (valid until the table next grows).
    package func key(_ index: Int) -> UnsafeBufferPointer<UInt8> { arena.elements(offsets[index]..<offsets[index + 1]) }

    /// The number of `key`, -1 when absent.
    @inline(__always)
    package func find(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        let hash = Hashing.hashBytes(key, length)
        var slot = Int(truncatingIfNeeded: hash) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 { return -1 }
            if entry.hash == hash {
                let start = offsets[Int(entry.group)], storedLength = offsets[Int(entry.group) + 1] - start
                if storedLength == length && memcmp(arena.base + start, key, length) == 0 { return entry.group }
            }
            slot = (slot + 1) & slots.mask
        }
    }

    /// The number of `key`, inserting it as the next number when new.
    @inline(__always)
    package mutating func findOrInsert(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        let hash = Hashing.hashBytes(key, length)
        var slot = Int(truncatingIfNeeded: hash) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 { break }
            if entry.hash == hash {
                let start = offsets[Int(entry.group)], storedLength = offsets[Int(entry.group) + 1] - start
                if storedLength == length && memcmp(arena.base + start, key, length) == 0 { return entry.group }
            }
            slot = (slot + 1) & slots.mask
        }
        let number = Int32(count)
        slots.base[slot] = Slot(hash: hash, group: number)
        arena.append(key, count: length)
        offsets.append(arena.count)
        slots.growIfNeeded(count: count)
        return number
    }

    /// The number of `key`, inserting it when new (an empty key may have no address).
    package mutating func findOrInsert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        // Zero bytes are never read: any address stands in for a missing one.
        findOrInsert(key.baseAddress ?? UnsafePointer(arena.base), key.count)
    }

    /// Adds an entry with no bytes that no key finds (a null group), returning its number.
    package mutating func appendUnfindable() -> Int32 {
        offsets.append(arena.count)
        return Int32(count - 1)
    }

    /// Drops the entries from `newCount` on, re-indexing the rest (which must all be findable).
    package mutating func truncate(to newCount: Int) {
        guard newCount < count else { return }
        arena.truncate(to: offsets[newCount])
        offsets.truncate(to: newCount + 1)
        slots.clear()
        for index in 0..<newCount {
            let start = offsets[index]
            slots.insert(Slot(hash: Hashing.hashBytes(arena.base + start, offsets[index + 1] - start), group: Int32(index)))
        }
    }
}
